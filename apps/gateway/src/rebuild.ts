/**
 * npm run rebuild -- [projection ...]
 *
 * Drops read models and replays the whole event log into them, with a progress bar.
 * Without arguments it lists the projections; `all` rebuilds every one. Uses the same
 * environment as `npm start` (EVENT_STORE, DATA_DIR, DATABASE_URL, PLANNING_SCHEMA,
 * REPORTING_SCHEMA); stop the standalone process first when it runs on PGlite, which
 * allows one process per data folder.
 */
import 'reflect-metadata';
import {
  EventStore,
  PgliteEventStore,
  PostgresEventStore,
  eventStoreConfigFromEnv,
  openEventStore,
  rawStore,
  withVersioning,
} from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import {
  Projection,
  ProjectionRunner,
  SqlDatabase,
  pgliteDatabase,
  postgresDatabase,
} from '@ledger/event-sourcing';
import { Pool } from 'pg';
import { planningOptionsFromEnv } from '../../planning/src/planning.options';
import { ProgrammeProjection } from '../../planning/src/programme/projection/programme.projection';
import { ProjectLibraryProjection } from '../../planning/src/project/projection/project-library.projection';
import { ProjectRegisterProjection } from '../../reporting/src/progress/project-register.projection';
import { reportingOptionsFromEnv } from '../../reporting/src/reporting.options';

export function projections(): Projection[] {
  const planning = planningOptionsFromEnv().readModelSchema;
  const reporting = reportingOptionsFromEnv().readModelSchema;
  return [
    new ProgrammeProjection(planning),
    new ProjectLibraryProjection(planning),
    new ProjectRegisterProjection(reporting),
  ];
}

export function readModelDatabase(store: EventStore): {
  db: SqlDatabase;
  close: () => Promise<void>;
} {
  const raw = rawStore(store);
  if (raw instanceof PgliteEventStore) return { db: pgliteDatabase(raw.db), close: async () => {} };
  if (raw instanceof PostgresEventStore)
    return { db: postgresDatabase(raw.pool), close: async () => {} };
  const url = process.env.READ_MODEL_DATABASE_URL;
  if (!url) throw new Error('set READ_MODEL_DATABASE_URL: read models need a SQL database');
  const pool = new Pool({ connectionString: url });
  return { db: postgresDatabase(pool), close: () => pool.end() };
}

export function bar(done: bigint, total: bigint, started: number): string {
  const share = total === 0n ? 1 : Number((done * 10_000n) / total) / 10_000;
  const width = 30;
  const filled = Math.round(share * width);
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? Number(done) / seconds : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1)}%  ${done}/${total}  ${rate.toFixed(0)} events/s`;
}

async function main(): Promise<void> {
  const available = projections();
  const wanted = process.argv.slice(2);
  if (wanted.length === 0) {
    console.log(
      `projections: ${available.map((p) => p.name).join(', ')}\nusage: npm run rebuild -- <name ...> | all`,
    );
    return;
  }
  const chosen = wanted.includes('all')
    ? available
    : available.filter((p) => wanted.includes(p.name));
  const unknown = wanted.filter((w) => w !== 'all' && !available.some((p) => p.name === w));
  if (unknown.length > 0) throw new Error(`no such projection: ${unknown.join(', ')}`);

  // The projections read every event at its current version, as the services do.
  const store = withVersioning(
    await openEventStore(eventStoreConfigFromEnv()),
    LEDGER_EVENT_VERSIONS,
  );
  const { db, close } = readModelDatabase(store);
  try {
    const head = (await store.headPosition()) ?? 0n;
    for (const projection of chosen) {
      const runner = new ProjectionRunner(store, db, projection, { batchSize: 2000 });
      const started = performance.now();
      const timer = setInterval(() => {
        process.stderr.write(
          `\r${projection.name}  ${bar(runner.status().position ?? 0n, head, started)}`,
        );
      }, 250);
      try {
        await runner.rebuild();
        if (head > 0n) await runner.catchUpTo(head);
      } finally {
        clearInterval(timer);
        await runner.stop();
      }
      process.stderr.write(`\r${projection.name}  ${bar(head, head, started)}  done\n`);
    }
  } finally {
    await close();
    await store.close();
  }
}

// Only as a command: the audit CLI imports the helpers above without running a rebuild.
if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
