import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  PreparedWorkbookRow,
  WorkbookImportRows,
  importWorkbookRows,
  workbookRefused,
} from '@ledger/api';
import { Principal } from '@ledger/auth';
import { BulkOutcome } from '@ledger/event-sourcing';
import {
  CodeList,
  TableRow,
  WorkbookRefusedError,
  XLSX_MEDIA_TYPE,
  buildResultWorkbook,
  buildTemplate,
  readTable,
  rowIdempotencyKey,
} from '@ledger/spreadsheets';
import { ProgrammeCatalogue } from '../programme/write/programme-catalogue';
import { PlanningReadModels } from '../read-models/planning-read-models';
import { PlanningCommandInput, ProposeProjectInput } from '../project/graphql/project.inputs';
import { ExecuteProjectCommands } from '../project/write/execute-project-commands';
import { prepareProjectCommands } from '../project/write/prepare-project-commands';
import { CONSTRUCTION_NATURES } from '../project/domain/project-vocabulary';
import {
  CONSTRUCTION_NATURE_ZH,
  PROJECT_LIBRARY_TEMPLATE,
  ProjectLibraryKey,
  RULE_COLUMNS,
  projectLibrarySpec,
  proposalOf,
} from './project-library-sheet';
import { PlanningDocument, PlanningWorkbookImport } from './project-library-workbook.types';

/**
 * The project library as a workbook: the template to fill, and a filled one imported through
 * the bulk path of `planningCommands` (each row one proposeProject, parsed and allowed as the
 * mutation is), with a report per row.
 */
@Injectable()
export class ProjectLibraryWorkbook {
  private readonly logger = new Logger(ProjectLibraryWorkbook.name);

  constructor(
    private readonly commandBus: CommandBus,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly readModels: PlanningReadModels,
  ) {}

  private async spec() {
    const programme = await this.readModels.programme.programme();
    if (!programme) throw new Error('the programme is not established yet');
    return { programme, spec: projectLibrarySpec(programme) };
  }

  async template(): Promise<PlanningDocument> {
    const { programme, spec } = await this.spec();
    const networks = await this.readModels.programme.networks();
    const categories = (
      await Promise.all(networks.map((n) => this.readModels.programme.categories(n.code)))
    ).flat();
    const regions = await this.readModels.programme.regions();
    const lists: Partial<Record<ProjectLibraryKey, CodeList>> = {
      networkCode: {
        title: '网络',
        entries: networks.map((n) => ({ code: n.code, nameZh: n.nameZh })),
      },
      categoryCode: {
        title: '类别',
        entries: categories.map((c) => ({
          code: c.code,
          nameZh: `${networks.find((n) => n.code === c.networkCode)?.nameZh ?? c.networkCode}：${c.nameZh}`,
        })),
      },
      regionCode: {
        title: '地区',
        entries: regions.map((r) => ({ code: r.code, nameZh: r.nameZh })),
      },
      constructionNature: {
        title: '建设性质',
        entries: CONSTRUCTION_NATURES.map((n) => ({ code: n, nameZh: CONSTRUCTION_NATURE_ZH[n] })),
      },
      tags: {
        title: '新基建标签',
        entries: programme.newInfrastructureTags.map((t) => ({ code: t.code, nameZh: t.nameZh })),
        listOnly: true,
      },
    };
    const bytes = await buildTemplate(spec, {
      readme: [
        `${programme.nameZh} 项目库导入模板 / project library import template`,
        `在“${spec.sheetName}”表第 3 行起每行填写一个项目；第 1 行为中文表头，第 2 行为字段名，请勿修改。`,
        `One project per row of the sheet “${spec.sheetName}” from row 3; row 1 holds the Chinese headers, row 2 the API's field names: keep both.`,
        '金额以“元”为单位，请按文本填写，最多两位小数（如 1250000.50）；数字格式的单元格只有在恰为两位以内小数时才被接受，绝不四舍五入。',
        'Amounts are yuan, typed as text with at most two decimals; a number cell is taken only when it is exact to two decimals, never rounded.',
        '不接受公式、合并单元格；每次最多 10000 行。每行单独记录或单独被拒，结果报告指出被拒的单元格。',
        'No formulas, no merged cells, at most 10,000 rows. Each row is recorded or refused on its own; the report names the cell of each refusal.',
        '同一文件再次导入不会重复记录（每行的幂等键由该行内容生成）。',
        'Importing the same file again records nothing new: each row’s idempotency key is derived from its content.',
        `代码见“代码表” / codes are listed on the sheet 代码表.`,
      ],
      lists,
    });
    return {
      fileName: 'project-library-template.xlsx',
      mediaType: XLSX_MEDIA_TYPE,
      base64: bytes.toString('base64'),
    };
  }

