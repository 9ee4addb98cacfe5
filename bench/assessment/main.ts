/**
 * npm run bench:assessment — on the SYNTHETIC programme of bench:reporting (generated,
 * marked synthetic): events/s for a full rebuild of the assessment read models (facts,
 * flags, scores) from position 0, the time of a full risk sweep over every project, and
 * the latency of the risk-flag query at a fixed rate over loopback HTTP.
 *
 *   BENCH_PROJECTS, BENCH_MONTHS, BENCH_DISBURSEMENTS   the programme's size (see bench:reporting)
 *   BENCH_STORES=pglite,postgres   BENCH_RATE=200   BENCH_DURATION=15
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAPHQL_PATH, subgraphGraphQLModule, useSubgraphBodyLimit } from '@ledger/api';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DynamicModule, Module } from '@nestjs/common';
import { AuthConfig, AuthModule } from '@ledger/auth';
import { benchAuth } from '../shared/bench-auth';
import { NestFactory } from '@nestjs/core';
import { LocalDate } from '@ledger/domain-kernel';
import {
  EventStore,
  EventStoreConfig,
  EventStoreModule,
  PgliteEventStore,
  PostgresEventStore,
} from '@ledger/event-store';
import {
  AsOfModule,
  ReadModelModule,
  SqlDatabase,
  pgliteDatabase,
  postgresDatabase,
  asStoreRunner,
} from '@ledger/event-sourcing';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { AssessmentModule, ASSESSMENT_SCHEMA } from '../../apps/assessment/src/assessment.module';
import { RiskAssessor } from '../../apps/assessment/src/risk/write/risk-assessor';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { FixedClock } from '@ledger/domain-kernel';
import { openLoop } from '../shared/open-loop';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

const STORES = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
const RATE = Number(process.env.BENCH_RATE ?? '200');
const DURATION = Number(process.env.BENCH_DURATION ?? '15');
/** Mid-programme: the synthetic projects have reported through June 2023 by then. */
const clock = new FixedClock('2023-07-15' as LocalDate);

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
}

async function rebuildAndSweep(store: EventStore, db: SqlDatabase, schema: string) {
  const options = { readModelSchema: schema, sweepIntervalMs: 0 };
  const readModels = new AssessmentReadModels(store, db, options);
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

@Module({})
class AssessmentOnly {
  static forRoot(store: EventStoreConfig, schema: string, auth: AuthConfig): DynamicModule {
    return {
      module: AssessmentOnly,
      imports: [
        EventStoreModule.forRoot(store),
        ReadModelModule.forRoot(),
        // As the subgraph host runs them: the guard checks the token, as-of views replay.
        AuthModule.forRoot(auth),
        AsOfModule.forRoot(store),
        AssessmentModule.forRoot({ readModelSchema: schema, sweepIntervalMs: 0 }, clock),
        // As the subgraph host serves it: only this service's types, the token checked.
        subgraphGraphQLModule({
          path: GRAPHQL_PATH,
          module: AssessmentModule,
          schema: ASSESSMENT_SCHEMA,
        }),
      ],
    };
  }
}

async function queryLatency(store: EventStoreConfig, schema: string) {
  const auth = await benchAuth('bench-assessment');
  const app = await NestFactory.create<NestExpressApplication>(
    AssessmentOnly.forRoot(store, schema, auth.config),
    { logger: ['error'], bodyParser: false },
  );
  useSubgraphBodyLimit(app);
  await app.listen(0, '127.0.0.1');
  try {
    const body = JSON.stringify({
      query:
        '{ riskFlags(filter: { severity: "red", status: "open" }, first: 50) { projectId rule severity raisedOn evidence { figures { name value } } } }',
    });
    return await openLoop({
      url: `${await app.getUrl()}/graphql`,
      rate: RATE,
      seconds: DURATION,
      headers: auth.headers,
      body: () => body,
      isFailure: (status, text) => status !== 200 || text.includes('"errors"'),
    });
  } finally {
    await app.close();
    auth.dispose();
  }
}

async function bench(
  name: string,
  open: () => Promise<{
    store: EventStore;
    db: SqlDatabase;
    config: EventStoreConfig;
    cleanup: (readModelSchema: string) => Promise<void>;
  }>,
): Promise<Figures> {
  process.stderr.write(`${name}\n`);
  const { store, db, config, cleanup } = await open();
  const schema = uniqueSchemaName('bench_assessment');
  try {
    const events = await fillSynthetic(store);
    const r = await rebuildAndSweep(store, db, schema);
    await store.close();
    const q = await queryLatency(config, schema);
    return {
      store: name,
      events,
      rebuildPerSecond: events / r.rebuildSeconds,
      rebuildSeconds: r.rebuildSeconds,
      sweepSeconds: r.sweepSeconds,
      flagEvents: r.flagEvents,
      queries: q.completed,
      p50: q.p50,
      p99: q.p99,
      max: q.max,
      failures: q.failures,
    };
  } finally {
    await cleanup(schema);
  }
}

async function main(): Promise<void> {
  const all: Figures[] = [];
  if (STORES.includes('pglite')) {
    all.push(
      await bench('PGlite', async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-assessment-'));
        const store = await PgliteEventStore.open({ dataDir });
        return {
          store,
          db: pgliteDatabase(store.db),
          config: { adapter: 'pglite', dataDir },
          cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
        };
      }),
    );
  }
  if (STORES.includes('postgres')) {
    all.push(
      await bench('PostgreSQL', async () => {
        const config = {
          adapter: 'postgres' as const,
          connectionString: databaseUrl(),
          schema: uniqueSchemaName('bench_store'),
          poolSize: 10,
        };
        const store = await PostgresEventStore.open(config);
        return {
          store,
          db: postgresDatabase(store.pool),
          config,
          cleanup: async (readModelSchema: string) => {
            const admin = await PostgresEventStore.open({ ...config, poolSize: 1 });
            // A million rows left in `test` would slow every later run: the benchmark's data goes with it.
            await admin.pool.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
            await admin.pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`);
            await admin.close();
          },
        };
      }),
    );
  }
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
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.store} | ${f.events.toLocaleString('en-US')} | ${f.rebuildPerSecond.toFixed(0)} | ${f.rebuildSeconds.toFixed(1)} | ${f.sweepSeconds.toFixed(1)} | ${f.flagEvents} | ${f.queries} | ${f.p50} | ${f.p99} | ${f.max} | ${f.failures} |`,
    );
  }
  console.log(
    `\nSYNTHETIC programme: ${SYNTHETIC.projects} projects x ${SYNTHETIC.months} months, ${SYNTHETIC.disbursements} disbursements/month; rules checked as of ${clock.today()}. Node ${process.version}, ${new Date().toISOString()}. Goals: rebuild >= 20,000 events/s; p99 < 20 ms at ${RATE}/s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
