import { Language, Strings } from '../../app/i18n';

export const PASSPORT_STRINGS: Strings<
  | 'loading'
  | 'failed'
  | 'denied'
  | 'deniedHint'
  | 'synthetic'
  | 'syntheticHint'
  | 'fromPlan'
  | 'source'
  | 'sourceLine'
  | 'projectId'
  | 'network'
  | 'category'
  | 'regions'
  | 'responsibleUnit'
  | 'leadDepartment'
  | 'nature'
  | 'status'
  | 'tags'
  | 'maturity'
  | 'period'
  | 'startedOn'
  | 'completedOn'
  | 'approval'
  | 'version'
  | 'planned'
  | 'approved'
  | 'disbursed'
  | 'disbursedOf'
  | 'reported'
  | 'progress'
  | 'wan'
  | 'yuanExact'
  | 'plan'
  | 'field'
  | 'baseline'
  | 'current'
  | 'plannedTotal'
  | 'approvedInvestment'
  | 'plannedStart'
  | 'plannedEnd'
  | 'funding'
  | 'fundingSource'
  | 'baselineYuan'
  | 'currentYuan'
  | 'disbursedYuan'
  | 'annual'
  | 'year'
  | 'reportedYuan'
  | 'adjustments'
  | 'adjustedOn'
  | 'reason'
  | 'changed'
  | 'before'
  | 'after'
  | 'disbursements'
  | 'disbursementId'
  | 'amountYuan'
  | 'paidOn'
  | 'payee'
  | 'disbursementsSum'
  | 'sumMismatch'
  | 'milestones'
  | 'milestone'
  | 'plannedOn'
  | 'metOn'
  | 'reports'
  | 'reportsCount'
  | 'month'
  | 'inMonthYuan'
  | 'cumulativeYuan'
  | 'percent'
  | 'progressWords'
  | 'problems'
  | 'submittedBy'
  | 'dueOn'
  | 'submittedOn'
  | 'late'
  | 'lateYes'
  | 'lateNo'
  | 'corrections'
  | 'correctedTimes'
  | 'earlier'
  | 'earlierRestated'
  | 'earlierAuditors'
  | 'flags'
  | 'severity'
  | 'rule'
  | 'flagStatus'
  | 'raisedOn'
  | 'figures'
  | 'cited'
  | 'onBoard'
  | 'timeline'
  | 'timelineHint'
  | 'position'
  | 'eventType'
  | 'service'
  | 'actor'
  | 'recordedAt'
  | 'validAt'
  | 'stream'
  | 'more'
  | 'auditorsOnly'
  | 'chain'
  | 'chainChecking'
  | 'chainIntact'
  | 'chainBroken'
  | 'chainForbidden'
  | 'chainError'
  | 'chainHow'
  | 'asOfPlanNote'
  | 'asOfHistoryNote'
  | 'afterAsOf'
  | 'asOfReports'
  | 'none'
  | 'live'
