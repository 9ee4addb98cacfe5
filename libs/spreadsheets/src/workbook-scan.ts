import {
  DEFAULT_ZIP_LIMITS,
  ZipLimits,
  inflateEntry,
  readCentralDirectory,
  streamEntry,
} from './zip-archive';
import { WorkbookRefusedError } from './workbook-refused';

/**
 * Everything about a workbook that can be judged from its parts' XML without building it:
 * run before the workbook is handed to exceljs, which inflates and builds everything at once.
 * A formula, a merged range or more rows than allowed refuses the file here.
 */
export interface ScanLimits {
  zip: ZipLimits;
  /** `<row>` elements in any one worksheet (headers included). */
  maxRowsPerSheet: number;
}

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
/** Kept from the end of one chunk for the next: longer than any marker looked for. */
const CARRY = 256;

/** The start tag of an element, with or without a namespace prefix. */
const tag = (name: string): RegExp => new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${name}[\\s>/]`, 'g');
const ROW = tag('row');
const FORMULA = tag('f');
const MERGE = tag('mergeCell');
const CELL_REF = /<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?r="([A-Z]{1,3}\d{1,7})"/g;

function lastCellBefore(text: string, at: number): string | null {
  let found: string | null = null;
  CELL_REF.lastIndex = 0;
  for (let m = CELL_REF.exec(text); m && m.index < at; m = CELL_REF.exec(text)) found = m[1]!;
  return found;
}

/** Which sheet a worksheet part is, for messages: its file name will do when no better. */
function sheetLabel(name: string): string {
  return name.replace(/^xl\/worksheets\//, '');
}

async function scanWorksheet(
  zip: Buffer,
  entry: Parameters<typeof streamEntry>[1],
  limits: ScanLimits,
): Promise<void> {
  let carry = '';
  let rows = 0;
  const where = sheetLabel(entry.name);
  await streamEntry(zip, entry, (chunk) => {
    const text = carry + chunk;
    // A match lying wholly inside the carry was counted with the chunk before.
    const fresh = (m: RegExpExecArray): boolean => m.index + m[0].length > carry.length;
    ROW.lastIndex = 0;
    for (let m = ROW.exec(text); m; m = ROW.exec(text)) {
      if (!fresh(m)) continue;
      rows++;
      if (rows > limits.maxRowsPerSheet) {
        throw new WorkbookRefusedError(
          'too-many-rows',
          `the worksheet ${where} has more than ${limits.maxRowsPerSheet} rows (headers included): one import takes at most ${limits.maxRowsPerSheet - 2} data rows; split the file. Nothing was read from it`,
        );
      }
    }
    FORMULA.lastIndex = 0;
    for (let m = FORMULA.exec(text); m; m = FORMULA.exec(text)) {
      if (!fresh(m)) continue;
      const cell = lastCellBefore(text, m.index);
      throw new WorkbookRefusedError(
        'formula',
        `${cell ? `cell ${cell}` : 'a cell'} of the worksheet ${where} holds a formula: an import takes values only (copy the cells and paste them as values). Nothing was read from the file`,
      );
    }
    MERGE.lastIndex = 0;
    for (let m = MERGE.exec(text); m; m = MERGE.exec(text)) {
      if (!fresh(m)) continue;
      const ref = /ref="([^"]+)"/.exec(text.slice(m.index, m.index + 120))?.[1];
      throw new WorkbookRefusedError(
        'merged-cells',
        `the worksheet ${where} has merged cells${ref ? ` (${ref})` : ''}: each record is one row of single cells; unmerge them. Nothing was read from the file`,
      );
    }
    carry = text.slice(-CARRY);
  });
}

/**
 * Judges the archive and every part of it; resolves when exceljs may safely load it. Parts
 * that are no worksheet are inflated once here under their declared sizes, so that one lying
 * about its size is refused before exceljs inflates it without a limit.
 */
export async function scanWorkbook(
  zip: Buffer,
  limits: ScanLimits = {
    zip: DEFAULT_ZIP_LIMITS,
    maxRowsPerSheet: 10_002,
  },
): Promise<void> {
  const entries = readCentralDirectory(zip, limits.zip);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml')) {
    throw new WorkbookRefusedError(
      'not-a-workbook',
      'the file is a zip archive but no xlsx workbook (it has no xl/workbook.xml): save it from Excel or WPS as .xlsx',
    );
  }
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    if (WORKSHEET.test(entry.name)) await scanWorksheet(zip, entry, limits);
    else inflateEntry(zip, entry);
  }
}
