import { Strings } from '../../app/i18n';

export const STAGES_STRINGS: Strings<
  | 'heading'
  | 'year'
  | 'groupBy'
  | 'NETWORK'
  | 'REGION'
  | 'DEPARTMENT'
  | 'unit'
  | 'reserve'
  | 'newStart'
  | 'continuing'
  | 'completed'
  | 'plannedNewStart'
  | 'plannedContinuing'
  | 'plannedCompleted'
  | 'startRate'
  | 'completionRate'
  | 'sources'
  | 'partial'
  | 'note'
> = {
  zh: {
    heading: '{year}年 项目阶段（储备、新开工、续建、建成）',
    year: '年度',
    groupBy: '分组',
    NETWORK: '按网络',
    REGION: '按地区',
    DEPARTMENT: '按牵头部门',
    unit: '单位',
    reserve: '储备',
    newStart: '新开工',
    continuing: '续建',
    completed: '建成',
    plannedNewStart: '计划新开工',
    plannedContinuing: '计划续建',
    plannedCompleted: '计划建成',
    startRate: '开工率 %',
    completionRate: '建成率 %',
    sources: '方案原文',
    partial: '部分口径',
    note: '阶段由事件推导；计划数取自方案原文，方案未给出全网络口径的为空（—），比率亦为空。',
  },
  en: {
    heading: 'Project stages in {year} (reserve, new start, continuing, completed)',
    year: 'Year',
    groupBy: 'Group by',
    NETWORK: 'Network',
    REGION: 'Region',
    DEPARTMENT: 'Lead department',
    unit: 'Unit',
    reserve: 'Reserve',
    newStart: 'New start',
    continuing: 'Continuing',
    completed: 'Completed',
    plannedNewStart: 'Planned new starts',
    plannedContinuing: 'Planned continuing',
    plannedCompleted: 'Planned completions',
    startRate: 'Start rate %',
    completionRate: 'Completion rate %',
    sources: 'In the plan document',
    partial: 'part of the network',
    note: 'Stages are derived from events; plan counts are the document’s. Where it gives no count for the whole network the plan count is empty (—), and so is the rate.',
  },
};