  async import(principal: Principal, file: Buffer): Promise<PlanningWorkbookImport> {
    const started = performance.now();
    const { spec } = await this.spec();
    let rows: TableRow<ProjectLibraryKey>[];
    try {
      rows = (await readTable(file, spec)).rows;
    } catch (error) {
      if (error instanceof WorkbookRefusedError) throw workbookRefused(error.reason, error.message);
      throw error;
    }
    const read = performance.now();
    const keys = spec.columns.map((c) => c.key);
    const prepared = rows.map((row): PreparedWorkbookRow<ProposeProjectInput> => {
      const key = rowIdempotencyKey(PROJECT_LIBRARY_TEMPLATE, keys, row.values);
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
      const proposal = proposalOf(row, key);
      if ('message' in proposal) {
        return { ...base, input: null, refusal: proposal, cellOf: () => proposal.cell };
      }
      return {
        ...base,
        input: proposal.input,
        refusal: null,
        cellOf: (field, rule) => {
          if (field !== null) {
            return (
              proposal.fieldCells.get(field) ??
              proposal.fieldCells.get(field.replace(/\[.*$/, '')) ??
              null
            );
          }
          const column = rule === null ? undefined : RULE_COLUMNS[rule];
          if (column === 'projectId') return row.cellOf('projectId') ?? row.cellOf('nameZh');
          return column === undefined ? null : row.cellOf(column);
        },
      };
    });
    const result = await importWorkbookRows(prepared, (inputs) => this.send(principal, inputs), {
      // A proposal without an id has the one derived from its key: the report names it.
      projectOfStream: (streamId) => streamId.replace(/^project-/, ''),
    });
    const sent = performance.now();
    const report = await this.report(result);
    // One line per import: where its time went (the file, the commands, the report).
    this.logger.log(
      `project library: ${rows.length} rows (${result.recorded} recorded, ${result.replayed} replayed, ${result.refused} refused): read ${Math.round(read - started)} ms, commands ${Math.round(sent - read)} ms, report ${Math.round(performance.now() - sent)} ms`,
    );
    return { ...result, report };
  }

  private async send(principal: Principal, inputs: ProposeProjectInput[]): Promise<BulkOutcome[]> {
    const commands: PlanningCommandInput[] = inputs.map((proposeProject) => ({ proposeProject }));
    const prepared = await prepareProjectCommands(commands, principal, () =>
      this.catalogue.current(),
    );
    return this.commandBus.execute<ExecuteProjectCommands, BulkOutcome[]>(
      new ExecuteProjectCommands(prepared),
    );
  }

  private async report(result: WorkbookImportRows): Promise<PlanningDocument> {
    const bytes = await buildResultWorkbook(
      '项目库导入结果 / project library import',
      result.rows.map((r) => ({ ...r, subject: r.projectId })),
      '项目编号 projectId',
    );
    return {
      fileName: 'project-library-import-report.xlsx',
      mediaType: XLSX_MEDIA_TYPE,
      base64: bytes.toString('base64'),
    };
  }
}