> = {
  zh: {
    loading: '正在读取项目档案…',
    failed: '读取失败',
    denied: '不在你的查看范围内，或没有这个项目',
    deniedHint: '账本按角色和地区授权：这个项目没有向你的令牌开放。',
    synthetic: '合成数据',
    syntheticHint: '生成的演示或压测数据，不是真实项目',
    fromPlan: '规划文件列名项目',
    source: '出处',
    sourceLine: '出处：{document} 第 {line} 行：“{quote}”',
    projectId: '项目编号',
    network: '网络',
    category: '类别',
    regions: '地区',
    responsibleUnit: '项目单位',
    leadDepartment: '牵头部门',
    nature: '建设性质',
    status: '状态',
    tags: '新基建标签',
    maturity: '成熟度',
    period: '建设期',
    startedOn: '开工',
    completedOn: '建成',
    approval: '审批',
    version: '流版本',
    planned: '计划总投资',
    approved: '批复投资',
    disbursed: '已拨付',
    disbursedOf: '占批复 {p}',
    reported: '累计完成投资（最新调度）',
    progress: '形象进度',
    wan: '万元',
    yuanExact: '精确值 {v} 元',
    plan: '计划：基线与现行',
    field: '项目',
    baseline: '基线（首次提出）',
    current: '现行计划',
    plannedTotal: '计划总投资（元）',
    approvedInvestment: '批复投资（元）',
    plannedStart: '计划开工',
    plannedEnd: '计划完工',
    funding: '资金来源',
    fundingSource: '来源',
    baselineYuan: '基线（元）',
    currentYuan: '现行（元）',
    disbursedYuan: '已拨付（元）',
    annual: '年度投资计划',
    year: '年度',
    reportedYuan: '调度完成（元）',
    adjustments: '计划调整',
    adjustedOn: '调整日期',
    reason: '原因',
    changed: '调整内容',
    before: '调整前',
    after: '调整后',
    disbursements: '资金拨付',
    disbursementId: '拨付编号',
    amountYuan: '金额（元）',
    paidOn: '拨付日期',
    payee: '收款单位',
    disbursementsSum: '合计 {n} 笔，{sum} 元',
    sumMismatch: '逐笔合计与账本的已拨付总额 {total} 元不一致',
    milestones: '里程碑',
    milestone: '节点',
    plannedOn: '计划日期',
    metOn: '完成日期',
    reports: '月度调度',
    reportsCount: '{n} 个月',
    month: '月份',
    inMonthYuan: '本月完成（元）',
    cumulativeYuan: '累计完成（元）',
    percent: '形象进度 %',
    progressWords: '形象进度',
    problems: '存在问题',
    submittedBy: '报送单位',
    dueOn: '应报日',
    submittedOn: '报送日',
    late: '迟报',
    lateYes: '迟报',
    lateNo: '按时',
    corrections: '更正',
    correctedTimes: '已更正 {n} 次',
    earlier: '更正前：本月 {month}，累计 {cumulative}（记载于 {at}）',
    earlierRestated: '累计数因 {period} 的更正重述：原为 {cumulative}（记载于 {at}）',
    earlierAuditors: '更正前的数字在账本历史中，只对审计角色开放',
    flags: '风险提示',
    severity: '等级',
    rule: '规则',
    flagStatus: '状态',
    raisedOn: '提出日',
    figures: '规则所见数字',
    cited: '所引事件',
    onBoard: '在风险看板中查看',
    timeline: '项目时间线',
    timelineHint: '规划、调度、评估三个服务记载的这个项目的全部事件，按账本顺序',
    position: '位置',
    eventType: '事件类型',
    service: '服务',
    actor: '操作人',
    recordedAt: '记载时间',
    validAt: '所述时间',
    stream: '流 @ 版本',
    more: '加载更多',
    auditorsOnly: '账本历史只对审计角色开放',
    chain: '哈希链核验',
    chainChecking: '正在浏览器中核验哈希链…',
    chainIntact:
      '链完整：共 {n} 个事件（规划 {planning}、月度调度 {reports}、风险提示 {flags}），均在本浏览器中重算核验',
    chainBroken: '链断开：流 {stream} 版本 {version}：{reason}',
    chainForbidden: '哈希链核验需要读取账本历史，只对审计角色开放',
    chainError: '无法核验哈希链',
    chainHow:
      '按 HASH-CHAIN.md 重算：内容哈希为 JCS 规范化内容的 SHA-256，链接哈希覆盖内容哈希、上一事件哈希、记载时间和版本',
    asOfPlanNote:
      '规划服务没有项目的按时点查询：项目信息、计划、拨付、里程碑和调整显示的是当前账本；日期晚于所选时点的行已标出。月度调度和风险提示按所选时点重建。',
    asOfHistoryNote: '账本历史不随时点变化；记载晚于所选时点的事件已标出。',
    afterAsOf: '晚于所选时点',
    asOfReports: '按所选时点（dispatchReportsAsOf / riskFlagsAsOf）',
    none: '—',
    live: '实时更新',
  },
  en: {
    loading: 'Loading the project passport…',
    failed: 'Could not load',
    denied: 'Not in your scope, or no such project',
    deniedHint: 'The ledger authorises by role and region: this project is not open to your token.',
    synthetic: 'SYNTHETIC',
    syntheticHint: 'Generated demonstration or benchmark data, not a real project',
    fromPlan: 'Named in the plan document',
    source: 'Source',
    sourceLine: 'Source: {document}, line {line}: “{quote}”',
    projectId: 'Project id',
    network: 'Network',
    category: 'Category',
    regions: 'Regions',
    responsibleUnit: 'Responsible unit',
    leadDepartment: 'Lead department',
    nature: 'Construction',
    status: 'Status',
    tags: 'New-infrastructure tags',
    maturity: 'Maturity',
    period: 'Period',
    startedOn: 'Started',
    completedOn: 'Completed',
    approval: 'Approval',
    version: 'Stream version',
    planned: 'Planned investment',
    approved: 'Approved investment',
    disbursed: 'Disbursed',
    disbursedOf: '{p} of the approval',
    reported: 'Investment completed (latest report)',
    progress: 'Physical progress',
    wan: '10k yuan (万元)',
    yuanExact: 'exactly {v} yuan',
    plan: 'Plan: baseline and current',
    field: 'Item',
    baseline: 'Baseline (as first proposed)',
    current: 'Current plan',
    plannedTotal: 'Planned investment (yuan)',
    approvedInvestment: 'Approved investment (yuan)',
    plannedStart: 'Planned start',
    plannedEnd: 'Planned end',
    funding: 'Funding lines',
    fundingSource: 'Source',
    baselineYuan: 'Baseline (yuan)',
    currentYuan: 'Current (yuan)',
    disbursedYuan: 'Disbursed (yuan)',
    annual: 'Annual investment plan',
    year: 'Year',
    reportedYuan: 'Reported (yuan)',
    adjustments: 'Plan adjustments',
    adjustedOn: 'Adjusted on',
    reason: 'Reason',
    changed: 'Changed',
    before: 'Before',
    after: 'After',
    disbursements: 'Disbursements',
    disbursementId: 'Payment',
    amountYuan: 'Amount (yuan)',
    paidOn: 'Paid on',
    payee: 'Payee',
    disbursementsSum: '{n} payments, {sum} yuan',
    sumMismatch: 'The payments add up to other than the ledger’s disbursed total of {total} yuan',
    milestones: 'Milestones',
    milestone: 'Milestone',
    plannedOn: 'Planned',
    metOn: 'Met',
    reports: 'Monthly dispatch reports',
    reportsCount: '{n} months',
    month: 'Month',
    inMonthYuan: 'In the month (yuan)',
    cumulativeYuan: 'Cumulative (yuan)',
    percent: 'Progress %',
    progressWords: 'Progress',
    problems: 'Problems',
    submittedBy: 'Submitted by',
    dueOn: 'Due',
    submittedOn: 'Submitted',
    late: 'Late',
    lateYes: 'late',
    lateNo: 'on time',
    corrections: 'Corrections',
    correctedTimes: 'corrected {n}×',
    earlier: 'before: {month} in the month, {cumulative} cumulative (recorded {at})',
    earlierRestated:
      'cumulative restated after the correction of {period}: was {cumulative} (recorded {at})',
    earlierAuditors: 'The earlier figures are in the ledger’s history, open to auditors only',
    flags: 'Risk flags',
    severity: 'Severity',
    rule: 'Rule',
    flagStatus: 'Status',
    raisedOn: 'Raised',
    figures: 'Figures the rule found',
    cited: 'Events cited',
    onBoard: 'See on the risk board',
    timeline: 'Project timeline',
    timelineHint:
      'Every event planning, reporting and assessment recorded about it, in ledger order',
    position: 'Position',
    eventType: 'Event type',
    service: 'Service',
    actor: 'Actor',
    recordedAt: 'Recorded at',
    validAt: 'Valid at',
    stream: 'Stream @ version',
    more: 'Load more',
    auditorsOnly: 'The ledger’s history is open to the auditor role only',
    chain: 'Hash chain',
    chainChecking: 'Checking the hash chain in this browser…',
    chainIntact:
      'Chain intact: {n} events (planning {planning}, reports {reports}, risk flags {flags}), each recomputed in this browser',
    chainBroken: 'Chain broken: stream {stream}, version {version}: {reason}',
    chainForbidden: 'Checking the chain reads the ledger’s history, open to the auditor role only',
    chainError: 'Could not check the hash chain',
    chainHow:
      'Recomputed as HASH-CHAIN.md says: SHA-256 of the JCS-canonical content, then a link over that, the previous hash, the recorded time and the version',
    asOfPlanNote:
      'Planning has no as-of query for a project: its details, plan, disbursements, milestones and adjustments are today’s; rows dated after the chosen time are marked. Reports and flags are rebuilt for the chosen time.',
    asOfHistoryNote:
      'The history does not change with the as-of choice; events recorded after it are marked.',
    afterAsOf: 'after the chosen time',
    asOfReports: 'as of the chosen time (dispatchReportsAsOf / riskFlagsAsOf)',
    none: '—',
    live: 'live',
  },
};

