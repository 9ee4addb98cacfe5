import { Language, Strings } from '../../app/i18n';

export const RISK_STRINGS: Strings<
  | 'title'
  | 'loading'
  | 'failed'
  | 'severity'
  | 'rule'
  | 'network'
  | 'region'
  | 'unit'
  | 'unitHint'
  | 'status'
  | 'period'
  | 'periodHint'
  | 'any'
  | 'clear'
  | 'apply'
  | 'subject'
  | 'regions'
  | 'responsible'
  | 'raisedOn'
  | 'updatedOn'
  | 'resolvedOn'
  | 'figures'
  | 'evidence'
  | 'open'
  | 'resolved'
  | 'flagsShown'
  | 'limitReached'
  | 'asOfNote'
  | 'passport'
  | 'evidenceTitle'
  | 'close'
  | 'figuresNow'
  | 'figuresRaised'
  | 'resolution'
  | 'history'
  | 'stepKind'
  | 'stepOn'
  | 'configVersion'
  | 'citedEvents'
  | 'citedHint'
  | 'eventType'
  | 'stream'
  | 'recordedAt'
  | 'validAt'
  | 'actor'
  | 'data'
  | 'notFound'
  | 'eventsForbidden'
  | 'searching'
  | 'searchedGroup'
  | 'stepRaised'
  | 'stepUpdated'
  | 'stepResolved'
  | 'projectKind'
  | 'networkKind'
  | 'regionKind'
  | 'noSuchFlag'
  | 'synthetic'
  | 'citedBy'
  | 'byEvidence'
  | 'listSeparator'
> = {
  zh: {
    title: '风险看板',
    loading: '正在读取…',
    failed: '读取失败',
    severity: '等级',
    rule: '规则',
    network: '网络',
    region: '地区',
    unit: '单位',
    unitHint: '项目单位或牵头部门',
    status: '状态',
    period: '提出期间',
    periodHint: '2021、2021-Q2 或 2021-06',
    any: '全部',
    clear: '清除筛选',
    apply: '筛选',
    subject: '对象',
    regions: '地区',
    responsible: '项目单位 / 牵头部门',
    raisedOn: '提出日',
    updatedOn: '最近变动',
    resolvedOn: '解除日',
    figures: '规则所见数字',
    evidence: '证据',
    open: '未解除',
    resolved: '已解除',
    flagsShown: '共 {n} 条风险提示',
    limitReached: '只显示前 {n} 条（接口上限）：请收窄筛选',
    asOfNote: '风险提示按所选时点重建（riskFlagsAsOf）',
    passport: '项目档案',
    evidenceTitle: '风险提示的证据',
    close: '关闭',
    figuresNow: '当前数字',
    figuresRaised: '提出时的数字',
    resolution: '解除时的数字',
    history: '变动经过',
    stepKind: '步骤',
    stepOn: '检查日',
    configVersion: '阈值版本',
    citedEvents: '所引事件（账本原文）',
    citedHint: '证据所引的事件，从审计接口读取，数据为存储原文',
    eventType: '事件类型',
    stream: '流 @ 版本',
    recordedAt: '记载时间',
    validAt: '所述时间',
    actor: '操作人',
    data: '数据',
    notFound: '在所查的流中没有找到：{ids}',
    eventsForbidden: '事件原文只对审计角色开放',
    searching: '正在查找所引事件…',
    searchedGroup: '在提示自身的流和规划事件日志中查找（日志最多 {n} 页）',
    stepRaised: '提出',
    stepUpdated: '变动',
    stepResolved: '解除',
    projectKind: '项目',
    networkKind: '网络',
    regionKind: '地区',
    noSuchFlag: '没有这条风险提示（可能不在当前筛选或时点内）',
    synthetic: '〔合成数据〕',
    citedBy: '所引于',
    byEvidence: '当前证据',
    listSeparator: '、',
  },
  en: {
    title: 'Risk board',
    loading: 'Loading…',
    failed: 'Could not load',
    severity: 'Severity',
    rule: 'Rule',
    network: 'Network',
    region: 'Region',
    unit: 'Unit',
    unitHint: 'responsible unit or lead department',
    status: 'Status',
    period: 'Raised in',
    periodHint: '2021, 2021-Q2 or 2021-06',
    any: 'Any',
    clear: 'Clear filters',
    apply: 'Filter',
    subject: 'Subject',
    regions: 'Regions',
    responsible: 'Responsible unit / lead department',
    raisedOn: 'Raised',
    updatedOn: 'Last moved',
    resolvedOn: 'Resolved',
    figures: 'Figures the rule found',
    evidence: 'Evidence',
    open: 'open',
    resolved: 'resolved',
    flagsShown: '{n} risk flags',
    limitReached: 'Showing the first {n} only (the API’s limit): narrow the filters',
    asOfNote: 'Flags rebuilt for the chosen past (riskFlagsAsOf)',
    passport: 'Project passport',
    evidenceTitle: 'Evidence of the flag',
    close: 'Close',
    figuresNow: 'Figures now',
    figuresRaised: 'Figures when raised',
    resolution: 'Figures at resolution',
    history: 'Its steps',
    stepKind: 'Step',
    stepOn: 'Checked on',
    configVersion: 'Thresholds version',
    citedEvents: 'Events cited (as stored in the ledger)',
    citedHint: 'The events the evidence cites, read from the audit API, data as stored',
    eventType: 'Event type',
    stream: 'Stream @ version',
    recordedAt: 'Recorded at',
    validAt: 'Valid at',
    actor: 'Actor',
    data: 'Data',
    notFound: 'Not found in the streams searched: {ids}',
    eventsForbidden: 'The events themselves are open to the auditor role only',
    searching: 'Looking up the cited events…',
    searchedGroup: 'Searched the flag’s own stream and the plan-event log (at most {n} pages)',
    stepRaised: 'raised',
    stepUpdated: 'updated',
    stepResolved: 'resolved',
    projectKind: 'Project',
    networkKind: 'Network',
    regionKind: 'Region',
    noSuchFlag: 'No such flag (it may lie outside the filters or the chosen time)',
    synthetic: '[SYNTHETIC]',
    citedBy: 'Cited by',
    byEvidence: 'current evidence',
    listSeparator: ', ',
  },
};

