import { ColumnSpec, TableRow, TableSpec } from '@ledger/spreadsheets';
import { DispatchReportInput } from '../dispatch-report/graphql/dispatch-report.types';

/**
 * The monthly dispatch report template (按月调度): one row per project and month, the inputs
 * of `submitDispatchReport` as columns; one reported quantity per row at most (a report with
 * more is sent through the API).
 */
export const DISPATCH_REPORT_SHEET = '月度调度';
export const DISPATCH_REPORT_TEMPLATE = 'dispatch-report';
export const MAX_REPORT_ROWS = 10_000;

export type DispatchReportKey =
  | 'projectId'
  | 'period'
  | 'investmentInMonth'
  | 'cumulativeInvestment'
  | 'physicalProgressPercent'
  | 'physicalProgress'
  | 'problems'
  | 'submittedBy'
  | 'quantity.indicatorCode'
  | 'quantity.quantity'
  | 'quantity.unit';

const column = (
  key: DispatchReportKey,
  headerZh: string,
  type: ColumnSpec['type'],
  required: boolean,
  note: string,
  more: Partial<ColumnSpec<DispatchReportKey>> = {},
): ColumnSpec<DispatchReportKey> => ({
  key,
  headerZh,
  headerEn: key,
  type,
  required,
  note,
  ...more,
});

export const DISPATCH_REPORT_SPEC: TableSpec<DispatchReportKey> = {
  sheetName: DISPATCH_REPORT_SHEET,
  maxDataRows: MAX_REPORT_ROWS,
  columns: [
    column('projectId', '项目编号', 'text', true, '项目库中的项目编号 / the project id', {
      width: 30,
    }),
    column('period', '报告月份', 'month', true, 'YYYY-MM，如 2020-06 / the month reported on'),
    column(
      'investmentInMonth',
      '本月完成投资（元）',
      'money',
      true,
      '元，文本，最多两位小数 / yuan, at most 2 decimals',
      { width: 20 },
    ),
    column(
      'cumulativeInvestment',
      '累计完成投资（元）',
      'money',
      true,
      '元，文本，最多两位小数 / yuan, at most 2 decimals',
      { width: 20 },
    ),
    column(
      'physicalProgressPercent',
      '形象进度（%）',
      'decimal',
      true,
      '0–100，最多两位小数 / percent',
      { max: 100 },
    ),
    column('physicalProgress', '形象进度说明', 'text', true, '文字说明 / in words', { width: 40 }),
    column('problems', '存在问题', 'text', false, '选填 / problems holding it back', { width: 40 }),
    column('submittedBy', '填报单位', 'text', true, '报送单位 / the unit submitting it', {
      width: 24,
    }),
    column(
      'quantity.indicatorCode',
      '指标代码',
      'text',
      false,
      '所计入的规划指标，如 5g-base-stations-new / the plan indicator',
      { width: 26 },
    ),
    column('quantity.quantity', '完成数量', 'decimal', false, '非负数 / a quantity'),
    column('quantity.unit', '计量单位', 'text', false, '如 个、公里 / the unit'),
  ],
};

/** What a row says, as submitDispatchReport's input, and the cell of each input field. */
export function reportOf(
  row: TableRow<DispatchReportKey>,
  idempotencyKey: string,
): { input: DispatchReportInput; fieldCells: Map<string, string | null> } {
  const v = row.values;
  const cells = new Map<string, string | null>();
  for (const key of DISPATCH_REPORT_SPEC.columns.map((c) => c.key)) {
    cells.set(key.startsWith('quantity.') ? `quantities[0].${key.slice(9)}` : key, row.cellOf(key));
  }
  const hasQuantity =
    v['quantity.indicatorCode'] !== undefined ||
    v['quantity.quantity'] !== undefined ||
    v['quantity.unit'] !== undefined;
  cells.set('quantities', row.cellOf('quantity.indicatorCode'));
  return {
    input: {
      idempotencyKey,
      projectId: v.projectId ?? '',
      period: v.period ?? '',
      investmentInMonth: v.investmentInMonth ?? '',
      cumulativeInvestment: v.cumulativeInvestment ?? '',
      physicalProgressPercent: v.physicalProgressPercent ?? '',
      physicalProgress: v.physicalProgress ?? '',
      quantities: hasQuantity
        ? [
            {
              indicatorCode: v['quantity.indicatorCode'] ?? '',
              quantity: v['quantity.quantity'] ?? '',
              unit: v['quantity.unit'] ?? '',
            },
          ]
        : [],
      problems: v.problems ?? null,
      submittedBy: v.submittedBy ?? '',
    },
    fieldCells: cells,
  };
}

/** Where a rule's refusal points when it names no field. */
export const RULE_COLUMNS: Readonly<Record<string, DispatchReportKey>> = {
  PROJECT_NOT_APPROVED: 'projectId',
  PROJECT_CANCELLED: 'projectId',
  PERIOD_IN_FUTURE: 'period',
  PERIOD_BEFORE_APPROVAL: 'period',
  REPORT_ALREADY_SUBMITTED: 'period',
  NOT_YET_DUE: 'period',
  MONTH_EXCEEDS_CUMULATIVE: 'investmentInMonth',
  CUMULATIVE_MISMATCH: 'cumulativeInvestment',
};
