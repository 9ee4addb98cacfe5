import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { MIGRATIONS } from '@ledger/event-store/sql/migrations';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

/**
 * The mechanism behind gap-safe reads, shown directly: a writer whose transaction is still
 * open took a lower position; a later writer commits first. No reader may see the later
 * event until the earlier one is settled, and then both appear in position order.
 */
const schema = uniqueSchemaName('order');
const enabled = requirePostgres('PostgreSQL ordering');

(enabled ? describe : describe.skip)('PostgreSQL append ordering', () => {
  let store: PostgresEventStore;
  let slowWriter: Client;

  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema,
      pollIntervalMs: 10,
    });
    slowWriter = new Client({ connectionString: databaseUrl() });
    await slowWriter.connect();
  });

  /** Appends through the SQL function inside a transaction the test keeps open. */
  async function appendInOpenTransaction(stream: string, eventId: string): Promise<bigint> {
    const { rows } = await slowWriter.query<{ last_position: string }>(
      `SELECT last_position FROM "${schema}".append_to_stream($1, 'any', $2::uuid[], $3::jsonb)`,
      [
        stream,
        `{${eventId}}`,
        JSON.stringify([
          { type: 'Held', data: {}, metadata: { actor: 'test' }, contentHash: 'ab'.repeat(32) },
        ]),
      ],
    );
    return BigInt(rows[0]!.last_position);
  }

  afterAll(async () => {
    await store.close();
    await slowWriter.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await slowWriter.end();
  });

  it('holds back a later committed event while an earlier position is still uncommitted', async () => {
    await store.appendToStream('warm-up', [
      { type: 'WarmedUp', data: {}, metadata: { actor: 'test' } },
    ]);
    const head = await store.headPosition();

    await slowWriter.query('BEGIN');
    const slowPosition = await appendInOpenTransaction(
      'slow',
      '0190d6f2-0000-7000-8000-000000000001',
    );
    const fast = await store.appendToStream('fast', [
      { type: 'Fast', data: {}, metadata: { actor: 'test' } },
    ]);
    expect(slowPosition).toBe(head! + 1n);
    expect(fast.lastPosition).toBe(head! + 2n);

    // The fast event is committed, but reading it now would let a tailing reader skip the slow one.
    expect(await store.readAll({ after: head! })).toEqual([]);
    expect(await store.headPosition()).toBe(head);
    expect(await store.readStream('fast')).toHaveLength(1);

    await slowWriter.query('COMMIT');
    expect((await store.readAll({ after: head! })).map((e) => e.streamId)).toEqual([
      'slow',
      'fast',
    ]);
    expect(await store.headPosition()).toBe(head! + 2n);
  });

  it('a rolled-back append leaves a permanent gap that never holds readers back', async () => {
    const head = await store.headPosition();
    await slowWriter.query('BEGIN');
    await appendInOpenTransaction('aborted', '0190d6f2-0000-7000-8000-000000000002');
    await slowWriter.query('ROLLBACK');
    const after = await store.appendToStream('after-abort', [
      { type: 'After', data: {}, metadata: { actor: 'test' } },
    ]);
    expect(after.lastPosition).toBe(head! + 2n);
    expect((await store.readAll({ after: head! })).map((e) => e.globalPosition)).toEqual([
      head! + 2n,
    ]);
  });

  it('refuses to update or delete a stored event', async () => {
    await expect(
      slowWriter.query(`UPDATE "${schema}".events SET event_type = 'Forged'`),
    ).rejects.toThrow(/append-only/);
    await expect(slowWriter.query(`DELETE FROM "${schema}".events`)).rejects.toThrow(/append-only/);
    await expect(slowWriter.query(`TRUNCATE "${schema}".events`)).rejects.toThrow(/append-only/);
  });

  it('migrates idempotently, also when several processes open the store at once', async () => {
    const stores = await Promise.all(
      [1, 2, 3].map(() =>
        PostgresEventStore.open({ connectionString: databaseUrl(), schema: `${schema}_m` }),
      ),
    );
    const { rows } = await slowWriter.query<{ n: string }>(
      `SELECT count(*) AS n FROM "${schema}_m".schema_migrations`,
    );
    expect(rows[0]!.n).toBe(String(MIGRATIONS.length));
    await Promise.all(stores.map((s) => s.close()));
    await slowWriter.query(`DROP SCHEMA "${schema}_m" CASCADE`);
  });
});
