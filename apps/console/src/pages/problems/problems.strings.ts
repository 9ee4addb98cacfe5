import { Strings } from '../../app/i18n';

export const PROBLEMS_STRINGS: Strings<
  | 'heading'
  | 'byUnit'
  | 'register'
  | 'unit'
  | 'open'
  | 'oldestOpenDays'
  | 'overdueAnswers'
  | 'problem'
  | 'project'
  | 'kind'
  | 'description'
  | 'raisedBy'
  | 'raisedOn'
  | 'status'
  | 'escalatedTo'
  | 'department'
  | 'dueOn'
  | 'answer'
  | 'answeredOn'
  | 'resolution'
  | 'daysOpen'
  | 'overdue'
  | 'yes'
  | 'no'
  | 'all'
  | 'onlyOverdue'
  | 'asOf'
  | 'passportHeading'
  | 'events'
> = {
  zh: {
    heading: '要素保障问题台账',
    byUnit: '各单位未办结问题',
    register: '问题清单',
    unit: '单位',
    open: '未办结',
    oldestOpenDays: '最久未办结（天）',
    overdueAnswers: '逾期未答复',
    problem: '问题编号',
    project: '项目',
    kind: '类型',
    description: '问题描述',
    raisedBy: '提出单位',
    raisedOn: '提出日期',
    status: '状态',
    escalatedTo: '提交至',
    department: '承办部门',
    dueOn: '答复期限',
    answer: '答复',
    answeredOn: '答复日期',
    resolution: '办结情况',
    daysOpen: '已历时（天）',
    overdue: '逾期',
    yes: '是',
    no: '否',
    all: '全部',
    onlyOverdue: '仅看逾期',
    asOf: '截至日期',
    passportHeading: '要素保障问题',
    events: '事件',
  },
  en: {
    heading: 'Problem register (safeguards)',
    byUnit: 'Open problems per unit',
    register: 'Problems',
    unit: 'Unit',
    open: 'Open',
    oldestOpenDays: 'Oldest open (days)',
    overdueAnswers: 'Answers overdue',
    problem: 'Problem',
    project: 'Project',
    kind: 'Kind',
    description: 'Description',
    raisedBy: 'Raised by',
    raisedOn: 'Raised on',
    status: 'Status',
    escalatedTo: 'Escalated to',
    department: 'Assigned to',
    dueOn: 'Due on',
    answer: 'Answer',
    answeredOn: 'Answered on',
    resolution: 'Resolution',
    daysOpen: 'Days open',
    overdue: 'Overdue',
    yes: 'yes',
    no: 'no',
    all: 'All',
    onlyOverdue: 'Overdue only',
    asOf: 'As of',
    passportHeading: 'Problems holding it back',
    events: 'Events',
  },
};

/** The register's codes (libs/contracts problem.events), named for readers. */
export const PROBLEM_CODE_NAMES: Record<'zh' | 'en', Record<string, string>> = {
  zh: {
    land: '用地',
    'forest-land': '林地',
    funds: '资金',
    approvals: '审批',
    energy: '能源',
    labour: '用工',
    other: '其他',
    'joint-meeting': '联席会议',
    'leading-group': '领导小组',
    RAISED: '已提出',
    ESCALATED: '已提交',
    ASSIGNED: '已交办',
    ANSWERED: '已答复',
    CLOSED: '已办结',
  },
  en: {
    land: 'Land',
    'forest-land': 'Forest land',
    funds: 'Funds',
    approvals: 'Approvals',
    energy: 'Energy',
    labour: 'Labour',
    other: 'Other',
    'joint-meeting': 'Joint meeting',
    'leading-group': 'Leading group',
    RAISED: 'Raised',
    ESCALATED: 'Escalated',
    ASSIGNED: 'Assigned',
    ANSWERED: 'Answered',
    CLOSED: 'Closed',
  },
};
