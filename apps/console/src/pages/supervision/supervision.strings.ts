import { Strings } from '../../app/i18n';

export const SUPERVISION_STRINGS: Strings<
  | 'title'
  | 'summonses'
  | 'circulars'
  | 'summonsId'
  | 'heldOn'
  | 'unit'
  | 'project'
  | 'reason'
  | 'flags'
  | 'scores'
  | 'month'
  | 'issuedOn'
  | 'namedUnits'
  | 'figures'
  | 'document'
  | 'download'
  | 'downloading'
  | 'noSummonses'
  | 'noCirculars'
  | 'note'
> = {
  zh: {
    title: '约谈与通报',
    summonses: '约谈',
    circulars: '月度通报',
    summonsId: '编号',
    heldOn: '约谈日期',
    unit: '被约谈单位',
    project: '项目',
    reason: '事由',
    flags: '所据风险',
    scores: '所据评分',
    month: '月份',
    issuedOn: '印发日期',
    namedUnits: '通报单位',
    figures: '数字（项）',
    document: '通报文件',
    download: '下载 Word',
    downloading: '正在生成…',
    noSummonses: '还没有约谈记录。',
    noCirculars: '还没有印发通报。',
    note: '通报中的每个数字都以脚注注明其依据的台账事件，可在文末“数据依据”表中逐项核对。',
  },
  en: {
    title: 'Summonses and circulars',
    summonses: 'Summonses (约谈)',
    circulars: 'Monthly circulars (通报)',
    summonsId: 'Id',
    heldOn: 'Held on',
    unit: 'Unit summoned',
    project: 'Project',
    reason: 'Reason',
    flags: 'Flags cited',
    scores: 'Scores cited',
    month: 'Month',
    issuedOn: 'Issued on',
    namedUnits: 'Units named',
    figures: 'Figures',
    document: 'Document',
    download: 'Download Word',
    downloading: 'Generating…',
    noSummonses: 'No summons recorded yet.',
    noCirculars: 'No circular issued yet.',
    note: 'Every figure of a circular has a footnote naming the ledger events it was counted from; the table at its end lists them all.',
  },
};
