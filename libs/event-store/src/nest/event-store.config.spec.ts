import { join } from 'node:path';
import { EMBEDDED_DEFAULT, eventStoreConfigFromEnv } from './event-store.config';

describe('eventStoreConfigFromEnv', () => {
  it('defaults to embedded PostgreSQL under ./data', () => {
    expect(eventStoreConfigFromEnv({})).toEqual({
      adapter: 'embedded-postgres',
      dataDir: join(process.cwd(), 'data'),
      schema: 'event_store',
      poolSize: 10,
    });
  });

  it('runs PGlite under DATA_DIR/event-store when asked', () => {
    expect(eventStoreConfigFromEnv({ EVENT_STORE: 'pglite' })).toEqual({
      adapter: 'pglite',
      dataDir: join(process.cwd(), 'data', 'event-store'),
    });
  });

  it('keeps the embedded default to one line, EMBEDDED_DEFAULT', () => {
    expect(eventStoreConfigFromEnv({}).adapter).toBe(EMBEDDED_DEFAULT);
  });

  it('runs embedded PostgreSQL with its cluster under DATA_DIR', () => {
    expect(
      eventStoreConfigFromEnv({ EVENT_STORE: 'embedded-postgres', DATA_DIR: 'var/ledger' }),
    ).toEqual({
      adapter: 'embedded-postgres',
      dataDir: join(process.cwd(), 'var', 'ledger'),
      schema: 'event_store',
      poolSize: 10,
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
    [
      { EVENT_STORE: 'postgress' },
      /EVENT_STORE must be pglite, embedded-postgres, postgres or eventstoredb/,
    ],
    [{ EVENT_STORE: 'embedded-postgres', DATABASE_POOL_SIZE: '201' }, /DATABASE_POOL_SIZE/],
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
