import { join } from 'node:path';

export type EventStoreConfig =
  | { adapter: 'pglite'; dataDir: string }
  | { adapter: 'postgres'; connectionString: string; schema: string; poolSize: number }
  | { adapter: 'eventstoredb'; connectionString: string };

/**
 * Reads the store's settings from the environment, failing with a message that names the
 * variable: a deployment with a typo must not silently fall back to the embedded store.
 *
 * EVENT_STORE=pglite (default)   DATA_DIR=./data
 * EVENT_STORE=postgres           DATABASE_URL=postgres://...  EVENT_STORE_SCHEMA=event_store  DATABASE_POOL_SIZE=10
 * EVENT_STORE=eventstoredb       EVENTSTORE_URL=esdb://...
 */
export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EventStoreConfig {
  const adapter = env.EVENT_STORE ?? 'pglite';
  switch (adapter) {
    case 'pglite':
      return { adapter, dataDir: join(env.DATA_DIR ?? join(process.cwd(), 'data'), 'event-store') };
    case 'postgres': {
      const poolSize = Number(env.DATABASE_POOL_SIZE ?? '10');
      if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200) {
        throw new Error(
          `DATABASE_POOL_SIZE must be an integer from 1 to 200, got "${env.DATABASE_POOL_SIZE}"`,
        );
      }
      return {
        adapter,
        connectionString: required(env, 'DATABASE_URL', 'EVENT_STORE=postgres'),
        schema: env.EVENT_STORE_SCHEMA ?? 'event_store',
        poolSize,
      };
    }
    case 'eventstoredb':
      return {
        adapter,
        connectionString: required(env, 'EVENTSTORE_URL', 'EVENT_STORE=eventstoredb'),
      };
    default:
      throw new Error(`EVENT_STORE must be pglite, postgres or eventstoredb, got "${adapter}"`);
  }
}

function required(env: NodeJS.ProcessEnv, name: string, because: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required when ${because}`);
  return value;
}
