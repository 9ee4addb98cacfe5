/**
 * To be written: an Office Open XML workbook (one sheet) from the table's text, zipped with
 * fflate. Every cell is a string (inline or shared), numeric columns right-aligned: a
 * spreadsheet cell of type number is a binary double, and money must stay exact.
 */
export function toXlsx(
  _sheetName: string,
  _header: readonly string[],
  _rows: readonly (readonly string[])[],
  _numeric: readonly boolean[],
): Uint8Array<ArrayBuffer> {
  throw new Error('xlsx export is not written yet');
}
