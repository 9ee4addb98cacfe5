import { Strings } from '../../app/i18n';

export const DEADLINES_STRINGS: Strings<
  | 'heading'
  | 'kind'
  | 'allKinds'
  | 'weekly-dispatch'
  | 'quarterly-consultation'
  | 'annual-summary'
  | 'asOf'
  | 'today'
  | 'from'
  | 'status'
  | 'allStatuses'
  | 'due'
  | 'submitted'
  | 'late'
  | 'overdue'
  | 'network'
  | 'period'
  | 'dueOn'
  | 'submittedOn'
  | 'overdueRecordedOn'
  | 'total'
  | 'source'
  | 'byNetwork'
  | 'periods'
  | 'rule'
  | 'none'
> = {
  zh: {
    heading: '报送节奏与期限',
    kind: '报送类型',
    allKinds: '全部类型',
    'weekly-dispatch': '周调度',
    'quarterly-consultation': '季协商',
    'annual-summary': '年度总结',
    asOf: '截至',
    today: '今天',
    from: '自',
    status: '状态',
    allStatuses: '全部状态',
    due: '待报',
    submitted: '按时报送',
    late: '逾期补报',
    overdue: '逾期未报',
    network: '专项网络',
    period: '期间',
    dueOn: '截止日',
    submittedOn: '报送日',
    overdueRecordedOn: '记为逾期',
    total: '应报期数',
    source: '方案依据',
    byNetwork: '按网络和类型汇总',
    periods: '各期明细',
    rule: '截止日按国务院办公厅公布的节假日安排计算工作日（调休上班日计入）：周调度为周结束后第1个工作日，季协商为季度结束后第10个工作日，年度总结为年度结束后第20个工作日；月调度见各项目的月报。',
    none: '这一范围内没有应报的期间。',
  },
  en: {
    heading: 'Reporting rhythms and deadlines',
    kind: 'Kind',
    allKinds: 'All kinds',
    'weekly-dispatch': 'Weekly dispatch',
    'quarterly-consultation': 'Quarterly consultation',
    'annual-summary': 'Annual summary',
    asOf: 'As of',
    today: 'Today',
    from: 'From',
    status: 'Status',
    allStatuses: 'All statuses',
    due: 'Due',
    submitted: 'Submitted',
    late: 'Late',
    overdue: 'Overdue',
    network: 'Network',
    period: 'Period',
    dueOn: 'Due on',
    submittedOn: 'Submitted on',
    overdueRecordedOn: 'Recorded overdue',
    total: 'Periods owed',
    source: 'Plan reference',
    byNetwork: 'By network and kind',
    periods: 'Periods',
    rule: 'Due dates count PRC working days as the State Council General Office sets them (exchanged weekend workdays count): weekly dispatch the 1st working day after the week, quarterly consultation the 10th after the quarter, annual summary the 20th after the year; the monthly dispatch is on each project’s reports.',
    none: 'Nothing owed in this range.',
  },
};
