/**
 * npm run bench:all — every benchmark at a short scale, one after another, each in its own
 * process; their figures go into the generated table at the top of bench/RESULTS.md, with
 * the date, commit, load average and machine. Before writing it, every figure is compared
 * with the committed table's (git HEAD), and each one more than 30 % worse is printed. The
 * machine is shared and noisy: a figure printed here is a reason to re-run, not yet a
 * regression. Exits 0 whatever the figures say; 1 only if a benchmark failed to run.
 *
 *   BENCH_ONLY=planning,gateway   only these benches (the others' rows are carried over)
 *   BENCH_STORES=...              passed to every bench (default: each bench's own)
 *   BENCH_ALL_TIMEOUT=300         seconds a bench may take before it is stopped
 *   BENCH_ALL_KAFKA=start         start a Kafka broker for bench:relay if none answers (and
 *                                 stop it after); `skip` skips bench:relay instead
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { kafkaBrokers } from '@ledger/testing';
import { BenchFigures, Figure } from '../shared/figures';
import { ensureBuilt } from '../shared/server-process';
import {
  ResultRow,
  benchOf,
  compareFigures,
  figuresFromStoreTable,
  formatValue,
  parseResultsTable,
  renderResultsSection,
  replaceResultsSection,
  REGRESSION_THRESHOLD,
} from './results-table';

const ROOT = join(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

interface Bench {
  name: string;
  /** The short scale: seconds per scenario, programme size, rates. */
  env: Record<string, string>;
  /** bench:store writes no BENCH_JSON (yet): its figures are read from its printed table. */
  figuresFromStdout?: (stdout: string) => Figure[];
  needsKafka?: boolean;
}

/** About 7 minutes in all on a quiet 2-core machine. */
const BENCHES: Bench[] = [
  {
    name: 'store',
    env: { BENCH_SCALE: '0.05', BENCH_ROUNDS: '1' },
    figuresFromStdout: figuresFromStoreTable,
  },
  { name: 'planning', env: { BENCH_DURATION: '5', BENCH_RATE: '100' } },
  {
    name: 'reporting',
    env: { BENCH_PROJECTS: '100', BENCH_MONTHS: '24', BENCH_DURATION: '5', BENCH_RATE: '100' },
  },
  {
    name: 'assessment',
    env: { BENCH_PROJECTS: '100', BENCH_MONTHS: '24', BENCH_DURATION: '5', BENCH_RATE: '100' },
  },
  {
    name: 'relay',
    env: { BENCH_BACKLOG: '20000', BENCH_LIVE_RATE: '500', BENCH_DURATION: '5' },
    needsKafka: true,
  },
  { name: 'audit', env: { BENCH_SCALE: '0.05', BENCH_PGLITE_SCALE: '0.02' } },
  { name: 'gateway', env: { BENCH_DURATION: '6', BENCH_WARMUP: '2', BENCH_RATE: '50' } },
  { name: 'console', env: { BENCH_RUNS: '5', BENCH_LIVE: '10' } },
  { name: 'circular', env: { BENCH_PROJECTS: '100', BENCH_MONTHS: '48', BENCH_RUNS: '5' } },
];

const SCALE_NOTE =
  "Short scale, for noticing a change, not for the issues' goals: 5-6 s per scenario at 50-100 requests/s, " +
  '100 SYNTHETIC projects x 24 months for reporting and assessment, 5 % of the programme for audit ' +
  '(2 % on PGlite), BENCH_SCALE=0.05 for the store, a 20,000-event backlog for the relay, 5 page ' +
  'loads and 10 live payments for the console, 100 SYNTHETIC projects x 48 months and 5 docx runs for the circular. The ' +
  "hand-written sections below hold each issue's full-scale runs.";

type Outcome =
  | { kind: 'ran'; seconds: number; figures: Figure[] }
  | { kind: 'failed'; seconds: number; why: string }
  | { kind: 'skipped'; why: string };

/** Variables of ours that must not leak into a bench and change its scale. */
const OWN_VARIABLES = /^BENCH_(?!STORES$|SERVER_NODE_ARGS$)/;

