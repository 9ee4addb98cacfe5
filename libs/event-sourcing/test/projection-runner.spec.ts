import { PGlite } from '@electric-sql/pglite';
import { PgliteEventStore, PostgresEventStore, RecordedEvent } from '@ledger/event-store';
import {
  Projection,
  ProjectionRunner,
  SqlExecutor,
  pgliteDatabase,
  postgresDatabase,
} from '@ledger/event-sourcing';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

/** Counts applications per event id: applying one event twice shows up as a count of 2. */
class CountingProjection implements Projection {
  readonly name = 'test.counting';
  failOn: string | undefined;

  constructor(
    readonly version = 1,
    readonly schema = 'counting',
  ) {}

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${this.schema}.applied (event_id uuid PRIMARY KEY, times int NOT NULL)`,
    );
  }
  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.schema}.applied`);
  }
  handles(type: string): boolean {
    return type !== 'Ignored';
  }
  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.schema}.applied VALUES ($1, 1)
       ON CONFLICT (event_id) DO UPDATE SET times = ${this.schema}.applied.times + 1`,
      [event.eventId],
    );
    // Fails after writing, inside the transaction: the write must be rolled back with it.
    if (event.type === this.failOn) throw new Error(`projection failed on ${event.type}`);
  }
}

describe('ProjectionRunner (PGlite)', () => {
  let db: PGlite;
  let store: PgliteEventStore;

  beforeAll(async () => {
    db = await PGlite.create();
    store = await PgliteEventStore.open({ db });
  });
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  const append = (type: string, n = 1) =>
    store.appendToStream(
      `s-${type}-${Math.random().toString(36).slice(2)}`,
      Array.from({ length: n }, () => ({ type, data: {}, metadata: { actor: 'test' } })),
    );
  const applied = async (): Promise<Array<{ times: number }>> =>
    (await db.query<{ times: number }>('SELECT times FROM counting.applied')).rows;

  it('retries a failed batch from its checkpoint and applies each event exactly once', async () => {
    await append('A', 3);
    await append('Ignored');
    const projection = new CountingProjection();
    projection.failOn = 'Boom';
    const runner = new ProjectionRunner(store, pgliteDatabase(db), projection, {
      retryDelayMs: 20,
      // Retried, not dead-lettered: setting a poison event aside is dead-letters.spec.ts's.
      maxAttempts: 100,
    });
    await runner.start();
    await runner.waitFor((await store.headPosition())!);
    expect(await applied()).toHaveLength(3);

    const boom = await append('Boom');
    await append('B', 2);
    await expect(runner.waitFor(boom.lastPosition, 300)).rejects.toThrow(/did not reach/);
    expect(runner.status().lastError).toMatch(/projection failed on Boom/);
    expect(await applied()).toHaveLength(3); // the failed batch's writes were rolled back

    projection.failOn = undefined; // the cause goes away: the runner recovers on its own
    await runner.waitFor((await store.headPosition())!);
    const rows = await applied();
    expect(rows).toHaveLength(6); // 3 A + Boom + 2 B; Ignored moved the checkpoint only
    expect(rows.every((r) => r.times === 1)).toBe(true);
    expect(runner.status()).toMatchObject({ running: true, lastError: null });
    await runner.stop();

    const restarted = new ProjectionRunner(store, pgliteDatabase(db), projection);
    await restarted.start();
    expect(restarted.status().position).toBe((await store.headPosition())!);
    await restarted.stop();
  });

  it('moves past events it does not handle without a transaction, and stores that position when it stops', async () => {
    const projection = new CountingProjection();
    const runner = new ProjectionRunner(store, pgliteDatabase(db), projection);
    await runner.start();
    const stored = async (): Promise<string | null> =>
      (
        await db.query<{ position: string | null }>(
          `SELECT position::text AS position FROM counting.read_model_checkpoints WHERE name = $1`,
          [projection.name],
        )
      ).rows[0]!.position;
    const before = await stored();
    const ignored = await append('Ignored', 5);
    await runner.waitFor(ignored.lastPosition);
    expect(runner.status().position).toBe(ignored.lastPosition);
    expect(await stored()).toBe(before); // nothing written for events it does not handle
    await runner.stop();
    // Stored on stop: a restart (or a rebuild's next round) starts there, not from 0 again.
    expect(await stored()).toBe(ignored.lastPosition.toString());

    const again = new ProjectionRunner(store, pgliteDatabase(db), projection);
    await again.start();
    await again.waitFor(ignored.lastPosition);
    expect((await applied()).every((r) => r.times === 1)).toBe(true);
    await again.stop();
  });

  it('rebuilds from position 0 when the projection version changes', async () => {
    const head = (await store.headPosition())!;
    const runner = new ProjectionRunner(store, pgliteDatabase(db), new CountingProjection(2));
    await runner.start();
    await runner.waitFor(head);
    const rows = await applied();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.times === 1)).toBe(true);
    await runner.stop();
  });

  it('rebuilds a read model that was never started in this database', async () => {
    const head = (await store.headPosition())!;
    const fresh = new CountingProjection(1, 'never_started');
    const runner = new ProjectionRunner(store, pgliteDatabase(db), fresh);
    await runner.rebuild();
    await runner.waitFor(head);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM never_started.applied',
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    await runner.stop();
  });

  it('stops an older version instead of mixing it with a newer one', async () => {
    const older = new ProjectionRunner(store, pgliteDatabase(db), new CountingProjection(2));
    await older.start();
    const newer = new ProjectionRunner(store, pgliteDatabase(db), new CountingProjection(3));
    await newer.start(); // rebuilds the tables as version 3
    await newer.waitFor((await store.headPosition())!);
    const next = await append('A');
    await expect(older.waitFor(next.lastPosition, 5_000)).rejects.toThrow(/version/);
    expect(older.status().running).toBe(false);
    await expect(
      new ProjectionRunner(store, pgliteDatabase(db), new CountingProjection(2)).start(),
    ).rejects.toThrow(/database holds version 3/);
    await newer.waitFor(next.lastPosition);
    expect((await applied()).every((r) => r.times === 1)).toBe(true);
    await older.stop();
    await newer.stop();
  });
});

const postgresUp = requirePostgres('ProjectionRunner on PostgreSQL');
(postgresUp ? describe : describe.skip)('ProjectionRunner (PostgreSQL)', () => {
  it('two runners of one projection on one database apply each event once', async () => {
    const storeSchema = uniqueSchemaName('runner_store');
    const store = await PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema: storeSchema,
      poolSize: 8,
    });
    const schema = uniqueSchemaName('runner_rm');
    try {
      for (let i = 0; i < 40; i++) {
        await store.appendToStream(
          `s-${i}`,
          Array.from({ length: 10 }, () => ({ type: 'A', data: {}, metadata: { actor: 't' } })),
        );
      }
      const head = (await store.headPosition())!;
      const db = postgresDatabase(store.pool);
      const runners = [1, 2].map(
        () => new ProjectionRunner(store, db, new CountingProjection(1, schema)),
      );
      // Start them one after the other: both set up, then race through the same 400 events.
      for (const runner of runners) await runner.start();
      await Promise.all(runners.map((runner) => runner.waitFor(head)));
      const rows = await db.query<{ n: string; over: string }>(
        `SELECT count(*)::text AS n, count(*) FILTER (WHERE times > 1)::text AS over FROM ${schema}.applied`,
      );
      expect(rows[0]).toEqual({ n: '400', over: '0' });
      for (const runner of runners) await runner.stop();
    } finally {
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.pool.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`);
      await store.close();
    }
  });
});
