/**
 * npm run bench:reporting — on a SYNTHETIC programme (generated, marked synthetic: 2,188
 * projects reporting monthly for 72 months, with disbursements; about a million events):
 * how fast the reporting register rebuilds from position 0, on PGlite and PostgreSQL, and
 * the latency of the network-progress query at a fixed rate over loopback HTTP.
 *
 *   BENCH_PROJECTS=2188  BENCH_MONTHS=72  BENCH_DISBURSEMENTS=5   the programme's size
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
import { CqrsModule } from '@nestjs/cqrs';
import {
  EventStore,
  EventStoreConfig,
  EventStoreModule,
  PgliteEventStore,
  PostgresEventStore,
} from '@ledger/event-store';
import {
  ProjectionRunner,
  AsOfModule,
  ReadModelModule,
  SqlDatabase,
  pgliteDatabase,
  postgresDatabase,
} from '@ledger/event-sourcing';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { ReportingModule, REPORTING_SCHEMA } from '../../apps/reporting/src/reporting.module';
import { openLoop } from '../shared/open-loop';
import { SYNTHETIC, fillSynthetic } from '../shared/synthetic-fill';

const { projects: PROJECTS, months: MONTHS, disbursements: DISBURSEMENTS } = SYNTHETIC;
const STORES = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
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
}

const fill = fillSynthetic;

async function rebuild(store: EventStore, db: SqlDatabase, schema: string): Promise<number> {
  const head = (await store.headPosition())!;
  const runner = new ProjectionRunner(store, db, new ProjectRegisterProjection(schema), {
    batchSize: 2000,
  });
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

@Module({})
class ReportingOnly {
  static forRoot(store: EventStoreConfig, schema: string, auth: AuthConfig): DynamicModule {
    return {
      module: ReportingOnly,
      imports: [
        EventStoreModule.forRoot(store),
        ReadModelModule.forRoot(),
        // As the subgraph host runs them: the guard checks the token, as-of views replay.
        AuthModule.forRoot(auth),
        AsOfModule.forRoot(store),
        CqrsModule.forRoot(),
        ReportingModule.forRoot({ readModelSchema: schema, deadlineCheckIntervalMs: 0 }),
        // As the subgraph host serves it: only this service's types, the token checked.
        subgraphGraphQLModule({
          path: GRAPHQL_PATH,
          module: ReportingModule,
          schema: REPORTING_SCHEMA,
        }),
      ],
    };
  }
}

async function queryLatency(store: EventStoreConfig, schema: string) {
  const auth = await benchAuth('bench-reporting');
  const app = await NestFactory.create<NestExpressApplication>(
    ReportingOnly.forRoot(store, schema, auth.config),
    { logger: ['error'], bodyParser: false },
  );
  useSubgraphBodyLimit(app);
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`;
  try {
    const body = JSON.stringify({
      query: '{ progress(by: network) { key projects planned approved disbursed reported } }',
    });
    return await openLoop({
      url,
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

async function benchPglite(): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-reporting-'));
  try {
    const store = await PgliteEventStore.open({ dataDir });
    const schema = 'bench_reporting';
    const t0 = performance.now();
    const events = await fill(store);
    const appendSeconds = (performance.now() - t0) / 1000;
    const seconds = await rebuild(store, pgliteDatabase(store.db), schema);
    await store.close();
    const q = await queryLatency({ adapter: 'pglite', dataDir }, schema);
    return {
      store: 'PGlite',
      events,
      appendPerSecond: events / appendSeconds,
      rebuildPerSecond: events / seconds,
      rebuildSeconds: seconds,
      queries: q.completed,
      p50: q.p50,
      p99: q.p99,
      max: q.max,
      failures: q.failures,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(): Promise<Figures> {
  const config = {
    adapter: 'postgres' as const,
    connectionString: databaseUrl(),
    schema: uniqueSchemaName('bench_store'),
    poolSize: 10,
  };
  const store = await PostgresEventStore.open(config);
  const schema = uniqueSchemaName('bench_reporting');
  try {
    const t0 = performance.now();
    const events = await fill(store);
    const appendSeconds = (performance.now() - t0) / 1000;
    const seconds = await rebuild(store, postgresDatabase(store.pool), schema);
    const q = await queryLatency(config, schema);
    return {
      store: 'PostgreSQL',
      events,
      appendPerSecond: events / appendSeconds,
      rebuildPerSecond: events / seconds,
      rebuildSeconds: seconds,
      queries: q.completed,
      p50: q.p50,
      p99: q.p99,
      max: q.max,
      failures: q.failures,
    };
  } finally {
    // The benchmark's data goes with it: a million rows left behind in `test` would slow every later run.
    await store.pool.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
    await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  }
}

async function main(): Promise<void> {
  const all: Figures[] = [];
  if (STORES.includes('pglite')) {
    process.stderr.write('PGlite\n');
    all.push(await benchPglite());
  }
  if (STORES.includes('postgres')) {
    process.stderr.write('PostgreSQL\n');
    all.push(await benchPostgres());
  }
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
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.store} | ${f.events.toLocaleString('en-US')} | ${f.appendPerSecond.toFixed(0)} | ${f.rebuildPerSecond.toFixed(0)} | ${f.rebuildSeconds.toFixed(1)} | ${f.queries} | ${f.p50} | ${f.p99} | ${f.max} | ${f.failures} |`,
    );
  }
  console.log(
    `\nSYNTHETIC programme: ${PROJECTS} projects x ${MONTHS} months, ${DISBURSEMENTS} disbursements/month. Node ${process.version}, ${new Date().toISOString()}. Goals: rebuild >= 20,000 events/s on PostgreSQL; p99 < 20 ms at ${RATE}/s.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
