import { Strings } from '../../app/i18n';

export const SCORES_STRINGS: Strings<
  | 'heading'
  | 'periodKind'
  | 'month'
  | 'quarter'
  | 'year'
  | 'period'
  | 'unitKind'
  | 'department'
  | 'region'
  | 'rank'
  | 'unit'
  | 'score'
  | 'breakdown'
  | 'check'
  | 'adds'
  | 'doesNotAdd'
  | 'mismatchBanner'
  | 'rubric'
  | 'none'
  | 'namesNotAsOf'
  | 'investment'
  | 'progress'
  | 'timeliness'
  | 'newStarts'
  | 'redFlags'
  | 'caption'
  | 'ofMax'
> = {
  zh: {
    heading: '考核评分排名（{period}，{kind}）',
    periodKind: '考核周期',
    month: '月度',
    quarter: '季度',
    year: '年度',
    period: '期间',
    unitKind: '考核对象',
    department: '牵头部门',
    region: '地区',
    rank: '名次',
    unit: '单位',
    score: '总分',
    breakdown: '分项构成',
    check: '核对',
    adds: '分项之和等于总分',
    doesNotAdd: '分项之和 {sum} ≠ 总分 {score}',
    mismatchBanner: '有 {count} 个单位的分项之和与 API 给出的总分不符，已在表中标出。',
    rubric: '评分细则版本',
    none: '这一期间还没有评分（规划办公室评分后才有）。',
    namesNotAsOf: '单位名称来自计划（API 无时点查询）；评分按所选时点。',
    investment: '投资完成',
    progress: '形象进度',
    timeliness: '按时报送',
    newStarts: '新开工',
    redFlags: '红色风险扣分',
    caption: '每个分项：得分 / 满分；条形的实心长度即总分，斜纹是扣分。',
    ofMax: '{points} / {max}',
  },
  en: {
    heading: 'Score ranking ({period}, {kind})',
    periodKind: 'Period',
    month: 'Month',
    quarter: 'Quarter',
    year: 'Year',
    period: 'Which',
    unitKind: 'Units',
    department: 'Lead departments',
    region: 'Regions',
    rank: 'Rank',
    unit: 'Unit',
    score: 'Score',
    breakdown: 'Breakdown',
    check: 'Check',
    adds: 'parts add up to the score',
    doesNotAdd: 'parts add up to {sum} ≠ score {score}',
    mismatchBanner:
      'For {count} units the parts do not add up to the score the API gives; they are marked in the table.',
    rubric: 'Rubric',
    none: 'No scores for this period yet (the planning office scores a period).',
    namesNotAsOf:
      'Unit names come from the plan (no as-of query in the API); the scores follow the chosen as-of.',
    investment: 'Investment',
    progress: 'Progress',
    timeliness: 'On-time reports',
    newStarts: 'New starts',
    redFlags: 'Red-flag deduction',
    caption:
      'Each part: points / maximum. The solid length of a bar is the score; hatching is a deduction.',
    ofMax: '{points} / {max}',
  },
};

/** The rubric's components this page has names for; any other shows its API name. */
export const COMPONENT_KEYS = [
  'investment',
  'progress',
  'timeliness',
  'newStarts',
  'redFlags',
] as const;
