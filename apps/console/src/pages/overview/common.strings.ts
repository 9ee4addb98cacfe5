import { Strings } from '../../app/i18n';

/** Strings of the parts the overview, map and scores pages share. */
export const COMMON_STRINGS: Strings<
  | 'loading'
  | 'failed'
  | 'month'
  | 'noReports'
  | 'moneyUnit'
  | 'yi'
  | 'wan'
  | 'yuan'
  | 'unitYi'
  | 'unitWan'
  | 'unitYuan'
  | 'noProgramme'
> = {
  zh: {
    loading: '正在读取账本…',
    failed: '读取失败',
    month: '月份',
    noReports: '（无报告）',
    moneyUnit: '金额单位',
    yi: '亿元',
    wan: '万元',
    yuan: '元（精确）',
    unitYi: '亿元',
    unitWan: '万元',
    unitYuan: '元',
    noProgramme: '账本中尚未建立工程计划。',
  },
  en: {
    loading: 'Reading the ledger…',
    failed: 'Could not read the ledger',
    month: 'Month',
    noReports: ' (no reports)',
    moneyUnit: 'Amounts in',
    yi: '100 million yuan (亿元)',
    wan: '10 thousand yuan (万元)',
    yuan: 'yuan (exact)',
    unitYi: '亿元',
    unitWan: '万元',
    unitYuan: 'yuan',
    noProgramme: 'The ledger holds no programme yet.',
  },
};