async function runBench(bench: Bench, dir: string): Promise<Outcome> {
  const script = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts[`bench:${bench.name}`];
  // Run as `npm run bench:<name>` runs it, but as this process's own child, so that an
  // interrupt reaches it directly and it stops its servers itself.
  const words = script?.split(' ') ?? [];
  if (words[0] !== 'node')
    return { kind: 'skipped', why: `no "node ..." script bench:${bench.name}` };
  const json = join(dir, `${bench.name}.json`);
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!OWN_VARIABLES.test(name)) env[name] = value;
  Object.assign(env, bench.env, { BENCH_JSON: json });
  const timeoutSeconds = Number(process.env.BENCH_ALL_TIMEOUT ?? '300');
  const started = performance.now();
  const child = spawn(process.execPath, words.slice(1), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  current = child;
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    process.stdout.write(chunk);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`bench:${bench.name} took over ${timeoutSeconds} s: stopping it\n`);
    // SIGINT first: the bench stops its server and removes its data; then no more waiting.
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  }, timeoutSeconds * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  current = undefined;
  const seconds = (performance.now() - started) / 1000;
  if (timedOut) return { kind: 'failed', seconds, why: `stopped after ${timeoutSeconds} s` };
  if (code !== 0) return { kind: 'failed', seconds, why: `exit code ${code}` };
  // A bench's own BENCH_JSON first; bench:store's printed table until it writes one.
  const figures = existsSync(json)
    ? (JSON.parse(readFileSync(json, 'utf8')) as BenchFigures).figures
    : (bench.figuresFromStdout?.(stdout) ?? []);
  if (figures.length === 0)
    return { kind: 'failed', seconds, why: 'it ran but reported no figures' };
  return { kind: 'ran', seconds, figures };
}

let current: ReturnType<typeof spawn> | undefined;

function reachable(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), host ?? '127.0.0.1', () => done(true));
  });
}

/** A broker for bench:relay: the one that answers, or one started here (then stopped here). */
async function withKafka(run: () => Promise<Outcome>): Promise<Outcome> {
  const broker = kafkaBrokers()[0]!;
  if (await reachable(broker)) return run();
  if ((process.env.BENCH_ALL_KAFKA ?? 'start') === 'skip')
    return { kind: 'skipped', why: `no Kafka broker at ${broker} (BENCH_ALL_KAFKA=skip)` };
  const port = broker.split(':')[1] ?? '19092';
  const brokerEnv = { ...process.env, KAFKA_PORT: port };
  const script = join(ROOT, 'tools', 'kafka', 'broker.sh');
  process.stderr.write(`no Kafka broker at ${broker}: starting one for bench:relay\n`);
  const start = spawnSync(script, ['start'], { env: brokerEnv, stdio: ['ignore', 2, 2] });
  if (start.status !== 0)
    return { kind: 'skipped', why: `no Kafka broker at ${broker}, and none could be started` };
  try {
    return await run();
  } finally {
    spawnSync(script, ['stop'], { env: brokerEnv, stdio: ['ignore', 2, 2] });
  }
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
}

/** The commit measured: HEAD, and `+dirty` if the tree differs from it (this file's table aside). */
function commitMeasured(): string {
  const head = git('rev-parse', '--short', 'HEAD');
  const changes = git('status', '--porcelain')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.endsWith('bench/RESULTS.md'));
  return changes.length > 0 ? `${head}+dirty` : head;
}

/** The table as committed: what a change is measured against, whatever the working copy holds. */
function committedRows(): ResultRow[] {
  try {
    return parseResultsTable(git('show', 'HEAD:bench/RESULTS.md'));
  } catch {
    return existsSync(RESULTS) ? parseResultsTable(readFileSync(RESULTS, 'utf8')) : [];
  }
}

