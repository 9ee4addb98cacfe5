/**
 * npm run bench:xlsx — the SYNTHETIC project library (the document's 2,188 projects, every one
 * marked 模拟数据 是 / synthetic: true, ids `synthetic-...`) in one xlsx, filled into the
 * template the server hands out, imported through `importProjectLibraryWorkbook` at the
 * public endpoint of a standalone process on PostgreSQL started as another process. Then the
 * same file again (every row REPLAYED, nothing recorded).
 *
 *   BENCH_PROJECTS=2188   projects (rows)
 *   BENCH_JSON=file       also write the figures there, for bench:all
 *   DATABASE_URL=...      PostgreSQL (default: the local one); schemas of its own, dropped after
 */
import ExcelJS from 'exceljs';
import { FUNDING_SOURCES } from '@ledger/contracts/planning/project-vocabulary';
import { ProjectEvent } from '@ledger/contracts';
import { REQUEST_BODY_LIMIT } from '@ledger/api';
import { formatYuan, parseYuan, Fen } from '@ledger/domain-kernel';
import { Figure, ms, reportFigures } from '../shared/figures';
import { withServer } from '../shared/server-process';
import { storeTarget } from '../shared/store-targets';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? '2188');
const SHEET = '项目库';

type Proposed = Extract<ProjectEvent, { type: 'ProjectProposed' }>['data'];

/** The synthetic programme's proposals, each with a two-source funding plan that adds up. */
function proposals(): Proposed[] {
  const out: Proposed[] = [];
  for (const stream of syntheticProgramme({
    projects: PROJECTS,
    months: 72,
    disbursementsPerMonth: 0,
    seed: 761,
    dueOn: () => '2020-01-01',
  })) {
    for (const event of stream.events) {
      if (event.type !== 'ProjectProposed') continue;
      const total = parseYuan(event.data.plannedTotalInvestment, 'total');
      const bonds = ((total / 2n / 100n) * 100n) as Fen;
      out.push({
        ...event.data,
        fundingPlan: [
          { source: 'special_bonds', amount: formatYuan(bonds) },
          { source: 'bank_credit', amount: formatYuan((total - bonds) as Fen) },
        ],
      });
    }
  }
  return out;
}

type Load = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];

/** The server's template with one row per proposal, written as a planner's Excel would keep it. */
async function filled(template: Buffer, rows: readonly Proposed[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // The template's validations stay out of the filled copy: exceljs rewrites them cell by cell
  // (minutes for 10,000 rows of 30 columns), which is the bench's cost, not the import's.
  await workbook.xlsx.load(template as unknown as Load, { ignoreNodes: ['dataValidations'] });
  const sheet = workbook.getWorksheet(SHEET)!;
  const column = new Map<string, number>();
  sheet.getRow(2).eachCell((cell, n) => column.set(cell.text, n));
  const set = (row: number, field: string, value: ExcelJS.CellValue): void => {
    const n = column.get(field);
    if (n === undefined) throw new Error(`the template has no column ${field}`);
    sheet.getCell(row, n).value = value;
  };
  rows.forEach((p, i) => {
    const r = i + 3;
    set(r, 'projectId', p.projectId);
    set(r, 'nameZh', p.nameZh);
    set(r, 'nameEn', p.nameEn);
    set(r, 'networkCode', p.networkCode);
    set(r, 'categoryCode', p.categoryCode);
    set(r, 'tags', p.tags.join(','));
    set(r, 'regionCode', p.regionCode);
    set(r, 'responsibleUnit', p.responsibleUnit);
    set(r, 'constructionNature', p.constructionNature);
    set(r, 'plannedTotalInvestment', p.plannedTotalInvestment);
    for (const line of p.fundingPlan) {
      if (!FUNDING_SOURCES.includes(line.source)) throw new Error(`no source ${line.source}`);
      set(r, `fundingPlan.${line.source}`, line.amount);
    }
    set(r, 'plannedStart', p.plannedStart);
    set(r, 'plannedEnd', p.plannedEnd);
    for (const a of p.annualInvestmentPlan) set(r, `annualInvestmentPlan.${a.year}`, a.amount);
    set(r, 'synthetic', '是');
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Imported {
  recorded: number;
  replayed: number;
  refused: number;
  rows: Array<{ row: number; outcome: string; message: string | null; cell: string | null }>;
}

async function main(): Promise<void> {
  const target = storeTarget('postgres', 'bench_xlsx', { poolSize: 10 });
  const figures: Figure[] = [];
  try {
    await withServer(
      {
        service: 'gateway',
        store: target,
        env: { LOAD_SEED: 'true', DEADLINE_CHECK_INTERVAL_MS: '0', RISK_SWEEP_INTERVAL_MS: '0' },
      },
      async (server) => {
        const headers = await server.headers({ role: 'planning_office', subject: 'bench-xlsx' });
        const post = async <T>(query: string, variables: Record<string, unknown> = {}) => {
          const response = await fetch(server.graphql, {
            method: 'POST',
            headers,
            body: JSON.stringify({ query, variables }),
          });
          const body = (await response.json()) as {
            data?: Record<string, T>;
            errors?: Array<{ message: string }>;
          };
          if (!response.ok || body.errors) {
            throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
          }
          return Object.values(body.data!)[0]!;
        };
        const template = Buffer.from(
          (await post<{ base64: string }>('query { projectLibraryTemplate { base64 } }')).base64,
          'base64',
        );
        const rows = proposals();
        const file = await filled(template, rows);
        const base64 = file.toString('base64');
        process.stderr.write(
          `xlsx: ${rows.length} synthetic projects, ${file.length} bytes (${base64.length} in base64; the request limit is ${REQUEST_BODY_LIMIT})\n`,
        );
        const mutation = `mutation($workbook: String!) { importProjectLibraryWorkbook(workbook: $workbook) { recorded replayed refused rows { row outcome message cell } } }`;
        const timed = async (label: string) => {
          const started = performance.now();
          const result = await post<Imported>(mutation, { workbook: base64 });
          const elapsed = performance.now() - started;
          process.stderr.write(
            `xlsx: ${label}: ${(elapsed / 1000).toFixed(2)} s — ${result.recorded} recorded, ${result.replayed} replayed, ${result.refused} refused\n`,
          );
          const refused = result.rows.find((r) => r.outcome === 'REFUSED');
          if (refused)
            throw new Error(`row ${refused.row} refused: ${refused.cell} ${refused.message}`);
          return { elapsed, result };
        };
        const first = await timed('import');
        if (first.result.recorded !== rows.length) throw new Error('not every row was recorded');
        const again = await timed('the same file again');
        if (again.result.replayed !== rows.length) throw new Error('not every row was replayed');
        figures.push(
          ms(`import ${rows.length} projects from one xlsx (PostgreSQL)`, first.elapsed),
          ms(`re-import ${rows.length} projects, all replayed (PostgreSQL)`, again.elapsed),
        );
        process.stdout.write(
          `| scenario | wall time |\n|---|---|\n| import ${rows.length} synthetic projects from one xlsx (${file.length} bytes) | ${(first.elapsed / 1000).toFixed(2)} s |\n| the same file again (all REPLAYED) | ${(again.elapsed / 1000).toFixed(2)} s |\n`,
        );
      },
    );
  } finally {
    await target.dispose();
  }
  reportFigures('xlsx', figures);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:xlsx: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
