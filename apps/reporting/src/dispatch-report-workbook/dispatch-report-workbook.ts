import { Injectable } from '@nestjs/common';
import {
  PreparedWorkbookRow,
  WorkbookImportRows,
  importWorkbookRows,
  workbookRefused,
} from '@ledger/api';
import { Principal } from '@ledger/auth';
import {
  TableRow,
  WorkbookRefusedError,
  XLSX_MEDIA_TYPE,
  buildResultWorkbook,
  buildTemplate,
  readTable,
  rowIdempotencyKey,
} from '@ledger/spreadsheets';
import { DispatchReportInput } from '../dispatch-report/graphql/dispatch-report.types';
import { DispatchReportBatch } from '../dispatch-report/write/dispatch-report-batch';
import {
  DISPATCH_REPORT_SPEC,
  DISPATCH_REPORT_TEMPLATE,
  DispatchReportKey,
  RULE_COLUMNS,
  reportOf,
} from './dispatch-report-sheet';
import { ReportingDocument, ReportingWorkbookImport } from './dispatch-report-workbook.types';

/**
 * Monthly dispatch reports as a workbook: the template, and a filled one imported through the
 * bulk path of `reportingCommands` (each row one submitDispatchReport: scope, the project's
 * standing and due date judged as for the mutation), with a report per row.
 */
@Injectable()
export class DispatchReportWorkbook {
  constructor(private readonly batch: DispatchReportBatch) {}

  async template(): Promise<ReportingDocument> {
    const bytes = await buildTemplate(DISPATCH_REPORT_SPEC, {
      readme: [
        '月度调度报告导入模板 / monthly dispatch report import template',
        `在“${DISPATCH_REPORT_SPEC.sheetName}”表第 3 行起每行填写一个项目一个月的调度情况；第 1 行为中文表头，第 2 行为字段名，请勿修改。`,
        `One project and month per row of the sheet “${DISPATCH_REPORT_SPEC.sheetName}” from row 3; keep the two header rows.`,
        '金额以“元”为单位，请按文本填写，最多两位小数；数字格式的单元格只有在恰为两位以内小数时才被接受，绝不四舍五入。',
        'Amounts are yuan, typed as text with at most two decimals; a number cell is taken only when it is exact to two decimals, never rounded.',
        '只能报送本单位负责的项目；每月报告在次月第 5 个工作日前报送。不接受公式、合并单元格；每次最多 10000 行。',
        'Only projects your unit answers for; due by the 5th working day of the next month. No formulas, no merged cells, at most 10,000 rows.',
        '每行单独记录或单独被拒，结果报告指出被拒的单元格；同一文件再次导入不会重复记录。',
        'Each row is recorded or refused on its own, the report names the cell; importing the same file again records nothing new.',
      ],
      lists: {},
    });
    return {
      fileName: 'dispatch-report-template.xlsx',
      mediaType: XLSX_MEDIA_TYPE,
      base64: bytes.toString('base64'),
    };
  }

  async import(principal: Principal, file: Buffer): Promise<ReportingWorkbookImport> {
    let rows: TableRow<DispatchReportKey>[];
    try {
      rows = (await readTable(file, DISPATCH_REPORT_SPEC)).rows;
    } catch (error) {
      if (error instanceof WorkbookRefusedError) throw workbookRefused(error.reason, error.message);
      throw error;
    }
    const keys = DISPATCH_REPORT_SPEC.columns.map((c) => c.key);
    const prepared = rows.map((row): PreparedWorkbookRow<DispatchReportInput> => {
      const base = { row: row.row, projectId: row.values.projectId ?? null };
      const problem = row.problems[0];
      if (problem) {
        return {
          ...base,
          input: null,
          refusal: { cell: problem.cell, message: `${problem.cell} ${problem.message}` },
          cellOf: () => problem.cell,
        };
      }
      const report = reportOf(row, rowIdempotencyKey(DISPATCH_REPORT_TEMPLATE, keys, row.values));
      return {
        ...base,
        input: report.input,
        refusal: null,
        cellOf: (field, rule) => {
          if (field !== null) return report.fieldCells.get(field) ?? null;
          const column = rule === null ? undefined : RULE_COLUMNS[rule];
          return column === undefined ? row.cellOf('projectId') : row.cellOf(column);
        },
      };
    });
    const result = await importWorkbookRows(prepared, (inputs) =>
      this.batch.run(
        principal,
        inputs.map((submitDispatchReport) => ({ submitDispatchReport })),
      ),
    );
    return { ...result, report: await this.report(result) };
  }

  private async report(result: WorkbookImportRows): Promise<ReportingDocument> {
    const bytes = await buildResultWorkbook(
      '月度调度报告导入结果 / dispatch report import',
      result.rows.map((r) => ({ ...r, subject: r.projectId })),
      '项目编号 projectId',
    );
    return {
      fileName: 'dispatch-report-import-report.xlsx',
      mediaType: XLSX_MEDIA_TYPE,
      base64: bytes.toString('base64'),
    };
  }
}
