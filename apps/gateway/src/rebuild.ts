/**
 * npm run rebuild -- [all | <service> | <projection> ...]
 *
 * Rebuilds read models from position 0 without downtime (blue/green, see
 * rebuildBesideLive): the new tables are built beside the live ones while queries keep
 * answering, and take over once caught up. Without arguments it lists the services and
 * their projections; `all` rebuilds every one. Uses the same environment as `npm start`
 * (EVENT_STORE, DATA_DIR, DATABASE_URL, PLANNING_SCHEMA, REPORTING_SCHEMA,
 * ASSESSMENT_SCHEMA). On PostgreSQL it runs beside the serving processes; PGlite allows one
 * process per data folder, so there the standalone process must be stopped first.
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
  ServiceProjections,
  SqlDatabase,
  pgliteDatabase,
  postgresDatabase,
  rebuildBesideLive,
} from '@ledger/event-sourcing';
import { Pool } from 'pg';
import { assessmentProjections } from '../../assessment/src/assessment.projections';
import { assessmentOptionsFromEnv } from '../../assessment/src/assessment.options';
import { planningProjections } from '../../planning/src/planning.projections';
import { planningOptionsFromEnv } from '../../planning/src/planning.options';
import { reportingProjections } from '../../reporting/src/reporting.projections';
import { reportingOptionsFromEnv } from '../../reporting/src/reporting.options';

/** Every service's one list of projections, with the schema it keeps them in. */
export function serviceReadModels(
  env: NodeJS.ProcessEnv = process.env,
): Array<{ projections: ServiceProjections; schema: string }> {
  return [
    { projections: planningProjections, schema: planningOptionsFromEnv(env).readModelSchema },
    { projections: reportingProjections, schema: reportingOptionsFromEnv(env).readModelSchema },
    { projections: assessmentProjections, schema: assessmentOptionsFromEnv(env).readModelSchema },
  ];
}

/** Every projection of every service, on the schemas the environment names. */
export function projections(env: NodeJS.ProcessEnv = process.env): Projection[] {
  return serviceReadModels(env).flatMap(({ projections, schema }) => projections.build(schema));
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
  const services = serviceReadModels();
  const wanted = process.argv.slice(2);
  if (wanted.length === 0) {
    const lines = services.map(
      ({ projections, schema }) =>
        `  ${projections.service} (${schema}): ${projections
          .build(schema)
          .map((p) => p.name)
          .join(', ')}`,
    );
    console.log(
      `${lines.join('\n')}\nusage: npm run rebuild -- all | <service> | <projection ...>`,
    );
    return;
  }
  const known = new Set(
    services.flatMap(({ projections, schema }) => [
      projections.service,
      ...projections.build(schema).map((p) => p.name),
    ]),
  );
  const unknown = wanted.filter((w) => w !== 'all' && !known.has(w));
  if (unknown.length > 0) throw new Error(`no such service or projection: ${unknown.join(', ')}`);
  const chosen = (service: string, projection: Projection): boolean =>
    wanted.includes('all') || wanted.includes(service) || wanted.includes(projection.name);

  // The projections read every event at its current version, as the services do.
  const store = withVersioning(
    await openEventStore(eventStoreConfigFromEnv()),
    LEDGER_EVENT_VERSIONS,
  );
  const { db, close } = readModelDatabase(store);
  try {
    for (const { projections: set, schema } of services) {
      const build = (target: string) =>
        set.build(target).filter((projection) => chosen(set.service, projection));
      if (build(schema).length === 0) continue;
      const started = performance.now();
      const summary = await rebuildBesideLive(store, db, {
        schema,
        build,
        log: (message) => process.stderr.write(`\n${message}\n`),
        onProgress: ({ name, position, head }) =>
          process.stderr.write(`\r${name}  ${bar(position ?? 0n, head, started)}`),
      });
      for (const p of summary.projections) {
        process.stderr.write(
          `\r${p.name}  v${p.version} at ${p.position ?? 'start'}: built beside ${schema} in ${(summary.buildMs / 1000).toFixed(1)} s, switched in ${summary.switchMs.toFixed(0)} ms\n`,
        );
      }
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