/** Codes of the API's enums, named for readers. */
export const CODE_NAMES: Record<Language, Record<string, string>> = {
  zh: {
    proposed: '已提出',
    approved: '已审批',
    under_construction: '在建',
    suspended: '暂停',
    completed: '已建成',
    cancelled: '已取消',
    new_build: '新建',
    expansion: '扩建',
    reconstruction: '改建',
    continuing: '续建',
    central_budget: '中央预算内资金',
    provincial_budget: '省级财政资金',
    city_county_self_raised: '市县自筹',
    special_bonds: '专项债券',
    ppp: 'PPP',
    bank_credit: '银行贷款',
    industrial_funds: '产业基金',
    private_capital: '社会资本',
    equity_listing: '股权融资',
    feasibility_study: '可行性研究',
    approval: '审批',
    land_use: '用地',
    financial_close: '融资落实',
    commencement: '开工',
    completion: '完工',
    commissioning: '投产',
    handover: '移交',
    planning: '规划',
    reporting: '调度',
    assessment: '评估',
    plannedTotalInvestment: '计划总投资',
    approvedInvestment: '批复投资',
    plannedStart: '计划开工',
    plannedEnd: '计划完工',
    fundingPlan: '资金来源',
    annualInvestmentPlan: '年度投资计划',
    open: '未解除',
    resolved: '已解除',
  },
  en: {
    proposed: 'proposed',
    approved: 'approved',
    under_construction: 'under construction',
    suspended: 'suspended',
    completed: 'completed',
    cancelled: 'cancelled',
    new_build: 'new build',
    expansion: 'expansion',
    reconstruction: 'reconstruction',
    continuing: 'continuing',
    central_budget: 'central budget',
    provincial_budget: 'provincial budget',
    city_county_self_raised: 'city/county self-raised',
    special_bonds: 'special bonds',
    ppp: 'PPP',
    bank_credit: 'bank credit',
    industrial_funds: 'industrial funds',
    private_capital: 'private capital',
    equity_listing: 'equity listing',
    feasibility_study: 'feasibility study',
    approval: 'approval',
    land_use: 'land use',
    financial_close: 'financial close',
    commencement: 'commencement',
    completion: 'completion',
    commissioning: 'commissioning',
    handover: 'handover',
    planning: 'planning',
    reporting: 'reporting',
    assessment: 'assessment',
    plannedTotalInvestment: 'planned investment',
    approvedInvestment: 'approved investment',
    plannedStart: 'planned start',
    plannedEnd: 'planned end',
    fundingPlan: 'funding lines',
    annualInvestmentPlan: 'annual plan',
    open: 'open',
    resolved: 'resolved',
  },
};
