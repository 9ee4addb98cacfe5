/**
 * A template's table: one sheet, two header rows (Chinese, then the English field name), one
 * record per row below them. The reader maps headers to fields by the Chinese header, so a
 * column may move; the writer lays the columns out in this order.
 */
export type ColumnType =
  /** Text as typed; a number typed into it is taken as its digits (a code such as 2020). */
  | 'text'
  /**
   * Yuan, exact: text "1250000.50", or a number cell whose shortest decimal form has at most
   * two decimals (what was typed: Excel keeps 15 significant digits). Anything else is
   * refused, never rounded: 1234.567 or 0.1 + 0.2 computed elsewhere are not amounts.
   */
  | 'money'
  /**
   * A non-negative decimal (a percentage, a quantity): text, or a number cell whose shortest
   * decimal form has at most four decimals. The command judges its own precision.
   */
  | 'decimal'
  /** A date cell, or text YYYY-MM-DD. */
  | 'date'
  /** A month: text YYYY-MM, or a date cell (its month). */
  | 'month'
  /** 是/否 (or TRUE/FALSE). */
  | 'boolean';

export interface ColumnSpec<Key extends string = string> {
  key: Key;
  headerZh: string;
  /** The second header row: the GraphQL input field the column fills. */
  headerEn: string;
  type: ColumnType;
  required: boolean;
  /** One line for the README sheet: what goes in, in Chinese then English. */
  note: string;
  /** Column width in characters. */
  width?: number;
  /** For a decimal: the largest value the sheet's validation lets through (100 for a percentage). */
  max?: number;
}

export interface TableSpec<Key extends string = string> {
  /** The sheet holding the records. */
  sheetName: string;
  columns: readonly ColumnSpec<Key>[];
  /** Data rows one import takes. */
  maxDataRows: number;
}

/** Rows of the headers above the data: Chinese, then the field names. */
export const HEADER_ROWS = 2;

/** "A".."Z", "AA".. for a 1-based column number. */
export function columnLetter(column: number): string {
  let n = column;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
