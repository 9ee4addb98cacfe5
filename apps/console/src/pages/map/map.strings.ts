import { Strings } from '../../app/i18n';

export const MAP_STRINGS: Strings<
  | 'heading'
  | 'schematic'
  | 'colourBy'
  | 'byProgress'
  | 'byFlags'
  | 'legend'
  | 'onPace'
  | 'slightlyBehind'
  | 'behind'
  | 'noPlan'
  | 'flagsNone'
  | 'flagsFew'
  | 'flagsSome'
  | 'flagsMany'
  | 'tileProgress'
  | 'tileNoPlan'
  | 'tileFlags'
  | 'toRisk'
  | 'unplaced'
  | 'tableHeading'
  | 'region'
  | 'projects'
  | 'planned'
  | 'reported'
  | 'annualPlan'
  | 'completedInYear'
  | 'annualPlanPercent'
  | 'timeElapsedPercent'
  | 'progressClass'
  | 'openRedFlags'
  | 'regionsNotAsOf'
  | 'flagsCapped'
  | 'outOfScope'
  | 'scopeNote'
> = {
  zh: {
    heading: '各地区进度示意图（截至 {month}）',
    schematic:
      '示意图：每个地区一块方格，按大致方位排列，不是地图。原因：没有哪个 npm 包以可说明的许可提供吉林省地级行政区边界，而且在中国出版的地图须经审核并标注审图号，所以这里不画边界。',
    colourBy: '着色依据',
    byProgress: '年度计划完成率对照序时进度',
    byFlags: '未解除的红色风险',
    legend: '图例',
    onPace: '达到或超过序时进度',
    slightlyBehind: '低于序时进度 {points} 个百分点以内',
    behind: '低于序时进度超过 {points} 个百分点',
    noPlan: '无年度计划',
    flagsNone: '无',
    flagsFew: '1–4 条',
    flagsSome: '5–9 条',
    flagsMany: '10 条及以上',
    tileProgress: '完成 {percent}（序时 {elapsed}）',
    tileNoPlan: '无年度计划',
    tileFlags: '红色风险 {count} 条',
    toRisk: '查看{name}的风险',
    unplaced: '以下地区不在示意图的方位表中：',
    tableHeading: '各地区数字',
    region: '地区',
    projects: '项目',
    planned: '计划总投资（{unit}）',
    reported: '累计完成（{unit}）',
    annualPlan: '{year} 年度计划（{unit}）',
    completedInYear: '本年完成（{unit}）',
    annualPlanPercent: '年度计划完成率',
    timeElapsedPercent: '序时进度',
    progressClass: '对照序时进度',
    openRedFlags: '未解除红色风险',
    regionsNotAsOf: '地区名单来自计划（API 无时点查询，显示现在的名单）；进度和风险按所选时点。',
    outOfScope: '不在你的范围内',
    scopeNote: '你的令牌只能看到 {scope} 范围内的项目：风险数和进度只包括这些项目。',
    flagsCapped: '“≥”表示该地区的列表达到 API 单次上限 {limit} 条，实际可能更多。',
  },
  en: {
    heading: 'Regions at a glance (through {month})',
    schematic:
      'A schematic: one tile per region, placed roughly where it lies; not a map. No npm package ships Jilin’s prefecture boundaries under a licence we can state, and maps of China published in the PRC need an approval number (审图号), so no boundaries are drawn.',
    colourBy: 'Colour by',
    byProgress: 'Annual plan completed against time elapsed',
    byFlags: 'Open red flags',
    legend: 'Legend',
    onPace: 'At or ahead of time elapsed',
    slightlyBehind: 'Up to {points} points behind time elapsed',
    behind: 'More than {points} points behind time elapsed',
    noPlan: 'No annual plan',
    flagsNone: 'None',
    flagsFew: '1–4',
    flagsSome: '5–9',
    flagsMany: '10 or more',
    tileProgress: '{percent} done (time {elapsed})',
    tileNoPlan: 'No annual plan',
    tileFlags: '{count} red flags',
    toRisk: 'Risks of {name}',
    unplaced: 'Regions the schematic has no place for:',
    tableHeading: 'Figures by region',
    region: 'Region',
    projects: 'Projects',
    planned: 'Planned total ({unit})',
    reported: 'Completed, reported ({unit})',
    annualPlan: '{year} annual plan ({unit})',
    completedInYear: 'Completed in year ({unit})',
    annualPlanPercent: 'Annual plan completed',
    timeElapsedPercent: 'Time elapsed (序时进度)',
    progressClass: 'Against time elapsed',
    openRedFlags: 'Open red flags',
    regionsNotAsOf:
      'The list of regions comes from the plan (no as-of query in the API: today’s list); progress and flags follow the chosen as-of.',
    outOfScope: 'outside your scope',
    scopeNote:
      'Your token sees the projects of {scope} only: the flags and progress shown count those projects.',
    flagsCapped:
      '“≥” means the region’s list reached the API’s page limit of {limit}: there may be more.',
  },
};
