import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

const schema = uniqueSchemaName('es_visible');
const event = (n: number) => ({ type: 'Noted', data: { n }, metadata: { actor: 'test' } });

/**
 * What holds the global log back on PostgreSQL: an append still committing, and nothing
 * else. Read models commit their own transactions beside the appends all the time; a log
 * that waited for every transaction on the server fell seconds behind under load.
 */
if (requirePostgres('PostgreSQL global log visibility')) {
  describe('the global log on PostgreSQL: what holds a reader back', () => {
    let store: PostgresEventStore;
    let other: Client;
    beforeAll(async () => {
      store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
      other = new Client({ connectionString: databaseUrl() });
      await other.connect();
    });
    afterAll(async () => {
      await store.close();
      await other.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await other.end();
    });

    it('returns a committed append at once while another transaction that writes stays open', async () => {
      const before = await store.headPosition();
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()'); // it now holds a transaction id, as a read model's does
      try {
        const appended = await store.appendToStream('visible-1', [event(1), event(2)]);
        const read = await store.readAll({ ...(before === null ? {} : { after: before }) });
        expect(read.map((e) => e.globalPosition)).toEqual([
          appended.lastPosition - 1n,
          appended.lastPosition,
        ]);
      } finally {
        await other.query('ROLLBACK');
      }
    });

    it('stops at a position still being committed and goes on once it lands', async () => {
      const head = (await store.headPosition())!;
      // An append in flight: its position drawn, its transaction open.
      await other.query('BEGIN');
      await other
        .query(`SELECT * FROM "${schema}".append_to_stream($1, $2, $3::uuid[], $4::jsonb)`, [
          'visible-2',
          'any',
          `{${randomUUID()}}`,
          JSON.stringify([
            {
              type: 'Noted',
              data: { n: 3 },
              metadata: { actor: 'test' },
              schemaVersion: 1,
              contentHash: '00'.repeat(32),
            },
          ]),
        ])
        .catch(async (error: unknown) => {
          await other.query('ROLLBACK');
          throw error;
        });
      const after = await store.appendToStream('visible-3', [event(4)]);
      expect(await store.readAll({ after: head })).toEqual([]);
      await other.query('COMMIT');
      const read = await store.readAll({ after: head });
      expect(read.map((e) => e.globalPosition)).toEqual([head + 1n, after.lastPosition]);
    });

    it('passes a hole left by a rolled-back append once nothing older runs', async () => {
      const head = (await store.headPosition())!;
      await other.query('BEGIN');
      await other.query(`SELECT nextval('"${schema}".global_position')`); // a position drawn, then lost
      await other.query('ROLLBACK');
      const after = await store.appendToStream('visible-4', [event(5)]);
      const read = await store.readAll({ after: head });
      expect(read.map((e) => e.globalPosition)).toEqual([after.lastPosition]);
      expect(after.lastPosition).toBe(head + 2n);
    });
  });
} else {
  describe.skip('PostgreSQL global log visibility (server not reachable)', () => {
    it('runs when PostgreSQL is reachable', () => undefined);
  });
}
