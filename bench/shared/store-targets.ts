import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  EventStore,
  PgliteEventStore,
  PostgresEventStore,
  eventStoreConfigFromEnv,
  openEventStore,
} from '@ledger/event-store';
import { SqlDatabase, pgliteDatabase, postgresDatabase } from '@ledger/event-sourcing';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { onInterrupt } from './interrupt';

/**
 * Where a benchmark's server keeps its events and read models, as the environment the
 * server reads (EVENT_STORE and its settings, the services' read-model schemas). The bench
 * opens the same store from the same variables when it fills it before the server starts,
 * so a store kind the server learns to read is one the benches can run on.
 */
export interface StoreTarget {
  /** As named in BENCH_STORES. */
  kind: string;
  /** As printed in the tables and named in the figures. */
  label: string;
  env: Record<string, string>;
  schemas: { planning: string; reporting: string; assessment: string };
  /** The store, opened in this process from `env` (close it before a server opens it). */
  openStore(): Promise<EventStore>;
  /** Removes what the run left: the data folder, or every schema it made in PostgreSQL. */
  dispose(): Promise<void>;
}

const LABELS: Record<string, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** BENCH_STORES: the store kinds to run on, in order (any name the server's EVENT_STORE takes). */
export function benchStores(fallback = 'embedded-postgres,postgres,pglite'): string[] {
  const kinds = (process.env.BENCH_STORES ?? fallback)
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  for (const kind of kinds) {
    if (!/^[a-z][a-z0-9-]*$/.test(kind))
      throw new Error(`BENCH_STORES: "${kind}" is not a store kind (e.g. pglite,postgres)`);
  }
  return kinds;
}

export function storeLabel(kind: string): string {
  return LABELS[kind] ?? kind;
}

/**
 * The one place a store kind becomes a server's environment. `postgres` gets schemas of
 * its own in DATABASE_URL's database (dropped afterwards); every other kind, `pglite` and
 * any embedded engine alike (`embedded-postgres`), gets EVENT_STORE=<kind> and a fresh
 * DATA_DIR (deleted afterwards). The pool size is for the kinds that have a pool.
 */
export function storeTarget(
  kind: string,
  bench: string,
  options: { poolSize?: number } = {},
): StoreTarget {
  const prefix = uniqueSchemaName(bench);
  const schemas = {
    planning: `${prefix}_planning`,
    reporting: `${prefix}_reporting`,
    assessment: `${prefix}_assessment`,
  };
  const common = {
    DATABASE_POOL_SIZE: String(options.poolSize ?? 10),
    PLANNING_SCHEMA: schemas.planning,
    REPORTING_SCHEMA: schemas.reporting,
    ASSESSMENT_SCHEMA: schemas.assessment,
  };
  let env: Record<string, string>;
  let dispose: () => Promise<void>;
  if (kind === 'postgres') {
    const url = databaseUrl();
    env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: url,
      EVENT_STORE_SCHEMA: `${prefix}_store`,
      ...common,
    };
    dispose = () => dropSchemasStartingWith(url, prefix);
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), `ledger-bench-${bench}-`));
    // mkdtemp makes it 0700; embedded PostgreSQL's server runs as its own user when we are root.
    chmodSync(dataDir, 0o755);
    env = { EVENT_STORE: kind, DATA_DIR: dataDir, ...common };
    dispose = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const target: StoreTarget = {
    kind,
    label: storeLabel(kind),
    env,
    schemas,
    openStore: () => openEventStore(eventStoreConfigFromEnv(env)),
    dispose: async () => {
      forget();
      await dispose();
    },
  };
  // Ctrl-C in the middle of a run still removes what it made.
  const forget = onInterrupt(dispose);
  return target;
}

/** The database a store's own read models live in, for a rebuild done by the bench itself. */
export function readModelDatabaseOf(store: EventStore): SqlDatabase {
  if (store instanceof PgliteEventStore) return pgliteDatabase(store.db);
  if (store instanceof PostgresEventStore) return postgresDatabase(store.pool);
  throw new Error(`the bench rebuilds read models on PGlite or PostgreSQL stores only`);
}

async function dropSchemasStartingWith(url: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The prefix is unique to this run, so whatever the server made under it is the run's.
    const { rows } = await client.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)`,
      [`${prefix}_`],
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}
