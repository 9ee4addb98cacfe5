import { Strings } from '../../app/i18n';

export const UNITS_STRINGS: Strings<
  | 'heading'
  | 'now'
  | 'day'
  | 'allParents'
  | 'parent'
  | 'code'
  | 'name'
  | 'level'
  | 'prefecture'
  | 'county'
  | 'functional-area'
  | 'region'
  | 'validFrom'
  | 'validTo'
  | 'gbt2260'
  | 'yes'
  | 'ledgerCode'
  | 'source'
  | 'caption'
  | 'note'
> = {
  zh: {
    heading: '行政区划（{day}）',
    now: '当前',
    day: '日期',
    allParents: '全部',
    parent: '上级',
    code: '代码',
    name: '名称',
    level: '层级',
    prefecture: '市（州）',
    county: '县（市、区）',
    'functional-area': '功能区',
    region: '工程地区',
    validFrom: '起始日',
    validTo: '截止日',
    gbt2260: 'GB/T 2260 代码',
    yes: '是',
    ledgerCode: '否（账本自编）',
    source: '来源',
    caption: '{n} 个单位',
    note: '按所选日期的区划列出：公主岭市 2020-06-19 起由长春市代管（220381 → 220184）。',
  },
  en: {
    heading: 'Administrative units ({day})',
    now: 'now',
    day: 'Day',
    allParents: 'All',
    parent: 'Parent',
    code: 'Code',
    name: 'Name',
    level: 'Level',
    prefecture: 'Prefecture',
    county: 'County level',
    'functional-area': 'Functional area',
    region: 'Programme region',
    validFrom: 'From',
    validTo: 'To',
    gbt2260: 'GB/T 2260 code',
    yes: 'yes',
    ledgerCode: "no (the ledger's own)",
    source: 'Source',
    caption: '{n} units',
    note: 'Units as they stood on the day chosen: Gongzhuling is administered by Changchun from 2020-06-19 (220381 → 220184).',
  },
};
