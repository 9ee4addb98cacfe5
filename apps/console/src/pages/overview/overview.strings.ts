import { Strings } from '../../app/i18n';

export const OVERVIEW_STRINGS: Strings<
  | 'document'
  | 'totalInvestment'
  | 'totalProjects'
  | 'projectsUnit'
  | 'sourceLine'
  | 'selfDisagrees'
  | 'derived'
  | 'programmeNotAsOf'
  | 'networksHeading'
  | 'network'
  | 'annexTotal'
  | 'mainTextTotal'
  | 'documentProjects'
  | 'source'
  | 'annex'
  | 'mainText'
  | 'projects'
  | 'approvedProjects'
  | 'planned'
  | 'approved'
  | 'disbursed'
  | 'reported'
  | 'annualPlan'
  | 'completedInYear'
  | 'annualPlanPercent'
  | 'timeElapsedPercent'
  | 'overdue'
  | 'discrepancies'
  | 'total'
  | 'totalNote'
  | 'behind'
  | 'figuresDiffer'
  | 'ledgerHolds'
  | 'networkDiscrepancies'
  | 'summaryHeading'
  | 'summaryText'
  | 'projectsReporting'
  | 'reportsReceived'
  | 'reportsLate'
  | 'reportsOverdue'
  | 'investmentInMonth'
  | 'cumulativeReported'
  | 'seriesHeading'
  | 'month'
  | 'monthTotal'
  | 'cumulative'
  | 'reports'
  | 'chartNote'
  | 'seriesCaption'
  | 'noLine'
  | 'severity'
  | 'label'
  | 'value'
  | 'line'
  | 'quote'
  | 'figures'
  | 'withUnit'
