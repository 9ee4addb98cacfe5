import ExcelJS from 'exceljs';
import { buildTemplate, readTable } from '@ledger/spreadsheets';
import { DISPATCH_REPORT_SPEC } from '../apps/reporting/src/dispatch-report-workbook/dispatch-report-sheet';
async function main() {
  let t = performance.now();
  const file = await buildTemplate(DISPATCH_REPORT_SPEC, { readme: ['x'], lists: {} });
  console.log('build', performance.now() - t, file.length); t = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as never);
  console.log('load', performance.now() - t); t = performance.now();
  await wb.xlsx.writeBuffer();
  console.log('write', performance.now() - t); t = performance.now();
  await readTable(file, DISPATCH_REPORT_SPEC);
  console.log('readTable', performance.now() - t);
}
void main();
