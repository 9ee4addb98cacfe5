/**
 * npm run bench:assessment — on the SYNTHETIC programme of bench:reporting (generated,
 * marked synthetic): events/s for a full rebuild of the assessment read models (facts,
 * flags, scores) from position 0, the time of a full risk sweep over every project, and
 * the latency of the risk-flag query at a fixed rate over loopback HTTP against the
 * assessment service run alone (`node dist/apps/assessment/src/main.js`) in a process of
 * its own, with that process's CPU.
 *
 *   BENCH_PROJECTS, BENCH_MONTHS, BENCH_DISBURSEMENTS   the programme's size (see bench:reporting)
 *   BENCH_STORES=pglite,postgres   BENCH_RATE=200   BENCH_DURATION=15   BENCH_JSON=file
 */
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { EventStore } from '@ledger/event-store';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { asStoreRunner } from '@ledger/event-sourcing';
import { RiskAssessor } from '../../apps/assessment/src/risk/write/risk-assessor';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { Figure, failures, ms, rate, reportFigures } from '../shared/figures';
import { ServerCpu, queryAtRate } from '../shared/server-process';
import {
  StoreTarget,
  benchStores,
  readModelDatabaseOf,
  storeTarget,
} from '../shared/store-targets';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

const RATE = Number(process.env.BENCH_RATE ?? '200');
const DURATION = Number(process.env.BENCH_DURATION ?? '15');
/** Mid-programme: the synthetic projects have reported through June 2023 by then. */
const TODAY = '2023-07-15';
const clock = new FixedClock(TODAY as LocalDate);

interface Figures {
  store: string;
  events: number;
  rebuildPerSecond: number;
  rebuildSeconds: number;
  sweepSeconds: number;
  flagEvents: number;
  queries: number;
  p50: number;
  p99: number;
  max: number;
  failures: number;
  cpu: ServerCpu | null;
}

/** The read models rebuilt and every project swept, in this process: no server. */
async function rebuildAndSweep(store: EventStore, schema: string) {
  const options = { readModelSchema: schema, sweepIntervalMs: 0 };
  const readModels = new AssessmentReadModels(store, readModelDatabaseOf(store), options);
  const assessor = new RiskAssessor(store, clock, options, readModels);
  const head = (await store.headPosition())!;
  const started = performance.now();
  await readModels.start();
  for (const runner of [readModels.facts, readModels.views].map(asStoreRunner)) {
    await runner.catchUpTo(head, (at) =>
      process.stderr.write(`\r  rebuilding ${runner.projection.name}: ${at ?? 0} / ${head}   `),
    );
  }
  const rebuildSeconds = (performance.now() - started) / 1000;
  process.stderr.write('\n  sweeping every project against the risk rules\n');
  const sweepStart = performance.now();
  const flagEvents = await assessor.assess(null);
  const sweepSeconds = (performance.now() - sweepStart) / 1000;
  await readModels.onApplicationShutdown();
  return { head, rebuildSeconds, sweepSeconds, flagEvents };
}

/** The flag query at RATE/s against the assessment service in its own process. */
async function queryLatency(target: StoreTarget) {
  process.stderr.write('  the assessment service in its own process\n');
  // The server keeps the system clock: the flag query reads the flags the sweep raised and
  // no rule runs meanwhile, and a LEDGER_CLOCK in 2023 would be refused as behind the log
  // (its events were recorded today).
  return queryAtRate({
    service: 'assessment',
    store: target,
    env: { RISK_SWEEP_INTERVAL_MS: '0' },
    query:
      '{ riskFlags(filter: { severity: "red", status: "open" }, first: 50) { projectId rule severity raisedOn evidence { figures { name value } } } }',
    rate: RATE,
    seconds: DURATION,
  });
}

async function bench(kind: string): Promise<Figures> {
  const target = storeTarget(kind, 'bench_assessment');
  process.stderr.write(`${target.label}\n`);
  try {
    const store = await target.openStore();
    let events: number;
    let r: Awaited<ReturnType<typeof rebuildAndSweep>>;
    try {
      events = await fillSynthetic(store);
      // The schema the server will read: it finds the read models caught up to the head.
      r = await rebuildAndSweep(store, target.schemas.assessment);
    } finally {
      // One process per embedded store: the server opens it after this one lets go.
      await store.close();
    }
    const q = await queryLatency(target);
    return {
      store: target.label,
      events,
      rebuildPerSecond: events / r.rebuildSeconds,
      rebuildSeconds: r.rebuildSeconds,
      sweepSeconds: r.sweepSeconds,
      flagEvents: r.flagEvents,
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
    rate(`${f.store}: read models rebuild`, f.rebuildPerSecond, 'events/s'),
    { name: `${f.store}: risk sweep`, value: f.sweepSeconds, unit: 's', better: 'lower' },
    ms(`${f.store}: flag query at ${RATE}/s: p50`, f.p50),
    ms(`${f.store}: flag query at ${RATE}/s: p99`, f.p99),
    failures(`${f.store}: flag query at ${RATE}/s: failed`, f.failures),
    {
      name: `${f.store}: flag query: server CPU per query`,
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
    'rebuild events/s',
    'rebuild s',
    'risk sweep s',
    'flag events',
    `flag queries at ${RATE}/s`,
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
      `| ${f.store} | ${f.events.toLocaleString('en-US')} | ${f.rebuildPerSecond.toFixed(0)} | ${f.rebuildSeconds.toFixed(1)} | ${f.sweepSeconds.toFixed(1)} | ${f.flagEvents} | ${f.queries} | ${f.p50} | ${f.p99} | ${f.max} | ${f.failures} | ${cpuPerQuery(f)} | ${f.cpu ? f.cpu.percentOfCore.toFixed(0) : 'n/a'} |`,
    );
  }
  console.log(
    `\nSYNTHETIC programme: ${SYNTHETIC.projects} projects x ${SYNTHETIC.months} months, ${SYNTHETIC.disbursements} disbursements/month; rules checked as of ${clock.today()}. Rebuild and sweep in the bench's process; queries against the assessment service in its own. Node ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )} at the end), ${new Date().toISOString()}. Goals: rebuild >= 20,000 events/s; p99 < 20 ms at ${RATE}/s.`,
  );
  reportFigures('assessment', figuresOf(all));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
