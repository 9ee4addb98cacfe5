/**
 * npm run bench:bulk — the SYNTHETIC programme's history (every project's proposal,
 * approval, start of works, monthly disbursements and monthly dispatch reports) loaded
 * through commands: NDJSON files, `npm run load` in processes of their own, the bulk
 * mutations of a standalone process on PostgreSQL started as another process.
 *
 *   BENCH_PROJECTS=50        projects (default: the document's 2,188, about 950k events)
 *   BENCH_MONTHS=72          months from January 2020
 *   BENCH_DISBURSEMENTS=5    disbursements per project and month
 *   BENCH_LOADERS=2          `npm run load` processes at a time (each on its own projects)
 *   BENCH_SKIP_BUILD=1       use dist/ as it is (otherwise `npm run build` first)
 *   BENCH_LAG_WAIT=300       seconds to wait after the load for the read models to catch up
 *   BENCH_CPU_PROF=dir       the server writes a CPU profile (node --cpu-prof) there on exit
 *   DATABASE_URL=...         PostgreSQL (default: the local one); the bench works in
 *                            schemas of its own and drops them afterwards
 *
 * The goal: the whole programme in under 10 minutes.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { DispatchReportEvent, ProjectEvent } from '@ledger/contracts';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const ROOT = join(__dirname, '..', '..');
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? '2188');
const MONTHS = Number(process.env.BENCH_MONTHS ?? '72');
const DISBURSEMENTS = Number(process.env.BENCH_DISBURSEMENTS ?? '5');
const LOADERS = Math.max(1, Number(process.env.BENCH_LOADERS ?? '2'));
const FULL_PROGRAMME_EVENTS = 2188 * (3 + 72 * 5 + 72);
const GOAL_SECONDS = 600;
/** How long to wait, after the load, for the read models to show all of it. */
const LAG_WAIT_SECONDS = Number(process.env.BENCH_LAG_WAIT ?? '300');

type Line = { kind: string; input: Record<string, unknown> };

/** The lead department of each network (who reports for its projects), from the plan. */
function leadDepartments(): Map<string, string> {
  const raw = JSON.parse(
    readFileSync(join(ROOT, 'seeds', 'jilin-761', 'networks.json'), 'utf8'),
  ) as { networks: Array<{ code: string; leadDepartment: string }> };
  return new Map(raw.networks.map((n) => [n.code, n.leadDepartment]));
}

/** A planning event of the generator as the command that records it. */
function planningCommand(event: ProjectEvent): Line {
  const key = (what: string) => `synthetic-${event.data.projectId}-${what}`;
  switch (event.type) {
    case 'ProjectProposed': {
      const d = event.data;
      return {
        kind: 'proposeProject',
        input: {
          idempotencyKey: key('propose'),
          projectId: d.projectId,
          nameZh: d.nameZh,
          nameEn: d.nameEn,
          networkCode: d.networkCode,
          categoryCode: d.categoryCode,
          tags: d.tags,
          regionCode: d.regionCode,
          responsibleUnit: d.responsibleUnit,
          constructionNature: d.constructionNature,
          plannedTotalInvestment: d.plannedTotalInvestment,
          fundingPlan: d.fundingPlan,
          plannedStart: d.plannedStart,
          plannedEnd: d.plannedEnd,
          annualInvestmentPlan: d.annualInvestmentPlan,
          synthetic: true,
        },
      };
    }
    case 'ProjectApproved': {
      const d = event.data;
      return {
        kind: 'approveProject',
        input: {
          idempotencyKey: key('approve'),
          projectId: d.projectId,
          authority: d.authority,
          documentNumber: d.documentNumber,
          approvedInvestment: d.approvedInvestment,
          approvedOn: d.approvedOn,
        },
      };
    }
    case 'ConstructionStarted':
      return {
        kind: 'startConstruction',
        input: {
          idempotencyKey: key('start'),
          projectId: event.data.projectId,
          date: event.data.startedOn,
        },
      };
    case 'FundsDisbursed': {
      const d = event.data;
      return {
        kind: 'disburseFunds',
        input: {
          idempotencyKey: key(`pay-${d.disbursementId}`),
          projectId: d.projectId,
          disbursementId: d.disbursementId,
          amount: d.amount,
          source: d.source,
          paidOn: d.paidOn,
          payee: d.payee,
        },
      };
    }
    case 'ProjectListedInPlan':
    case 'ProjectPlanAdjusted':
    case 'MilestoneScheduled':
    case 'MilestoneMet':
    case 'ProjectCompleted':
    case 'ProjectSuspended':
    case 'ProjectResumed':
    case 'ProjectCancelled':
    case 'ProjectMaturityRated':
    case 'NationalProjectCodeAssigned':
    case 'PreConstructionApprovalRecorded':
      throw new Error(`the synthetic programme has no ${event.type}`);
  }
}

