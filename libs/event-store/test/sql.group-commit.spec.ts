import { Client } from 'pg';
import {
  EventToAppend,
  PgliteEventStore,
  PostgresEventStore,
  verifyChain,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

/**
 * The SQL stores' group commit (migration 5, sql/append-batcher.ts), seen from below the
 * port: appends made while others are on their way share a transaction, appends to one
 * stream keep their order, and the shorter append lock keeps the global log gap-safe.
 */
const event = (type: string, data: Record<string, unknown> = {}): EventToAppend => ({
  type,
  data: data as EventToAppend['data'],
  metadata: { actor: 'group-commit-test' },
});

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

function groupCommitTests(open: () => Promise<{ store: SqlStore; query: Query; schema: string }>) {
  let store: SqlStore;
  let query: Query;
  let schema: string;
  beforeAll(async () => {
    ({ store, query, schema } = await open());
  });
  afterAll(async () => {
    await store.close();
  });

  it('sends appends made while others are on their way together: fewer transactions than appends', async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.appendToStream(`shared-${i}`, [event('Shared')])),
    );
    const rows = await query(
      `SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events
         FROM "${schema}".events WHERE stream_id LIKE 'shared-%'`,
    );
    expect(rows[0]).toMatchObject({ events: 30 });
    expect(rows[0]!.transactions as number).toBeLessThan(30);
    // Each transaction drew one contiguous block of positions.
    const blocks = await query(
      `SELECT (max(global_position) - min(global_position) + 1)::int AS span, count(*)::int AS n
         FROM "${schema}".events WHERE stream_id LIKE 'shared-%' GROUP BY transaction_id`,
    );
    for (const block of blocks) expect(block.span).toBe(block.n);
    expect(new Set(results.map((r) => r.lastPosition)).size).toBe(30);
  });

  it('appends to one stream in a burst leave in the order they were made: each sees the one before', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, v) =>
        store.appendToStream('ordered', [event('Next', { v })], {
          expectedVersion: v === 0 ? 'no_stream' : BigInt(v - 1),
        }),
      ),
    );
    expect(outcomes.map((o) => o.nextExpectedVersion)).toEqual(
      Array.from({ length: 12 }, (_, v) => BigInt(v)),
    );
    expect((await store.readStream('ordered')).map((e) => e.data)).toEqual(
      Array.from({ length: 12 }, (_, v) => ({ v })),
    );
    expect((await verifyChain(store, { streamId: 'ordered' })).firstBroken).toBeNull();
  });

  it('a wrong expected version fails only its own append: the others of its group commit together', async () => {
    await store.appendToStream('wrong-target', [event('First')]);
    // The first append leaves alone; the next three wait for it and go in one call.
    const outcomes = await Promise.allSettled([
      store.appendToStream('wrong-first', [event('First')]),
      store.appendToStream('wrong-a', [event('A')]),
      store.appendToStream('wrong-target', [event('Late')], { expectedVersion: 'no_stream' }),
      store.appendToStream('wrong-b', [event('B')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    const rows = await query(
      `SELECT stream_id, stream_version::int AS version, transaction_id::text AS tx
         FROM "${schema}".events WHERE stream_id LIKE 'wrong-%' ORDER BY global_position`,
    );
    expect(rows.map(({ stream_id, version }) => ({ stream_id, version }))).toEqual([
      { stream_id: 'wrong-target', version: 0 },
      { stream_id: 'wrong-first', version: 0 },
      { stream_id: 'wrong-a', version: 0 },
      { stream_id: 'wrong-b', version: 0 },
    ]);
    expect(rows[2]!.tx).toBe(rows[3]!.tx);
    expect(rows[1]!.tx).not.toBe(rows[2]!.tx);
  });

  it('refuses to run in a transaction that wrote before it (its position order would not hold)', async () => {
    await expect(
      query(`DO $$ BEGIN
        CREATE TEMP TABLE scratch (x int); INSERT INTO scratch VALUES (1);
        PERFORM * FROM "${schema}".append_to_streams('{late}', '{any}', '{1}',
          '{0190d6f2-0000-7000-8000-00000000abcd}', '{"Late"}', '[{}]', '[{"actor":"t"}]', '{1}',
          '{1}', ARRAY[repeat('ab', 32)]);
      END $$`),
    ).rejects.toThrow(/transaction of its own/);
  });
}

type SqlStore = PgliteEventStore | PostgresEventStore;

describe('PGlite group commit', () => {
  groupCommitTests(async () => {
    const store = await PgliteEventStore.open();
    const query: Query = async (sql, params = []) =>
      (await store.db.query<Record<string, unknown>>(sql, params)).rows;
    return { store, query, schema: 'event_store' };
  });
});

const postgres = requirePostgres('PostgreSQL group commit');
(postgres ? describe : describe.skip)('PostgreSQL group commit', () => {
  const schema = uniqueSchemaName('group');
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: databaseUrl() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  groupCommitTests(async () => {
    const store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
    const query: Query = async (sql, params = []) =>
      (await admin.query<Record<string, unknown>>(sql, params)).rows;
    return { store, query, schema };
  });

  it('with several calls on their way at once, appends to one stream still leave in order', async () => {
    // The streams of one call must not be in another, or each would race for the stream.
    const store = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema,
      maxConcurrentAppends: 6,
    });
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, v) =>
          store.appendToStream('ordered-in-flight', [event('Next', { v })], {
            expectedVersion: v === 0 ? 'no_stream' : BigInt(v - 1),
          }),
        ),
      );
      expect(outcomes.map((o) => o.nextExpectedVersion)).toEqual(
        Array.from({ length: 12 }, (_, v) => BigInt(v)),
      );
    } finally {
      await store.close();
    }
  });

  it('two processes sending groups over the same streams in opposite orders never deadlock', async () => {
    const other = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
    const mine = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
    try {
      const streams = Array.from({ length: 8 }, (_, i) => `crossed-${i}`);
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          ...streams.map((s) => mine.appendToStream(s, [event('Mine', { round })])),
          ...[...streams]
            .reverse()
            .map((s) => other.appendToStream(s, [event('Other', { round })])),
        ]);
      }
      for (const s of streams) {
        expect(await mine.readStream(s)).toHaveLength(20);
        expect((await verifyChain(mine, { streamId: s })).firstBroken).toBeNull();
      }
    } finally {
      await other.close();
      await mine.close();
    }
  });

  it('holds back a later group while an earlier one, with lower positions, is not committed', async () => {
    const store = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema,
      pollIntervalMs: 10,
    });
    const slow = new Client({ connectionString: databaseUrl() });
    await slow.connect();
    try {
      await store.appendToStream('held-warm-up', [event('WarmedUp')]);
      const head = await store.headPosition();
      await slow.query('BEGIN');
      const { rows } = await slow.query<{ last_position: string }>(
        `SELECT last_position FROM "${schema}".append_to_streams('{held-slow}', '{any}', '{1}',
           '{0190d6f2-0000-7000-8000-0000000000aa}', '{"Held"}', '[{}]', '[{"actor":"t"}]',
           '{1}', '{1}', ARRAY[repeat('ab', 32)])`,
      );
      const fast = await store.appendToStream('held-fast', [event('Fast')]);
      expect(BigInt(rows[0]!.last_position)).toBe(head! + 1n);
      expect(fast.lastPosition).toBe(head! + 2n);
      expect(await store.readAll({ after: head! })).toEqual([]);
      await slow.query('COMMIT');
      expect((await store.readAll({ after: head! })).map((e) => e.streamId)).toEqual([
        'held-slow',
        'held-fast',
      ]);
    } finally {
      await slow.end();
      await store.close();
    }
  });
});
