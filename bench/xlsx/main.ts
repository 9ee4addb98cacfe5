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
import { REQUEST_BODY_LIMIT } from '@ledger/api';
import { Figure, ms, reportFigures } from '../shared/figures';
import { withServer } from '../shared/server-process';
import { storeTarget } from '../shared/store-targets';
import { filled, proposals } from './workbook';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? '2188');

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
        const rows = proposals(PROJECTS);
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
        // Warm-up, untimed: 100 other proposals through the bulk path and a small workbook.
        const warm = proposals(100).map((p) => ({ ...p, projectId: `${p.projectId}-warm` }));
        await post(mutation, { workbook: (await filled(template, warm)).toString('base64') });
        const first = await timed('import');
        if (first.result.recorded !== rows.length) throw new Error('not every row was recorded');
        const again = await timed('the same file again');
        if (again.result.replayed !== rows.length) throw new Error('not every row was replayed');
        // The same proposals (other ids) through planningCommands itself, in chunks of 1,000:
        // what the bulk path costs on this machine now, beside what the workbook adds to it.
        const bulkStarted = performance.now();
        for (let at = 0; at < rows.length; at += 1000) {
          const commands = rows.slice(at, at + 1000).map((p) => ({
            proposeProject: {
              idempotencyKey: `bench-xlsx-bulk-${p.projectId}`,
              projectId: `${p.projectId}-bulk`,
              nameZh: p.nameZh,
              nameEn: p.nameEn,
              networkCode: p.networkCode,
              categoryCode: p.categoryCode,
              tags: p.tags,
              regionCode: p.regionCode,
              responsibleUnit: p.responsibleUnit,
              constructionNature: p.constructionNature,
              plannedTotalInvestment: p.plannedTotalInvestment,
              fundingPlan: p.fundingPlan,
              plannedStart: p.plannedStart,
              plannedEnd: p.plannedEnd,
              annualInvestmentPlan: p.annualInvestmentPlan,
              synthetic: true,
            },
          }));
          const batch = await post<{ recorded: number }>(
            'mutation($commands: [PlanningCommandInput!]!) { planningCommands(commands: $commands) { recorded } }',
            { commands },
          );
          if (batch.recorded !== commands.length) throw new Error('the bulk path refused some');
        }
        const bulkElapsed = performance.now() - bulkStarted;
        process.stderr.write(
          `xlsx: the same proposals through planningCommands: ${(bulkElapsed / 1000).toFixed(2)} s\n`,
        );
        figures.push(
          ms(`import ${rows.length} projects from one xlsx (PostgreSQL)`, first.elapsed),
          ms(
            `${rows.length} proposals through planningCommands, for comparison (PostgreSQL)`,
            bulkElapsed,
          ),
          ms(`re-import ${rows.length} projects, all replayed (PostgreSQL)`, again.elapsed),
        );
        process.stdout.write(
          `| scenario | wall time |\n|---|---|\n| import ${rows.length} synthetic projects from one xlsx (${file.length} bytes) | ${(first.elapsed / 1000).toFixed(2)} s |\n| the same file again (all REPLAYED) | ${(again.elapsed / 1000).toFixed(2)} s |\n| the same proposals through planningCommands (no workbook) | ${(bulkElapsed / 1000).toFixed(2)} s |\n`,
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