/** The rule ids of the published contract (libs/contracts RULE_IDS), named for readers. */
export const RULE_NAMES: Record<Language, Record<string, string>> = {
  zh: {
    'behind-schedule': '进度滞后',
    'cost-overrun': '投资超概算',
    stalled: '停滞',
    'not-started': '逾期未开工',
    'money-ahead-of-work': '资金快于形象进度',
    'reports-late': '调度迟报',
    'funding-gap': '资金到位不足',
    'debt-concentration': '债务资金集中',
    'problem-unanswered': '要素保障问题逾期未答复',
  },
  en: {
    'behind-schedule': 'Behind schedule',
    'cost-overrun': 'Cost overrun',
    stalled: 'Stalled',
    'not-started': 'Not started',
    'money-ahead-of-work': 'Money ahead of work',
    'reports-late': 'Reports late',
    'funding-gap': 'Funding gap',
    'debt-concentration': 'Debt concentration',
    'problem-unanswered': 'Problem unanswered past its due date',
  },
};

export const SEVERITY_NAMES: Record<Language, Record<string, string>> = {
  zh: { red: '红色', amber: '黄色' },
  en: { red: 'red', amber: 'amber' },
};

/** The evidence figures the rules write (apps/assessment risk-rules), named for readers. */
export const FIGURE_NAMES: Record<Language, Record<string, string>> = {
  zh: {
    plannedValue: '计划价值（元）',
    earnedValue: '挣值（元）',
    spiPercent: '进度绩效指数 %',
    gapToTimeElapsedPoints: '落后序时进度（百分点）',
    estimateAtCompletion: '完工估算（元）',
    approvedCurrent: '现批复投资（元）',
    approvedOriginal: '原批复投资（元）',
    overrunVsCurrentPercent: '超现批复 %',
    overrunVsOriginalPercent: '超原批复 %',
    monthsChecked: '检查的月份',
    months: '月数',
    plannedStart: '计划开工',
    monthsLate: '逾期月数',
    disbursedSharePercent: '拨付占比 %',
    physicalProgressPercent: '形象进度 %',
    gapPoints: '差距（百分点）',
    disbursementsBeforeAnyMilestone: '首个里程碑前的拨付笔数',
    overdueMonths: '迟报月份',
    count: '次数',
    fundsInPlacePercent: '资金到位率 %',
    debtSharePercent: '债务资金占比 %',
    debt: '债务资金（元）',
    funding: '资金计划合计（元）',
    projects: '项目数',
    problems: '逾期问题',
    departments: '承办部门',
    earliestDueOn: '最早答复期限',
    mostDaysOverdue: '最长逾期（天）',
    openProblems: '未办结的要素保障问题',
  },
  en: {
    plannedValue: 'Planned value (yuan)',
    earnedValue: 'Earned value (yuan)',
    spiPercent: 'Schedule performance %',
    gapToTimeElapsedPoints: 'Behind time elapsed (points)',
    estimateAtCompletion: 'Estimate at completion (yuan)',
    approvedCurrent: 'Approved now (yuan)',
    approvedOriginal: 'Approved first (yuan)',
    overrunVsCurrentPercent: 'Over current approval %',
    overrunVsOriginalPercent: 'Over first approval %',
    monthsChecked: 'Months checked',
    months: 'Months',
    plannedStart: 'Planned start',
    monthsLate: 'Months late',
    disbursedSharePercent: 'Disbursed share %',
    physicalProgressPercent: 'Physical progress %',
    gapPoints: 'Gap (points)',
    disbursementsBeforeAnyMilestone: 'Payments before any milestone',
    overdueMonths: 'Months overdue',
    count: 'Count',
    fundsInPlacePercent: 'Funds in place %',
    debtSharePercent: 'Debt share %',
    debt: 'Debt funding (yuan)',
    funding: 'All funding (yuan)',
    projects: 'Projects',
    problems: 'Overdue problems',
    departments: 'Assigned to',
    earliestDueOn: 'Earliest due date',
    mostDaysOverdue: 'Most days overdue',
    openProblems: 'Open problems behind it',
  },
};

/** A name from one of the tables above, or the code itself when the table lacks it. */
export function nameIn(
  table: Record<Language, Record<string, string>>,
  language: Language,
  code: string,
): string {
  return table[language][code] ?? code;
}
