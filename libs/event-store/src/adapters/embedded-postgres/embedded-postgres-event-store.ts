import { PostgresEventStore, PostgresEventStoreOptions } from '../postgres/postgres-event-store';
import { EmbeddedPostgresServer } from './embedded-postgres-server';
import { migratePgliteStore } from './pglite-migration';

export interface EmbeddedPostgresEventStoreOptions extends Omit<
  PostgresEventStoreOptions,
  'connectionString'
> {
  /** DATA_DIR: the cluster in postgres/, and a PGlite store in event-store/ to migrate. */
  dataDir: string;
  /** The lines a person should read: the first start, a migration, a left-over server. */
  log?: (message: string) => void;
}

/**
 * The PostgreSQL adapter on a server of our own under DATA_DIR: real PostgreSQL, nothing
 * to install. It is the PostgresEventStore (pool and all, so read models share it as they
 * share a PostgreSQL store's); closing it also stops the server.
 */
export async function openEmbeddedPostgresEventStore(
  options: EmbeddedPostgresEventStoreOptions,
): Promise<PostgresEventStore> {
  const { dataDir, log: given, ...storeOptions } = options;
  const log = given ?? ((message: string) => process.stderr.write(`${message}\n`));
  const server = await EmbeddedPostgresServer.start({ dataDir, log });
  try {
    await migrateFromPglite(server, storeOptions.schema ?? 'event_store', log);
    const store = await PostgresEventStore.open({
      ...storeOptions,
      connectionString: server.connectionString,
    });
    log(
      `event store on ${server.version} in ${server.layout.cluster} (its log: ${server.layout.log})`,
    );
    return stopsServerOnClose(store, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/**
 * A store made by EVENT_STORE=pglite in the same DATA_DIR becomes this one on first start.
 * The copy runs on a store opened without the ledger clock: the clock's check (never behind
 * the log) is then made on the migrated log when the real store opens.
 */
async function migrateFromPglite(
  server: EmbeddedPostgresServer,
  schema: string,
  log: (message: string) => void,
): Promise<void> {
  const target = await PostgresEventStore.open({
    connectionString: server.connectionString,
    schema,
    poolSize: 2,
  });
  try {
    const migrated = await migratePgliteStore({
      pgliteDir: server.layout.pglite,
      target,
      targetSchema: schema,
      log,
    });
    if (!migrated) return;
    const range =
      migrated.lastPosition === null ? 'no events' : `positions up to ${migrated.lastPosition}`;
    log(
      `${migrated.resumed ? 'finished migrating' : 'migrated'} the PGlite store to PostgreSQL: ` +
        `${migrated.events} events in ${migrated.streams} streams (${range}), copied as stored, ` +
        `hash chain verified, in ${migrated.ms} ms. Read models rebuild from position 0 now. ` +
        `The PGlite folder is kept as ${migrated.keptAs}: delete it once you no longer need it`,
    );
  } finally {
    await target.close();
  }
}

/**
 * Callers close the store they opened, and must not leave a server behind. The close is
 * extended on this one instance rather than wrapped, because read models, the as-of views
 * and the tools recognise a PostgreSQL store by its class to share its pool.
 */
function stopsServerOnClose(
  store: PostgresEventStore,
  server: EmbeddedPostgresServer,
): PostgresEventStore {
  const closeStore = store.close.bind(store);
  store.close = async () => {
    try {
      await closeStore();
    } finally {
      await server.stop();
    }
  };
  return store;
}