function reportCommand(event: DispatchReportEvent): Line {
  if (event.type !== 'DispatchReportSubmitted') {
    throw new Error(`the synthetic programme has no command for ${event.type}`);
  }
  const d = event.data;
  return {
    kind: 'submitDispatchReport',
    input: {
      idempotencyKey: `synthetic-${d.projectId}-report-${d.period}`,
      projectId: d.projectId,
      period: d.period,
      investmentInMonth: d.investmentInMonth,
      cumulativeInvestment: d.cumulativeInvestment,
      physicalProgressPercent: d.physicalProgressPercent,
      physicalProgress: d.physicalProgress,
      quantities: d.quantities,
      problems: d.problems,
      submittedBy: d.submittedBy,
    },
  };
}

interface Files {
  /** One file of planning commands per loader, each with its own projects. */
  planning: string[];
  /** One file of reports per lead department: its token reports for its networks only. */
  reports: Array<{ department: string; file: string; count: number }>;
  commands: number;
  payments: number;
}

/** Writes the programme's commands as NDJSON, planning's first, then each department's reports. */
function writeFiles(dir: string): Files {
  const calendar = loadPrcCalendar();
  const lead = leadDepartments();
  const planning = Array.from({ length: LOADERS }, (_, i) => ({
    file: join(dir, `planning-${i + 1}.ndjson`),
    lines: [] as string[],
  }));
  const reports = new Map<string, string[]>();
  let project = 0;
  let commands = 0;
  let payments = 0;
  let network = '';
  for (const stream of syntheticProgramme({
    projects: PROJECTS,
    months: MONTHS,
    disbursementsPerMonth: DISBURSEMENTS,
    seed: 761,
    dueOn: (p) => calendar.dispatchReportDueDate(Number(p.slice(0, 4)), Number(p.slice(5, 7))),
  })) {
    for (const event of stream.events) {
      commands++;
      if (stream.streamId.startsWith('project-')) {
        const command = planningCommand(event as ProjectEvent);
        if (command.kind === 'disburseFunds') payments++;
        if (command.kind === 'proposeProject') {
          project++;
          network = String(command.input.networkCode);
        }
        planning[project % LOADERS]!.lines.push(JSON.stringify(command));
      } else {
        const department = lead.get(network);
        if (!department) throw new Error(`network ${network} has no lead department`);
        const lines = reports.get(department) ?? [];
        lines.push(JSON.stringify(reportCommand(event as DispatchReportEvent)));
        reports.set(department, lines);
      }
    }
  }
  for (const p of planning) writeFileSync(p.file, `${p.lines.join('\n')}\n`);
  return {
    planning: planning.map((p) => p.file),
    reports: [...reports].map(([department, lines]) => {
      const file = join(dir, `reports-${department}.ndjson`);
      writeFileSync(file, `${lines.join('\n')}\n`);
      return { department, file, count: lines.length };
    }),
    commands,
    payments,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The machine's busy and total CPU time so far, from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = values.map(Number);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - n[3]! - n[4]!, total };
}

interface LoadRun {
  file: string;
  code: number | null;
  summary: string;
  recorded: number;
  refused: number;
}

/** `npm run load` as a user runs it: its own process, the public endpoint, a token. */
function runLoader(file: string, url: string, token: string, out: string): Promise<LoadRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(ROOT, 'apps/load-cli/src/cli.ts'),
        '--file',
        file,
        '--url',
        url,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, LEDGER_TOKEN: token },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.pipe(createWriteStream(out));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const match = /(\d+) recorded, (\d+) replayed, (\d+) refused, (\d+) not applied/.exec(stderr);
      resolve({
        file,
        code,
        summary: stderr.trim(),
        recorded: Number(match?.[1] ?? 0),
        refused: Number(match?.[3] ?? 0) + Number(match?.[4] ?? 0),
      });
    });
  });
}