> = {
  zh: {
    document: '{number}，{issuedOn} 印发，{start}—{end} 年',
    totalInvestment: '计划总投资',
    totalProjects: '计划实施项目',
    projectsUnit: '个',
    sourceLine: '文件第 {line} 行：“{quote}”',
    selfDisagrees: '文件自身不一致，两个数字都保留：',
    derived: '（推算）',
    programmeNotAsOf:
      '计划文件的数字（总投资、项目数、各网络、文件不一致之处）在 API 中没有时点查询，这里显示的是账本现在的内容；其余进度数字按所选时点。',
    networksHeading: '各网络投资进度（截至 {month}）',
    network: '网络',
    annexTotal: '文件总投资（附件，亿元）',
    mainTextTotal: '正文总投资（亿元）',
    documentProjects: '文件项目数',
    source: '出处',
    annex: '附件第 {line} 行',
    mainText: '正文第 {line} 行',
    projects: '入库项目',
    approvedProjects: '已审批项目',
    planned: '计划总投资（{unit}）',
    approved: '审批投资（{unit}）',
    disbursed: '已拨付（{unit}）',
    reported: '累计完成投资（{unit}）',
    annualPlan: '{year} 年度计划（{unit}）',
    completedInYear: '本年完成（{unit}）',
    annualPlanPercent: '年度计划完成率',
    timeElapsedPercent: '序时进度',
    overdue: '月报逾期项目',
    discrepancies: '文件不一致处',
    total: '合计',
    totalNote:
      '“合计”行由本页把各网络加总；其年度计划完成率按合计金额计算（四舍五入到两位），各网络的百分比是 API 给出的。',
    behind: '低于序时进度',
    figuresDiffer: '附件与正文数字不同',
    ledgerHolds: '账本项目库现有 {projects} 个项目，计划总投资 {planned} {unit}（按所选时点）。',
    networkDiscrepancies: '文件中各网络的不一致之处（{count} 处）',
    summaryHeading: '月度调度汇总（{month}）',
    summaryText:
      '{month}，“761”工程应报送月报的项目 {projects} 个，收到月报 {received} 份（其中迟报 {late} 份），逾期未报 {overdue} 份；当月完成投资 {investment} {unit}，报告累计完成投资 {cumulative} {unit}。',
    projectsReporting: '应报项目',
    reportsReceived: '收到月报',
    reportsLate: '其中迟报',
    reportsOverdue: '逾期未报',
    investmentInMonth: '当月完成投资（{unit}）',
    cumulativeReported: '累计完成投资（{unit}）',
    seriesHeading: '逐月完成投资（{from} 至 {to}）',
    month: '月份',
    monthTotal: '当月合计（{unit}）',
    cumulative: '累计（{unit}）',
    reports: '月报数',
    chartNote: '图为示意（按亿元绘制）；准确数字见下表。',
    seriesCaption: '合计与累计由本页把各网络加总；各网络的累计是 API 的 runningTotal。',
    noLine: '—',
    severity: '类别',
    label: '数字',
    value: '值',
    line: '行',
    quote: '原文',
    figures: '逐项数字及出处（{count} 个）',
    withUnit: '{name}（{unit}）',
  },
  en: {
    document: '{number}, issued {issuedOn}, {start}–{end}',
    totalInvestment: 'Planned total investment',
    totalProjects: 'Projects to be carried out',
    projectsUnit: 'projects',
    sourceLine: 'Document line {line}: “{quote}”',
    selfDisagrees: 'The document disagrees with itself; both figures are kept:',
    derived: '(derived)',
    programmeNotAsOf:
      'The plan document’s figures (total investment, project count, networks, discrepancies) have no as-of query in the API: they are what the ledger holds now. The progress figures follow the chosen as-of.',
    networksHeading: 'Investment progress by network (through {month})',
    network: 'Network',
    annexTotal: 'Document total (annex, 亿元)',
    mainTextTotal: 'Main text total (亿元)',
    documentProjects: 'Document projects',
    source: 'Source',
    annex: 'annex line {line}',
    mainText: 'main text line {line}',
    projects: 'Projects in library',
    approvedProjects: 'Approved projects',
    planned: 'Planned total ({unit})',
    approved: 'Approved ({unit})',
    disbursed: 'Disbursed ({unit})',
    reported: 'Completed, reported ({unit})',
    annualPlan: '{year} annual plan ({unit})',
    completedInYear: 'Completed in year ({unit})',
    annualPlanPercent: 'Annual plan completed',
    timeElapsedPercent: 'Time elapsed (序时进度)',
    overdue: 'Projects with overdue reports',
    discrepancies: 'Document discrepancies',
    total: 'Total',
    totalNote:
      'The “Total” row is added up by this page; its annual-plan share is computed from the summed amounts (rounded to two places). Each network’s percentages are the API’s.',
    behind: 'behind time elapsed',
    figuresDiffer: 'annex and main text differ',
    ledgerHolds:
      'The ledger’s project library: {projects} projects, planned total {planned} {unit} (at the chosen as-of).',
    networkDiscrepancies: 'Where the document disagrees with itself, by network ({count})',
    summaryHeading: 'Monthly dispatch summary ({month})',
    summaryText:
      '{month}: {projects} projects of the 761 programme owe a monthly report; {received} reports came in ({late} of them late) and {overdue} are overdue. Investment completed in the month {investment} {unit}; cumulative completed as reported {cumulative} {unit}.',
    projectsReporting: 'Projects reporting',
    reportsReceived: 'Reports received',
    reportsLate: 'of which late',
    reportsOverdue: 'Overdue',
    investmentInMonth: 'Investment in month ({unit})',
    cumulativeReported: 'Cumulative reported ({unit})',
    seriesHeading: 'Investment completed month by month ({from} to {to})',
    month: 'Month',
    monthTotal: 'Month total ({unit})',
    cumulative: 'Cumulative ({unit})',
    reports: 'Reports',
    chartNote: 'The chart is drawn in 亿元 for shape only; the exact figures are in the table.',
    seriesCaption:
      'Month totals and the cumulative column are added up by this page; each network’s cumulative is the API’s runningTotal.',
    noLine: '—',
    severity: 'Kind',
    label: 'Figure',
    value: 'Value',
    line: 'Line',
    quote: 'Quote',
    figures: 'The figures and their lines ({count})',
    withUnit: '{name} ({unit})',
  },
};
