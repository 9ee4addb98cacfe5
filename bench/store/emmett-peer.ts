import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { BenchPeer, PeerEvent } from './peer';

/** Page size for reading the global log (Emmett's consumer default is 100). */
const READ_BATCH_SIZE = 1000;

/**
 * Emmett 0.42's PostgreSQL event store, driven through its public API only:
 *
 * - schema: `eventStore.schema.migrate()` once at open, so no append pays for it (the default
 *   `autoMigration: 'CreateOrUpdate'` would otherwise run it on the first append);
 * - appends: `eventStore.appendToStream(streamName, events)` with no expected version, which
 *   calls Emmett's `emt_append_to_stream` function in one transaction;
 * - global log: `readMessagesBatch(execute, { after, batchSize })`, the function Emmett's own
 *   consumers page with (`postgreSQLEventStoreMessageBatchPuller`). We call it directly rather
 *   than through `eventStore.consumer()`, which sleeps 50-100 ms between pages by design.
 *   Its query orders by (transaction_id, global_position) but pages on global_position, so
 *   under concurrent appends the count it returns can include duplicates and miss events:
 *   that is Emmett's behaviour, measured as is.
 *
 * The pg.Pool is ours so it can have the same size as the other peers (dumbo's own pool has
 * no size option and uses pg's default of 10). The store and the reader share it through one
 * dumbo wrapper; `close()` ends it. Creating that wrapper switches node-postgres' global type
 * parsers for int8 (to bigint) and json/jsonb (JSON.parse with a bigint reviver) for every pg
 * client in the process, for the rest of the process.
 */
export async function openEmmettPeer(connectionString: string, poolSize = 32): Promise<BenchPeer> {
  const pgPool = new Pool({ connectionString, max: poolSize });
  // An idle client's network error must not crash the process; the next query reports it.
  pgPool.on('error', () => undefined);
  const pool = dumbo({ connectionString, pool: pgPool });
  const eventStore = getPostgreSQLEventStore(connectionString, {
    connectionOptions: { dumbo: pool },
  });
  const close = async (): Promise<void> => {
    await eventStore.close(); // a no-op for a pool we passed in, kept for symmetry
    await pgPool.end();
  };
  try {
    await eventStore.schema.migrate();
  } catch (error) {
    await close();
    throw error;
  }

  return {
    name: 'Emmett PostgreSQL',
    async appendOne(streamId: string, event: PeerEvent): Promise<void> {
      await eventStore.appendToStream(streamId, [{ type: event.type, data: event.data }]);
    },
    async appendBatch(streamId: string, events: readonly PeerEvent[]): Promise<void> {
      await eventStore.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data })),
      );
    },
    async readAll(): Promise<number> {
      let count = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize: READ_BATCH_SIZE });
        count += batch.messages.length;
        if (!batch.areMessagesLeft) return count;
        after = batch.currentGlobalPosition;
      }
    },
    close,
  };
}