/** Runs the loaders, at most LOADERS at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  const queue = tasks.map((task, i) => ({ task, i }));
  await Promise.all(
    Array.from({ length: Math.min(LOADERS, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        results[next.i] = await next.task();
      }
    }),
  );
  return results;
}

async function waitUntilUp(url: string, token: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ ledgerStatus { adapter } }' }),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the server did not answer within 5 minutes');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-bulk-'));
  const schema = uniqueSchemaName('bulk');
  const schemas = {
    store: `${schema}_store`,
    planning: `${schema}_planning`,
    reporting: `${schema}_reporting`,
    assessment: `${schema}_assessment`,
  };
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  let server: ChildProcess | undefined;
  try {
    const generated = performance.now();
    const files = writeFiles(dir);
    process.stdout.write(
      `SYNTHETIC programme: ${PROJECTS} projects x ${MONTHS} months, ${files.commands.toLocaleString('en-US')} commands ` +
        `(${files.planning.length} planning files, ${files.reports.length} report files) in ${((performance.now() - generated) / 1000).toFixed(1)} s\n`,
    );

    if (process.env.BENCH_SKIP_BUILD !== '1') {
      process.stdout.write('npm run build ...\n');
      const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('npm run build failed');
    }
    const dataDir = join(dir, 'data');
    const key = await loadOrCreateLocalKey(join(dataDir, 'auth'));
    const token = (request: Omit<TokenRequest, 'subject'>) =>
      mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
        subject: 'bench-bulk',
        ttlSeconds: 86_400,
        ...request,
      });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/graphql`;
    const profile = process.env.BENCH_CPU_PROF;
    const node = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
    server = spawn(process.execPath, [...node, join(ROOT, 'dist/apps/gateway/src/main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl(),
        EVENT_STORE_SCHEMA: schemas.store,
        PLANNING_SCHEMA: schemas.planning,
        REPORTING_SCHEMA: schemas.reporting,
        ASSESSMENT_SCHEMA: schemas.assessment,
        // The history is loaded, not lived: no deadline watcher or sweep in between.
        DEADLINE_CHECK_INTERVAL_MS: '0',
        RISK_SWEEP_INTERVAL_MS: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const office = await token({ role: 'planning_office' });
    await waitUntilUp(url, office, server);
    const head = async () =>
      BigInt(
        (
          await db.query<{ head: string | null }>(
            `SELECT max(global_position)::text AS head FROM "${schemas.store}".events`,
          )
        ).rows[0]?.head ?? '0',
      );
    const headBefore = await head();
    const countEvents = async () =>
      Number(
        (await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schemas.store}".events`))
          .rows[0]!.n,
      );
    const eventsBefore = await countEvents();
    process.stdout.write(
      `server up on ${url} (PostgreSQL, schema ${schemas.store}), ${eventsBefore} events of the seed\n`,
    );

    const cpuStart = machineCpu();
    const serverCpuStart = cpuSeconds(server.pid!);
    const started = performance.now();
    const planning = await pool(
      files.planning.map(
        (file, i) => () =>
          runLoader(file, url, office, join(dir, `outcomes-planning-${i + 1}.ndjson`)),
      ),
    );
    const planningSeconds = (performance.now() - started) / 1000;
    const reportTokens = await Promise.all(
      files.reports.map((r) => token({ role: 'lead_department', department: r.department })),
    );
    const reports = await pool(
      files.reports.map(
        (r, i) => () =>
          runLoader(r.file, url, reportTokens[i]!, join(dir, `outcomes-${r.department}.ndjson`)),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const serverCpu = cpuSeconds(server.pid!) - serverCpuStart;
    const cpuEnd = machineCpu();
    const busy = (cpuEnd.busy - cpuStart.busy) / (cpuEnd.total - cpuStart.total);

    const runs = [...planning, ...reports];
    for (const run of runs) {
      const name = run.file.slice(dir.length + 1);
      process.stdout.write(
        `  ${name}: exit ${run.code}, ${run.summary.replace(/^load: /gm, '')}\n`,
      );
    }
    const recorded = runs.reduce((n, r) => n + r.recorded, 0);
    const refused = runs.reduce((n, r) => n + r.refused, 0);
    const loaded = (await countEvents()) - eventsBefore;
    const rate = recorded / seconds;

    // How long the read models take to show all of it, after the last command was answered:
    // the project library's payments and the register's reports, counted in their tables.
    const loadedHead = await head();
    const caughtUp = performance.now();
    const shown = async () => {
      const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]!.n);
      return {
        payments: await count(
          `SELECT count(*)::text AS n FROM "${schemas.planning}".disbursements WHERE project_id LIKE 'synthetic-%'`,
        ),
        reports: await count(
          `SELECT count(*)::text AS n FROM "${schemas.reporting}".dispatch_reports WHERE project_id LIKE 'synthetic-%'`,
        ),
      };
    };
    let lagSeconds: number | null = null;
    let last = { payments: 0, reports: 0 };
    while ((performance.now() - caughtUp) / 1000 < LAG_WAIT_SECONDS) {
      last = await shown();
      if (
        last.payments >= files.payments &&
        last.reports >= files.reports.reduce((n, r) => n + r.count, 0)
      ) {
        lagSeconds = (performance.now() - caughtUp) / 1000;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const lines = [
      `commands recorded   ${recorded.toLocaleString('en-US')} of ${files.commands.toLocaleString('en-US')} (${refused} refused or not applied)`,
      `events appended     ${loaded.toLocaleString('en-US')} (positions ${headBefore + 1n}..${loadedHead}; reactions' events included)`,
      `planning phase      ${planningSeconds.toFixed(1)} s, reports phase ${(seconds - planningSeconds).toFixed(1)} s`,
      `load                ${seconds.toFixed(1)} s, ${Math.round(rate).toLocaleString('en-US')} commands (events)/s with ${LOADERS} loader(s)`,
      `read models         ${
        lagSeconds === null
          ? `not caught up ${LAG_WAIT_SECONDS} s after the load: ${last.payments} payments and ${last.reports} reports shown`
          : `caught up ${lagSeconds.toFixed(1)} s after the load`
      }`,
      `CPU                 server process ${serverCpu.toFixed(1)} s (${Math.round((serverCpu / seconds) * 100)}% of one core); machine ${Math.round(busy * 100)}% busy (2 cores: PostgreSQL, loaders and the rest)`,
      `the whole programme ${FULL_PROGRAMME_EVENTS.toLocaleString('en-US')} events at this rate: ${Math.round(FULL_PROGRAMME_EVENTS / rate)} s (goal < ${GOAL_SECONDS} s)`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (recorded !== files.commands) process.exitCode = 1;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    for (const name of Object.values(schemas)) {
      await db.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    }
    await db.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
