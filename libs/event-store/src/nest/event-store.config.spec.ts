import { join } from 'node:path';
import { eventStoreConfigFromEnv } from './event-store.config';

describe('eventStoreConfigFromEnv', () => {
  it('defaults to PGlite under ./data/event-store', () => {
    expect(eventStoreConfigFromEnv({})).toEqual({
      adapter: 'pglite',
      dataDir: join(process.cwd(), 'data', 'event-store'),
    });
  });

  it('reads PostgreSQL settings', () => {
    expect(
      eventStoreConfigFromEnv({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'postgres://x@h/db',
        DATABASE_POOL_SIZE: '32',
        EVENT_STORE_SCHEMA: 'ledger',
      }),
    ).toEqual({
      adapter: 'postgres',
      connectionString: 'postgres://x@h/db',
      schema: 'ledger',
      poolSize: 32,
    });
  });

  it.each([
    [{ EVENT_STORE: 'postgress' }, /EVENT_STORE must be pglite, postgres or eventstoredb/],
    [{ EVENT_STORE: 'postgres' }, /DATABASE_URL is required/],
    [
      { EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://h', DATABASE_POOL_SIZE: '0' },
      /DATABASE_POOL_SIZE/,
    ],
    [{ EVENT_STORE: 'eventstoredb' }, /EVENTSTORE_URL is required/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => eventStoreConfigFromEnv(env)).toThrow(message);
  });
});
