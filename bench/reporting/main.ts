/**
 * npm run bench:reporting — on a SYNTHETIC programme (generated, marked synthetic: 2,188
 * projects reporting monthly for 72 months, with disbursements; about a million events):
 * how fast the reporting register rebuilds from position 0, on each store of BENCH_STORES,
 * and the latency of the network-progress query at a fixed rate over loopback HTTP,
 * against the reporting service run alone (`node dist/apps/reporting/src/main.js`) in a
 * process of its own, with that process's CPU.
 *
 *   BENCH_PROJECTS=2188  BENCH_MONTHS=72  BENCH_DISBURSEMENTS=5   the programme's size
 *   BENCH_STORES=pglite,postgres   BENCH_RATE=200   BENCH_DURATION=15   BENCH_JSON=file
 */
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { EventStore } from '@ledger/event-store';
import { ProjectionRunner } from '@ledger/event-sourcing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { Figure, failures, ms, rate, reportFigures } from '../shared/figures';
import { ServerCpu, queryAtRate } from '../shared/server-process';
import {
  StoreTarget,
  benchStores,
  readModelDatabaseOf,
  storeTarget,
} from '../shared/store-targets';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

const { projects: PROJECTS, months: MONTHS, disbursements: DISBURSEMENTS } = SYNTHETIC;
const RATE = Number(process.env.BENCH_RATE ?? '200');
const DURATION = Number(process.env.BENCH_DURATION ?? '15');

interface Figures {
  store: string;
  events: number;
  appendPerSecond: number;
  rebuildPerSecond: number;
  rebuildSeconds: number;
  queries: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
  cpu: ServerCpu | null;
}

/** The register rebuilt from position 0 in this process: the projection alone, no server. */
async function rebuild(store: EventStore, schema: string): Promise<number> {
  const head = (await store.headPosition())!;
  const runner = new ProjectionRunner(
    store,
    readModelDatabaseOf(store),
    new ProjectRegisterProjection(schema),
    { batchSize: 2000 },
  );
  const started = performance.now();
  await runner.start();
  await runner.catchUpTo(head, (at) =>
    process.stderr.write(`\r  rebuilding: ${at ?? 0} / ${head}   `),
  );
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  process.stderr.write('\n');
  return seconds;
}

/** The progress query at RATE/s against the reporting service in its own process. */
async function queryLatency(target: StoreTarget) {
  process.stderr.write('  the reporting service in its own process\n');
  return queryAtRate({
    service: 'reporting',
    store: target,
    env: { DEADLINE_CHECK_INTERVAL_MS: '0' },
    query: '{ progress(by: network) { key projects planned approved disbursed reported } }',
    rate: RATE,
    seconds: DURATION,
  });
}

async function bench(kind: string): Promise<Figures> {
  const target = storeTarget(kind, 'bench_reporting');
  process.stderr.write(`${target.label}\n`);
  try {
    const store = await target.openStore();
    let events: number;
    let appendSeconds: number;
    let seconds: number;
    try {
      const t0 = performance.now();
      events = await fillSynthetic(store);
      appendSeconds = (performance.now() - t0) / 1000;
      // The schema the server will read: it finds the register caught up to the head.
      seconds = await rebuild(store, target.schemas.reporting);
    } finally {
      // One process per embedded store: the server opens it after this one lets go.
      await store.close();
    }
    const q = await queryLatency(target);
    return {
      store: target.label,
      events,
      appendPerSecond: events / appendSeconds,
      rebuildPerSecond: events / seconds,
      rebuildSeconds: seconds,
      queries: q.completed,
      p50: q.p50,
      p99: q.p99,
      max: q.max,
      // Sent but never answered counts as failed too.
      failures: q.failures + (q.sent - q.completed),
      cpu: q.cpu,
    };
  } finally {
    // A million rows left behind would slow every later run.
    await target.dispose();
  }
}

const cpuPerQuery = (f: Figures): number =>
  f.cpu && f.queries > 0 ? Math.round((f.cpu.cpuMs / f.queries) * 100) / 100 : NaN;

function figuresOf(all: Figures[]): Figure[] {
  return all.flatMap((f) => [
    rate(`${f.store}: append`, f.appendPerSecond, 'events/s'),
    rate(`${f.store}: register rebuild`, f.rebuildPerSecond, 'events/s'),
    ms(`${f.store}: progress query at ${RATE}/s: p50`, f.p50),
    ms(`${f.store}: progress query at ${RATE}/s: p99`, f.p99),
    failures(`${f.store}: progress query at ${RATE}/s: failed`, f.failures),
    {
      name: `${f.store}: progress query: server CPU per query`,
      value: cpuPerQuery(f),
      unit: 'ms',
      better: 'lower',
    },
  ]);
}

async function main(): Promise<void> {
  const all: Figures[] = [];
  for (const kind of benchStores()) all.push(await bench(kind));
  const header = [
    'store',
    'events (synthetic)',
    'append events/s',
    'rebuild events/s',
    'rebuild s',
    `progress queries at ${RATE}/s`,
    'p50 ms',
    'p99 ms',
    'max ms',
    'failed',
    'server CPU ms/query',
    'server CPU % of a core',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.store} | ${f.events.toLocaleString('en-US')} | ${f.appendPerSecond.toFixed(0)} | ${f.rebuildPerSecond.toFixed(0)} | ${f.rebuildSeconds.toFixed(1)} | ${f.queries} | ${f.p50} | ${f.p99} | ${f.max} | ${f.failures} | ${cpuPerQuery(f)} | ${f.cpu ? f.cpu.percentOfCore.toFixed(0) : 'n/a'} |`,
    );
  }
  console.log(
    `\nSYNTHETIC programme: ${PROJECTS} projects x ${MONTHS} months, ${DISBURSEMENTS} disbursements/month. Append and rebuild in the bench's process; queries against the reporting service in its own. Node ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )} at the end), ${new Date().toISOString()}. Goals: rebuild >= 20,000 events/s on PostgreSQL; p99 < 20 ms at ${RATE}/s.`,
  );
  reportFigures('reporting', figuresOf(all));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
