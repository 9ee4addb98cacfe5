import ExcelJS from 'exceljs';
import { assertNever } from '@ledger/domain-kernel';
import { ColumnSpec, ColumnType, HEADER_ROWS, TableSpec, columnLetter } from './table-spec';

/** The media type of an xlsx (ECMA-376 / RFC 3023 registration of OOXML). */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A code list a column's cells must come from: on the codes sheet, with its Chinese names. */
export interface CodeList {
  /** The codes sheet's column title, e.g. 网络 network. */
  title: string;
  entries: ReadonlyArray<{ code: string; nameZh: string }>;
  /** Listed only, not validated: a cell that takes several codes (comma-separated). */
  listOnly?: boolean;
}

export interface TemplateOptions<Key extends string> {
  /** The README sheet's lines (Chinese first, English after): what the template is for. */
  readme: readonly string[];
  /** Columns whose cells are validated against a list of codes. */
  lists: Partial<Record<Key, CodeList>>;
  /** Optional example rows, shown below the headers (each value as the reader will read it). */
  examples?: ReadonlyArray<Partial<Record<Key, string>>>;
}

export const README_SHEET = '说明';
export const CODES_SHEET = '代码表';

/** What a cell of the column may hold, as Excel's data validation says it. */
function validationOf(
  col: ColumnSpec,
  list: string | undefined,
): ExcelJS.DataValidation | undefined {
  const prompt = (text: string) => ({
    showInputMessage: true,
    promptTitle: col.headerZh,
    prompt: text.slice(0, 250),
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: col.headerZh,
  });
  if (list !== undefined) {
    return {
      type: 'list',
      allowBlank: !col.required,
      formulae: [list],
      ...prompt(`从${CODES_SHEET}选择代码 / a code from ${CODES_SHEET}`),
      error: `请从${CODES_SHEET}选择 / choose a code of ${CODES_SHEET}`,
    };
  }
  const type: ColumnType = col.type;
  switch (type) {
    case 'money':
      // Text of digits with at most two decimals: money stays exact (see table-spec.ts).
      return {
        type: 'custom',
        allowBlank: !col.required,
        formulae: [
          `AND(ISNUMBER(VALUE(${ref(col)})),LEN(${ref(col)})-IFERROR(FIND(".",${ref(col)}),LEN(${ref(col)}))<=2)`,
        ],
        ...prompt('元，文本，最多两位小数，如 1250000.50 / yuan as text, at most 2 decimals'),
        error: '金额须为最多两位小数的数字文本 / an amount with at most 2 decimals',
      };
    case 'decimal':
      return {
        type: 'decimal',
        operator: 'between',
        allowBlank: !col.required,
        formulae: [0, col.max ?? 1e12],
        ...prompt(
          col.max === undefined
            ? '非负数 / a number, 0 or more'
            : `0–${col.max}，最多两位小数 / 0 to ${col.max}, at most 2 decimals`,
        ),
        error: `须为 0 到 ${col.max ?? '1e12'} / between 0 and ${col.max ?? '1e12'}`,
      };
    case 'date':
      return {
        type: 'date',
        operator: 'between',
        allowBlank: !col.required,
        formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2100, 11, 31))],
        ...prompt('日期 YYYY-MM-DD / a date'),
        error: '须为日期 / a date, YYYY-MM-DD',
      };
    case 'month':
      return {
        type: 'textLength',
        operator: 'equal',
        allowBlank: !col.required,
        formulae: [7],
        ...prompt('月份 YYYY-MM，如 2020-06 / a month'),
        error: '须为 YYYY-MM / a month, YYYY-MM',
      };
    case 'boolean':
      return {
        type: 'list',
        allowBlank: true,
        formulae: ['"是,否"'],
        ...prompt('是 / 否'),
        error: '是 或 否 / 是 or 否',
      };
    case 'text':
      return undefined;
    default:
      return assertNever(type);
  }
}

/** The column's first data cell, relative, as a custom validation's formula refers to it. */
function ref(col: ColumnSpec & { letter?: string }): string {
  return `${col.letter ?? 'A'}${HEADER_ROWS + 1}`;
}

/** exceljs 4.4.0 writes a validation over a range given as one address ("C3:C10002"), which
 * its typings do not declare: the one-cell-at-a-time API would write 10,000 entries. */
type WithValidations = ExcelJS.Worksheet & {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
};

