import ExcelJS from 'exceljs';
import { assertNever } from '@ledger/domain-kernel';
import { ColumnSpec, ColumnType, HEADER_ROWS, TableSpec, columnLetter } from './table-spec';
import { WorkbookRefusedError } from './workbook-refused';
import { DEFAULT_ZIP_LIMITS } from './zip-archive';
import { scanWorkbook } from './workbook-scan';

/** A cell that does not hold what its column takes: its row is refused, the file is not. */
export interface CellProblem<Key extends string = string> {
  cell: string;
  column: Key;
  message: string;
}

/** One record of the sheet: each column's value as text, in canonical form. */
export interface TableRow<Key extends string = string> {
  /** The sheet's row number (1-based, as Excel shows it). */
  row: number;
  values: Partial<Record<Key, string>>;
  problems: CellProblem<Key>[];
  /** Where a column's cell of this row is, e.g. "D7" (null for a column the file lacks). */
  cellOf(key: Key): string | null;
}

export interface ReadTable<Key extends string = string> {
  rows: TableRow<Key>[];
}

const IGNORED_NODES = [
  'dataValidations',
  'conditionalFormatting',
  'hyperlinks',
  'drawing',
  'picture',
  'tableParts',
  'extLst',
];

/** The file's bytes, which must be an xlsx of this template; refused whole otherwise. */
export async function readTable<Key extends string>(
  file: Buffer,
  spec: TableSpec<Key>,
): Promise<ReadTable<Key>> {
  await scanWorkbook(file, {
    zip: DEFAULT_ZIP_LIMITS,
    maxRowsPerSheet: spec.maxDataRows + HEADER_ROWS,
  });
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its Buffer as Node's older one; the bytes are the same.
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0], {
      // What the import never reads: exceljs expands each validation range into one entry per
      // cell (a whole column is a million), and would spend seconds on a template's own.
      ignoreNodes: IGNORED_NODES,
    });
  } catch (error) {
    throw new WorkbookRefusedError(
      'not-a-workbook',
      `the file is a zip archive but no readable xlsx workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const sheet = workbook.getWorksheet(spec.sheetName);
  if (!sheet) {
    throw new WorkbookRefusedError(
      'not-the-template',
      `the workbook has no sheet named ${spec.sheetName} (it has ${workbook.worksheets.map((w) => w.name).join(', ') || 'none'}): download the template and fill it in`,
    );
  }
  const columns = mapHeaders(sheet, spec);
  const rows: TableRow<Key>[] = [];
  const dataRows = Math.max(0, sheet.rowCount - HEADER_ROWS);
  if (dataRows > spec.maxDataRows) {
    throw new WorkbookRefusedError(
      'too-many-rows',
      `the sheet ${spec.sheetName} has ${dataRows} rows below its headers, more than the ${spec.maxDataRows} one import takes: split the file`,
    );
  }
  for (let r = HEADER_ROWS + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values: Partial<Record<Key, string>> = {};
    const problems: CellProblem<Key>[] = [];
    let empty = true;
    for (const [key, { column, spec: col }] of columns) {
      const address = `${columnLetter(column)}${r}`;
      const read = valueOf(row.getCell(column).value, col.type);
      if (read === null) continue;
      empty = false;
      if ('problem' in read) problems.push({ cell: address, column: key, message: read.problem });
      else values[key] = read.text;
    }
    if (empty) continue;
    for (const [key, { column, spec: col }] of columns) {
      if (col.required && values[key] === undefined && !problems.some((p) => p.column === key)) {
        problems.push({
          cell: `${columnLetter(column)}${r}`,
          column: key,
          message: `${col.headerZh} (${col.headerEn}) is required`,
        });
      }
    }
    rows.push({
      row: r,
      values,
      problems,
      cellOf: (key) => {
        const found = columns.get(key);
        return found ? `${columnLetter(found.column)}${r}` : null;
      },
    });
  }
  return { rows };
}

/** Each column of the spec found under its header; the file is refused when they do not match. */
function mapHeaders<Key extends string>(
  sheet: ExcelJS.Worksheet,
  spec: TableSpec<Key>,
): Map<Key, { column: number; spec: ColumnSpec<Key> }> {
  const byHeader = new Map(spec.columns.map((c) => [c.headerZh, c]));
  const found = new Map<Key, { column: number; spec: ColumnSpec<Key> }>();
  const unknown: string[] = [];
  const header = sheet.getRow(1);
  const english = sheet.getRow(2);
  for (let column = 1; column <= Math.min(sheet.columnCount, 200); column++) {
    const text = plainText(header.getCell(column).value);
    if (text === null) continue;
    const col = byHeader.get(text);
    if (!col) {
      unknown.push(`${columnLetter(column)}1 "${text}"`);
      continue;
    }
    if (found.has(col.key)) unknown.push(`${columnLetter(column)}1 "${text}" (a second time)`);
    else if (plainText(english.getCell(column).value) !== col.headerEn) {
      unknown.push(`${columnLetter(column)}2 (should read ${col.headerEn})`);
    } else found.set(col.key, { column, spec: col });
  }
  const missing = spec.columns.filter((c) => c.required && !found.has(c.key));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      unknown.length > 0 ? `headers not in the template: ${unknown.slice(0, 5).join(', ')}` : '',
      missing.length > 0
        ? `columns missing: ${missing.map((c) => `${c.headerZh} (${c.headerEn})`).join(', ')}`
        : '',
    ].filter((p) => p.length > 0);
    throw new WorkbookRefusedError(
      'not-the-template',
      `the sheet ${spec.sheetName} is not the template (${parts.join('; ')}): download the template and fill it in. Nothing was read from the file`,
    );
  }
  return found;
}

/** Text of a cell that holds text (rich text joined); null for an empty cell or other values. */
function plainText(value: ExcelJS.CellValue): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'richText' in value) {
    return (
      value.richText
        .map((run) => run.text)
        .join('')
        .trim() || null
    );
  }
  return null;
}

type Read = { text: string } | { problem: string } | null;

/** At most `decimals` decimals, as the number was typed (its shortest round-trip form). */
function exactDecimal(value: number, decimals: number): string | null {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e13) return null;
  const shortest = String(value);
  return new RegExp(`^-?\\d+(\\.\\d{1,${decimals}})?$`).test(shortest) ? shortest : null;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function valueOf(value: ExcelJS.CellValue, type: ColumnType): Read {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) {
      return { problem: 'holds a formula: an import takes values only' };
    }
    if ('error' in value) return { problem: `holds the error value ${value.error}` };
    if ('richText' in value || 'text' in value) {
      const text =
        'richText' in value ? value.richText.map((run) => run.text).join('') : String(value.text);
      return valueOf(text, type);
    }
    return { problem: 'holds a value of no kind this column takes' };
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0) return null;
    switch (type) {
      case 'boolean':
        if (['是', 'true', 'TRUE', '1'].includes(text)) return { text: 'true' };
        if (['否', 'false', 'FALSE', '0'].includes(text)) return { text: 'false' };
        return { problem: `"${text}" is not 是 or 否` };
      case 'text':
      case 'money':
      case 'decimal':
      case 'date':
      case 'month':
        return { text };
      default:
        return assertNever(type);
    }
  }
  if (typeof value === 'number') {
    switch (type) {
      case 'text':
        return Number.isSafeInteger(value)
          ? { text: String(value) }
          : { problem: `holds the number ${value} where text is expected` };
      case 'money': {
        const exact = exactDecimal(value, 2);
        return exact === null
          ? {
              problem: `holds the binary number ${value}, which is not an amount exact to 2 decimals: type it as text, e.g. "1250000.50"`,
            }
          : { text: exact };
      }
      case 'decimal': {
        const exact = exactDecimal(value, 4);
        return exact === null
          ? {
              problem: `holds the binary number ${value}, which is not exact to 4 decimals: type it as text`,
            }
          : { text: exact };
      }
      case 'date':
      case 'month':
        return {
          problem: `holds the number ${value}, not a date: type it as ${type === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM'} text or a date cell`,
        };
      case 'boolean':
        return { problem: `holds the number ${value}, not 是 or 否` };
      default:
        return assertNever(type);
    }
  }
  if (typeof value === 'boolean') {
    return type === 'boolean'
      ? { text: value ? 'true' : 'false' }
      : { problem: `holds ${value ? 'TRUE' : 'FALSE'} where ${describe(type)} is expected` };
  }
  // A date cell: a serial Excel shows as a date. exceljs reads it as UTC midnight.
  switch (type) {
    case 'date':
      return {
        text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`,
      };
    case 'month':
      return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}` };
    case 'text':
    case 'money':
    case 'decimal':
    case 'boolean':
      return { problem: `holds a date where ${describe(type)} is expected` };
    default:
      return assertNever(type);
  }
}

function describe(type: ColumnType): string {
  switch (type) {
    case 'text':
      return 'text';
    case 'money':
      return 'an amount in yuan';
    case 'decimal':
      return 'a decimal number';
    case 'date':
      return 'a date';
    case 'month':
      return 'a month';
    case 'boolean':
      return '是 or 否';
    default:
      return assertNever(type);
  }
}