function describe(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'ran':
      return `ran in ${outcome.seconds.toFixed(0)} s, ${outcome.figures.length} figures`;
    case 'failed':
      return `FAILED after ${outcome.seconds.toFixed(0)} s (${outcome.why}); its rows are carried over`;
    case 'skipped':
      return `skipped (${outcome.why}); its rows are carried over`;
  }
}

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const unknown = only.filter((name) => !BENCHES.some((b) => b.name === name));
  if (unknown.length > 0)
    throw new Error(
      `BENCH_ONLY: no bench ${unknown.join(', ')} (${BENCHES.map((b) => b.name).join(', ')})`,
    );
  const commit = commitMeasured();
  const loadAtStart = loadavg();
  const startedAt = new Date();
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-all-'));
  const outcomes = new Map<string, Outcome>();
  try {
    for (const bench of BENCHES) {
      if (only.length > 0 && !only.includes(bench.name)) {
        outcomes.set(bench.name, { kind: 'skipped', why: 'not in BENCH_ONLY' });
        continue;
      }
      process.stderr.write(
        `\n=== bench:${bench.name} (${Object.entries(bench.env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')})\n`,
      );
      const run = () => runBench(bench, dir);
      const outcome = bench.needsKafka ? await withKafka(run) : await run();
      outcomes.set(bench.name, outcome);
      process.stderr.write(`=== bench:${bench.name}: ${describe(outcome)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const previous = committedRows();
  const measured: ResultRow[] = [];
  for (const [name, outcome] of outcomes) {
    if (outcome.kind !== 'ran') continue;
    for (const f of outcome.figures) measured.push({ ...f, name: `${name}: ${f.name}`, commit });
  }
  const ran = new Set([...outcomes].filter(([, o]) => o.kind === 'ran').map(([name]) => name));
  // A bench that did not run keeps its last figures, marked with the commit they came from.
  const carried = previous.filter((row) => !ran.has(benchOf(row.name)));
  const comparison = compareFigures(previous, measured);

  const section = renderResultsSection(
    {
      date: startedAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      commit,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadavg(),
      machine: `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
      scale: SCALE_NOTE,
      benches: BENCHES.map((b) => ({
        name: `bench:${b.name}`,
        outcome: describe(outcomes.get(b.name)!),
      })),
    },
    [...measured, ...carried],
  );
  // Formatted as `npm run format` would, so the file stays as the repository keeps it.
  const updated = replaceResultsSection(readFileSync(RESULTS, 'utf8'), section);
  const options = (await resolveConfig(RESULTS)) ?? {};
  writeFileSync(RESULTS, await format(updated, { ...options, filepath: RESULTS }));

  const failed = [...outcomes].filter(([, o]) => o.kind === 'failed');
  const lines: string[] = ['', '=== bench:all summary'];
  for (const [name, outcome] of outcomes)
    lines.push(`  bench:${name.padEnd(11)} ${describe(outcome)}`);
  lines.push(
    '',
    previous.length === 0
      ? 'No committed table to compare with (git HEAD:bench/RESULTS.md has no generated section).'
      : `Compared ${comparison.compared} figures with the committed table (measured at ${[...new Set(previous.map((r) => r.commit))].join(', ')}).`,
  );
  if (comparison.regressions.length === 0) {
    if (previous.length > 0)
      lines.push(
        `No figure is more than ${REGRESSION_THRESHOLD * 100} % worse than the committed table.`,
      );
  } else {
    lines.push(
      `${comparison.regressions.length} figure(s) more than ${REGRESSION_THRESHOLD * 100} % worse than the committed table:`,
    );
    for (const r of comparison.regressions) {
      const how = Number.isFinite(r.worseBy) ? `${(r.worseBy * 100).toFixed(0)} % worse` : 'was 0';
      lines.push(
        `  ${r.name}: ${formatValue(r.previous)} -> ${formatValue(r.current)} ${r.unit} (${how}; ${r.better} is better)`,
      );
    }
    lines.push(
      'The machine is shared and noisy: re-run `npm run bench:all` (or the bench alone) once before calling any of these a regression.',
    );
  }
  if (comparison.added.length > 0)
    lines.push(`${comparison.added.length} figure(s) new since the committed table.`);
  const gone = comparison.missing.filter((name) => ran.has(benchOf(name)));
  if (gone.length > 0)
    lines.push(
      `${gone.length} figure(s) of the committed table no longer measured: ${gone.join('; ')}`,
    );
  if (failed.length > 0)
    lines.push(
      `${failed.length} bench(es) FAILED to run: ${failed.map(([name]) => `bench:${name}`).join(', ')}.`,
    );
  lines.push(`Wrote the generated table of ${RESULTS}: commit it with the change that moved it.`);
  console.log(lines.join('\n'));
  process.exitCode = failed.length > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // The bench running now stops its own servers on SIGINT; this waits for it to go.
    if (current && current.exitCode === null) {
      current.kill('SIGINT');
      current.once('exit', () => process.exit(130));
    } else process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