/** The template: the data sheet with its headers and validation, the README, the codes. */
export async function buildTemplate<Key extends string>(
  spec: TableSpec<Key>,
  options: TemplateOptions<Key>,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Progress Ledger';
  // A fixed date: the same template downloads as the same bytes.
  workbook.created = new Date(Date.UTC(2020, 0, 1));
  workbook.modified = workbook.created;

  const readme = workbook.addWorksheet(README_SHEET);
  readme.getColumn(1).width = 110;
  readme.addRow([options.readme[0] ?? spec.sheetName]).font = { bold: true, size: 14 };
  for (const line of options.readme.slice(1)) readme.addRow([line]);
  readme.addRow([]);
  readme.addRow(['列 / Columns']).font = { bold: true };
  for (const col of spec.columns) {
    readme.addRow([
      `${col.headerZh}（${col.headerEn}）${col.required ? '【必填 required】' : '【选填 optional】'}：${col.note}`,
    ]);
  }
  readme.eachRow((row) => (row.alignment = { wrapText: true, vertical: 'top' }));

  const sheet = workbook.addWorksheet(spec.sheetName, {
    views: [{ state: 'frozen', ySplit: HEADER_ROWS }],
  });
  const codes = workbook.addWorksheet(CODES_SHEET);

  // Each list: two columns of the codes sheet (code, name); the validation names the codes.
  const listRefs = new Map<Key, string>();
  let codeColumn = 1;
  for (const col of spec.columns) {
    const list = options.lists[col.key];
    if (!list) continue;
    const letter = columnLetter(codeColumn);
    codes.getCell(1, codeColumn).value = `${list.title}代码`;
    codes.getCell(1, codeColumn + 1).value = `${list.title}名称`;
    list.entries.forEach((entry, i) => {
      codes.getCell(i + 2, codeColumn).value = entry.code;
      codes.getCell(i + 2, codeColumn + 1).value = entry.nameZh;
    });
    codes.getColumn(codeColumn).width = 28;
    codes.getColumn(codeColumn + 1).width = 28;
    if (!list.listOnly)
      listRefs.set(
        col.key,
        `'${CODES_SHEET}'!$${letter}$2:$${letter}$${Math.max(2, list.entries.length + 1)}`,
      );
    codeColumn += 3;
  }
  codes.getRow(1).font = { bold: true };

  const last = HEADER_ROWS + spec.maxDataRows;
  spec.columns.forEach((col, i) => {
    const n = i + 1;
    const letter = columnLetter(n);
    const column = sheet.getColumn(n);
    column.width = col.width ?? Math.max(14, col.headerZh.length * 2 + 4);
    // Text format keeps codes and amounts as typed (no 1.25E+06, no lost trailing zero).
    if (col.type !== 'date') column.numFmt = '@';
    else column.numFmt = 'yyyy-mm-dd';
    const zh = sheet.getCell(1, n);
    zh.value = col.headerZh;
    zh.font = { bold: true, color: col.required ? { argb: 'FF9C0006' } : undefined };
    zh.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    const en = sheet.getCell(2, n);
    en.value = col.headerEn;
    en.font = { italic: true, color: { argb: 'FF595959' } };
    const validation = validationOf(
      { ...col, letter } as ColumnSpec & { letter: string },
      listRefs.get(col.key),
    );
    if (validation)
      (sheet as WithValidations).dataValidations.add(
        `${letter}${HEADER_ROWS + 1}:${letter}${last}`,
        validation,
      );
  });
  for (const example of options.examples ?? []) {
    sheet.addRow(spec.columns.map((col) => example[col.key] ?? null));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One row of an import's result: what became of a row of the file. */
export interface ResultRow {
  row: number;
  outcome: string;
  code: string | null;
  message: string | null;
  cell: string | null;
  subject: string | null;
}

/** The import's result as a workbook: a summary line and one row per record of the file. */
export async function buildResultWorkbook(
  title: string,
  rows: readonly ResultRow[],
  subjectHeader: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Progress Ledger';
  workbook.created = new Date(Date.UTC(2020, 0, 1));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet('导入结果', {
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const count = (outcome: string) => rows.filter((r) => r.outcome === outcome).length;
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.addRow([
    `已记录 recorded ${count('RECORDED')}，已存在 replayed ${count('REPLAYED')}，被拒 refused ${count('REFUSED')}`,
  ]);
  const header = sheet.addRow([
    '行号 row',
    '结果 outcome',
    '代码 code',
    '单元格 cell',
    '原因 message',
    subjectHeader,
  ]);
  header.font = { bold: true };
  for (const r of rows) {
    const added = sheet.addRow([r.row, r.outcome, r.code, r.cell, r.message, r.subject]);
    if (r.outcome === 'REFUSED') {
      added.getCell(2).font = { color: { argb: 'FF9C0006' }, bold: true };
    }
  }
  [10, 12, 18, 10, 90, 34].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
