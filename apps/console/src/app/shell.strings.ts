import { Strings } from './i18n';

export const SHELL_STRINGS: Strings<
  | 'title'
  | 'overview'
  | 'map'
  | 'risk'
  | 'scores'
  | 'stages'
  | 'problems'
  | 'supervision'
  | 'deadlines'
  | 'import'
  | 'units'
  | 'explorer'
  | 'signOut'
  | 'asOf'
  | 'now'
  | 'recordedAt'
  | 'validAt'
  | 'apply'
  | 'viewingPast'
  | 'signedInAs'
  | 'notFound'
> = {
  zh: {
    title: '新基建“761”工程 进度账本',
    overview: '总览',
    map: '地区地图',
    risk: '风险看板',
    scores: '考核评分',
    stages: '项目阶段',
    problems: '要素保障',
    supervision: '约谈通报',
    deadlines: '报送期限',
    import: 'Excel 导入',
    units: '行政区划',
    explorer: 'GraphQL',
    signOut: '退出',
    asOf: '时点',
    now: '当前',
    recordedAt: '账本记载于',
    validAt: '现知截至',
    apply: '查看',
    viewingPast: '正在查看过去：{when}',
    signedInAs: '{role}',
    notFound: '没有这个页面',
  },
  en: {
    title: 'New Infrastructure 761 · Progress Ledger',
    overview: 'Overview',
    map: 'Map',
    risk: 'Risk board',
    scores: 'Scores',
    stages: 'Stages',
    problems: 'Problems',
    supervision: 'Supervision',
    deadlines: 'Deadlines',
    import: 'Excel import',
    units: 'Units',
    explorer: 'GraphQL',
    signOut: 'Sign out',
    asOf: 'As of',
    now: 'Now',
    recordedAt: 'Ledger as recorded at',
    validAt: 'Known now about',
    apply: 'Show',
    viewingPast: 'Viewing the past: {when}',
    signedInAs: '{role}',
    notFound: 'No such page',
  },
};
