import { Client } from 'pg';
import {
  contentHash,
  expectedHash,
  GENESIS_HASH,
  PostgresEventStore,
  verifyChain,
} from '@ledger/event-store';
import { migrate } from '@ledger/event-store/sql/migrate';
import { MIGRATIONS } from '@ledger/event-store/sql/migrations';
import { SqlClient, SqlExecutor } from '@ledger/event-store/sql/sql-client';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { tamperTests } from './hash-chain.tamper';

const schema = uniqueSchemaName('chain');
const upgraded = `${schema}_up`;
const versioned = `${schema}_v`;
const enabled = requirePostgres('PostgreSQL hash chain');

/** A SqlClient on one connection, to run a chosen subset of the migrations. */
function clientOn(connection: Client): SqlClient {
  const executor: SqlExecutor = {
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await connection.query(sql, [...params])).rows as Row[],
    exec: async (sql: string) => {
      await connection.query(sql);
    },
  };
  return {
    query: executor.query,
    transaction: async (work) => {
      await connection.query('BEGIN');
      try {
        const result = await work(executor);
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      }
    },
    close: async () => undefined,
  };
}

(enabled ? describe : describe.skip)('PostgreSQL hash chain', () => {
  let store: PostgresEventStore;
  let admin: Client;

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
    admin = new Client({ connectionString: databaseUrl() });
    await admin.connect();
  });

  afterAll(async () => {
    await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${upgraded}" CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS "${versioned}" CASCADE`);
    await admin.end();
  });

  describe('tampering in the database is found', () => {
    tamperTests({
      store: () => store,
      tamper: async (sql, params = []) => {
        // SET LOCAL: the trigger bypass ends with this transaction, whatever happens.
        await admin.query('BEGIN');
        try {
          await admin.query('SET LOCAL session_replication_role = replica');
          await admin.query(sql.replace(/^(UPDATE|DELETE FROM) t /, `$1 "${schema}".events `), [
            ...params,
          ]);
          await admin.query('COMMIT');
        } catch (error) {
          await admin.query('ROLLBACK');
          throw error;
        }
      },
    });
  });

  it('refuses an append that brings no content hash, writing nothing', async () => {
    await expect(
      admin.query(
        `SELECT * FROM "${schema}".append_to_stream('no-hash', 'any', $1::uuid[], $2::jsonb)`,
        [
          '{0190d6f2-0000-7000-8000-0000000000aa}',
          JSON.stringify([{ type: 'Old', data: {}, metadata: { actor: 'old-client' } }]),
        ],
      ),
    ).rejects.toThrow(/contentHash/);
    expect(await store.readStream('no-hash')).toEqual([]);
  });

  it('upgrades a store written before the chain: backfills in stream order, then chains on', async () => {
    const connection = new Client({ connectionString: databaseUrl() });
    await connection.connect();
    try {
      await migrate(clientOn(connection), upgraded, MIGRATIONS.slice(0, 1));
      // Appends through the version-1 function, as an old deployment made them.
      const oldAppend = async (stream: string, count: number): Promise<void> => {
        const ids = Array.from(
          { length: count },
          () =>
            `0190d6f2-0000-7000-8000-${Math.floor(Math.random() * 2 ** 48)
              .toString(16)
              .padStart(12, '0')}`,
        );
        const events = ids.map((_, i) => ({
          type: 'Legacy',
          data: { i, amount: `${i}.50`, z: { b: 2, a: 1 } },
          metadata: { actor: 'old', correlationId: null, causationId: null, validAt: null },
        }));
        await connection.query(
          `SELECT * FROM "${upgraded}".append_to_stream($1, 'any', $2::uuid[], $3::jsonb)`,
          [stream, `{${ids.join(',')}}`, JSON.stringify(events)],
        );
      };
      await oldAppend('legacy-b', 3);
      await oldAppend('legacy-a', 2);
      await oldAppend('legacy-b', 2);
      await oldAppend('legacy-a', 1);
    } finally {
      await connection.end();
    }

    const reopened = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema: upgraded,
    });
    try {
      const b = await reopened.readStream('legacy-b');
      expect(b).toHaveLength(5);
      let previous = GENESIS_HASH;
      for (const event of b) {
        expect(event.chain).toEqual({
          previousHash: previous,
          hash: expectedHash(event, previous),
        });
        previous = event.chain!.hash;
      }
      expect(await verifyChain(reopened, 'all')).toMatchObject({ checked: 8, firstBroken: null });

      await reopened.appendToStream('legacy-b', [
        { type: 'New', data: { after: 'upgrade' }, metadata: { actor: 'new' } },
      ]);
      const [head] = await reopened.readStream('legacy-b', { fromVersion: 5n });
      expect(head!.chain!.previousHash).toBe(previous);
      expect(await verifyChain(reopened, 'all')).toMatchObject({ checked: 9, firstBroken: null });
      // The append-only trigger, off during the backfill, is on again; hashes are required.
      await expect(
        admin.query(`UPDATE "${upgraded}".events SET event_type = 'Forged'`),
      ).rejects.toThrow(/append-only/);
      const { rows } = await admin.query<{ nulls: string }>(
        `SELECT count(*) AS nulls FROM "${upgraded}".events WHERE hash IS NULL OR previous_hash IS NULL`,
      );
      expect(rows[0]!.nulls).toBe('0');
    } finally {
      await reopened.close();
    }
  });
  it('upgrades a store written before schema versions: its events read as version 1, their chains verify, nothing is rewritten', async () => {
    const connection = new Client({ connectionString: databaseUrl() });
    await connection.connect();
    try {
      await migrate(clientOn(connection), versioned, MIGRATIONS.slice(0, 2));
      // Appends through the migration-2 function, as a deployment before versions made them.
      for (let i = 0; i < 3; i++) {
        const id = `0190d6f2-0000-7000-8000-${(0xab0 + i).toString(16).padStart(12, '0')}`;
        const content = {
          streamId: 'before-versions',
          eventId: id,
          type: 'Legacy',
          data: { i, amount: `${i}.50` },
          metadata: { actor: 'old', correlationId: null, causationId: null, validAt: null },
        };
        await connection.query(
          `SELECT * FROM "${versioned}".append_to_stream($1, 'any', $2::uuid[], $3::jsonb)`,
          [
            content.streamId,
            `{${id}}`,
            JSON.stringify([
              {
                type: content.type,
                data: content.data,
                metadata: content.metadata,
                contentHash: contentHash(content),
              },
            ]),
          ],
        );
      }
    } finally {
      await connection.end();
    }
    const before = await admin.query<{ h: string }>(
      `SELECT string_agg(encode(hash, 'hex'), ',' ORDER BY global_position) AS h FROM "${versioned}".events`,
    );
    const reopened = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema: versioned,
    });
    try {
      const events = await reopened.readStream('before-versions');
      expect(events.map((e) => e.schemaVersion)).toEqual([1, 1, 1]);
      expect(await verifyChain(reopened, 'all')).toMatchObject({ checked: 3, firstBroken: null });
      const after = await admin.query<{ h: string }>(
        `SELECT string_agg(encode(hash, 'hex'), ',' ORDER BY global_position) AS h FROM "${versioned}".events`,
      );
      expect(after.rows[0]!.h).toBe(before.rows[0]!.h);
      // New events of a later version chain on, and a version changed in the table shows.
      await reopened.appendToStream('before-versions', [
        { type: 'Legacy', data: { i: 3 }, metadata: { actor: 'new' }, schemaVersion: 2 },
      ]);
      expect(await verifyChain(reopened, 'all')).toMatchObject({ checked: 4, firstBroken: null });
      await admin.query('BEGIN');
      await admin.query('SET LOCAL session_replication_role = replica');
      await admin.query(
        `UPDATE "${versioned}".events SET schema_version = 1 WHERE stream_version = 3`,
      );
      await admin.query('COMMIT');
      expect((await verifyChain(reopened, 'all')).firstBroken).toMatchObject({
        streamVersion: 3n,
        reason: 'content altered',
      });
    } finally {
      await reopened.close();
    }
  });
});
