import ExcelJS from 'exceljs';

type Load = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];

/**
 * Fills a downloaded template as a planner would: by the Chinese headers of row 1, from row 3
 * down, in exceljs. `edit` may do what a planner should not (a formula, merged cells).
 */
export async function fillTemplate(
  template: Buffer,
  sheetName: string,
  rows: ReadonlyArray<Readonly<Record<string, ExcelJS.CellValue>>>,
  edit?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as Load, { ignoreNodes: ['dataValidations'] });
  const sheet = workbook.getWorksheet(sheetName);
  if (!sheet) throw new Error(`the template has no sheet ${sheetName}`);
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(cell.text, column));
  rows.forEach((row, i) => {
    for (const [header, value] of Object.entries(row)) {
      const column = columns.get(header);
      if (column === undefined) throw new Error(`no column ${header}`);
      sheet.getCell(i + 3, column).value = value;
    }
  });
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows of a result workbook below its three title rows, as arrays of cell values. */
export async function resultRows(report: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(report as unknown as Load);
  const sheet = workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 3) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** The column letter of a header in a template's first row. */
export async function columnOf(
  template: Buffer,
  sheetName: string,
  header: string,
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as Load, { ignoreNodes: ['dataValidations'] });
  let found: string | undefined;
  workbook
    .getWorksheet(sheetName)!
    .getRow(1)
    .eachCell((cell) => {
      if (cell.value === header) found = cell.address.replace(/\d+$/, '');
    });
  if (!found) throw new Error(`no column ${header}`);
  return found;
}
