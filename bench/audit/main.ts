/**
 * npm run bench:audit — on a SYNTHETIC programme (generated, marked synthetic: about a
 * million events at full scale): the audit CLI's replay to NDJSON and the hash-chain
 * verification, in events/s, and their peak memory, sampled as the log goes by (at 25, 50,
 * 75 and 100 % of it) to show that memory stays flat as the log grows.
 *
 * Each measurement runs in a child process of its own, so the memory it reports is the
 * audit's, not what filling the store left behind in this one.
 *
 *   BENCH_SCALE=1            share of the full programme (2,188 projects) on PostgreSQL
 *                            (and any store kind but pglite)
 *   BENCH_PGLITE_SCALE=0.1   the same on PGlite (slower to fill; 0 skips it)
 *   BENCH_STORES=postgres,pglite   any EVENT_STORE kind (bench/shared/store-targets.ts)
 *   BENCH_JSON=file          also write the figures there, for bench:all
 *   BENCH_AUDIT_OUT=/dev/null   where the NDJSON goes (default: a temporary file, deleted)
 *   DATABASE_URL             default postgres://postgres@127.0.0.1:5432/test (own schema, dropped)
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStore,
  PostgresEventStore,
  eventStoreConfigFromEnv,
  openEventStore,
} from '@ledger/event-store';
import { Figure, failures, rate, reportFigures } from '../shared/figures';
import { benchStores, storeLabel, storeTarget } from '../shared/store-targets';
import { replayToNdjson } from '../../apps/audit-cli/src/replay';
import { verifyScope } from '../../apps/audit-cli/src/verify';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

type Task = 'replay' | 'verify';

interface Measurement {
  task: Task;
  events: number;
  seconds: number;
  bytes: number;
  /** RSS in MiB once the store was open, before the task began. */
  baseRss: number;
  peakRss: number;
  /** RSS when 25, 50, 75 and 100 % of the log had gone by. */
  quarterRss: number[];
  ok: boolean;
}

interface Row extends Measurement {
  store: string;
  logEvents: number;
}

const MiB = 1024 * 1024;
const rssMiB = (): number => process.memoryUsage().rss / MiB;
const FULL_PROJECTS = SYNTHETIC.projects;

/** In the child: one task on the store named by the environment, figures back over IPC. */
async function measure(task: Task): Promise<Measurement> {
  const store = await openEventStore(eventStoreConfigFromEnv());
  try {
    const baseRss = rssMiB();
    let peak = baseRss;
    // Sampled on a timer as well as per page: a peak between two pages must not go unseen.
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 20);
    const quarterRss: number[] = [];
    const atShare = (done: bigint, total: bigint): void => {
      const rss = rssMiB();
      peak = Math.max(peak, rss);
      while (
        quarterRss.length < 4 &&
        total > 0n &&
        done * 4n >= total * BigInt(quarterRss.length + 1)
      ) {
        quarterRss.push(rss);
      }
    };
    const started = performance.now();
    let events = 0;
    let bytes = 0;
    let ok = true;
    if (task === 'replay') {
      const target =
        process.env.BENCH_AUDIT_OUT ?? join(tmpdir(), `ledger-audit-${process.pid}.ndjson`);
      const out = createWriteStream(target);
      const summary = await replayToNdjson(store, out, {
        source: { kind: 'log' },
        onProgress: (p) => atShare(p.done, p.total),
      });
      await new Promise<void>((resolve) => out.end(resolve));
      if (process.env.BENCH_AUDIT_OUT === undefined) rmSync(target, { force: true });
      events = summary.events;
      bytes = summary.bytes;
    } else {
      const outcome = await verifyScope(store, { kind: 'all' }, (p) => atShare(p.done, p.total));
      events = outcome.checked;
      ok = outcome.firstBroken === null;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return { task, events, seconds, bytes, baseRss, peakRss: peak, quarterRss, ok };
  } finally {
    await store.close();
  }
}

function runChild(task: Task, env: NodeJS.ProcessEnv): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    // fork keeps this process's -r ts-node/register flags, so the child runs this file as is.
    const child = fork(__filename, ['--measure', task], { env: { ...process.env, ...env } });
    let result: Measurement | undefined;
    child.on('message', (message) => (result = message as Measurement));
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`${task} child exited ${code}`)),
    );
  });
}

async function fill(store: EventStore, scale: number): Promise<number> {
  // fillSynthetic reads the programme's size from SYNTHETIC when called: scaled here so
  // one run can fill a full PostgreSQL store and a smaller PGlite one.
  SYNTHETIC.projects = Math.max(1, Math.round(FULL_PROJECTS * scale));
  const started = performance.now();
  const events = await fillSynthetic(store);
  process.stderr.write(
    `  filled ${events.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return events;
}

/** Fills a store of this kind, then runs each task in a child process on it. */
async function bench(kind: string, scale: number): Promise<Row[]> {
  const target = storeTarget(kind, 'bench_audit');
  try {
    const store = await target.openStore();
    let logEvents: number;
    try {
      logEvents = await fill(store, scale);
      if (store instanceof PostgresEventStore) {
        // What autovacuum does soon after on a live system, and an audited log is old: without
        // statistics a freshly bulk-loaded table gets a sort of the whole remaining log for each
        // page of readAll, and the first reader of each row pays for setting its hint bits.
        const schema = target.env.EVENT_STORE_SCHEMA ?? 'event_store';
        await store.pool.query(`VACUUM ANALYZE "${schema}".events`);
      }
    } finally {
      // One process per embedded store: the children open it after this one lets go.
      await store.close();
    }
    const rows: Row[] = [];
    for (const task of ['replay', 'verify'] as const) {
      process.stderr.write(`  ${task}...\n`);
      rows.push({ store: target.label, logEvents, ...(await runChild(task, target.env)) });
    }
    return rows;
  } finally {
    // A million rows left behind would slow every later run.
    await target.dispose();
  }
}

async function main(): Promise<void> {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const pgliteScale = Number(process.env.BENCH_PGLITE_SCALE ?? '0.1');
  const rows: Row[] = [];
  for (const kind of benchStores('postgres,pglite')) {
    const at = kind === 'pglite' ? pgliteScale : scale;
    if (at <= 0) continue;
    process.stderr.write(`${storeLabel(kind)}, scale ${at}\n`);
    rows.push(...(await bench(kind, at)));
  }
  const header = [
    'store',
    'task',
    'events (synthetic)',
    'events/s',
    's',
    'MB written',
    'RSS before MiB',
    'RSS at 25/50/75/100 % MiB',
    'peak RSS MiB',
    'verdict',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const r of rows) {
    console.log(
      `| ${r.store} | ${r.task} | ${r.events.toLocaleString('en-US')} | ${Math.round(r.events / r.seconds).toLocaleString('en-US')} | ${r.seconds.toFixed(1)} | ${r.task === 'replay' ? (r.bytes / 1e6).toFixed(0) : '-'} | ${r.baseRss.toFixed(0)} | ${r.quarterRss.map((m) => m.toFixed(0)).join(' / ')} | ${r.peakRss.toFixed(0)} | ${r.task === 'verify' ? (r.ok ? 'intact' : 'BROKEN') : '-'} |`,
    );
  }
  console.log(
    `\nLoad average while measuring: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs. ` +
      `SYNTHETIC programme (${FULL_PROJECTS} projects x ${SYNTHETIC.months} months at scale 1). ` +
      `Node ${process.version}, ${new Date().toISOString()}. Goals: >= 50,000 events/s for replay and verify; memory flat as the log grows.`,
  );
  reportFigures('audit', figuresOf(rows));
}

function figuresOf(rows: Row[]): Figure[] {
  return rows.flatMap((r) => {
    const at = `${r.store}: ${r.task}`;
    return [
      rate(`${at}`, r.events / r.seconds, 'events/s'),
      { name: `${at}: peak RSS`, value: r.peakRss, unit: 'MiB', better: 'lower' as const },
      ...(r.task === 'verify' ? [failures(`${at}: chain broken`, r.ok ? 0 : 1)] : []),
    ];
  });
}

if (process.argv[2] === '--measure') {
  measure(process.argv[3] as Task).then(
    (result) => {
      process.send?.(result);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
