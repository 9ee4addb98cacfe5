import { PostgresEventStore, RecordedEvent } from '@ledger/event-store';
import { DEAD_LETTER_OPERATIONS_STREAM } from '@ledger/contracts';
import {
  DeadLetterOperations,
  DeadLetterRefusedError,
  Projection,
  ProjectionDeadLetterError,
  ProjectionRunner,
  SqlExecutor,
  isTransientFailure,
  postgresDatabase,
  projectionMaxAttemptsFromEnv,
  storeEventReplayer,
} from '@ledger/event-sourcing';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

/** Counts applications per event id, and throws on a poison event until it is "fixed". */
class PoisonableProjection implements Projection {
  readonly name = 'test.poisonable';
  readonly version = 1;
  fixed = false;
  constructor(readonly schema: string) {}
  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${this.schema}.applied (event_id uuid PRIMARY KEY, type text NOT NULL, times int NOT NULL)`,
    );
  }
  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.schema}.applied`);
  }
  handles(type: string): boolean {
    return type !== 'Ignored';
  }
  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    // Writes first: a failure must roll this back with it.
    await tx.query(
      `INSERT INTO ${this.schema}.applied VALUES ($1, $2, 1)
       ON CONFLICT (event_id) DO UPDATE SET times = ${this.schema}.applied.times + 1`,
      [event.eventId, event.type],
    );
    if (event.type === 'Poison' && !this.fixed) {
      throw new Error(`cannot read ${event.type}: amount ${JSON.stringify(event.data.amount)}`);
    }
  }
}

const postgresUp = requirePostgres('dead letters of a projection');
(postgresUp ? describe : describe.skip)(
  'a projection that meets a poison event (PostgreSQL)',
  () => {
    const storeSchema = uniqueSchemaName('dl_store');
    const schema = uniqueSchemaName('dl_rm');
    let store: PostgresEventStore;
    let projection: PoisonableProjection;
    let runner: ProjectionRunner;
    let operations: DeadLetterOperations;
    const log: string[] = [];

    beforeAll(async () => {
      store = await PostgresEventStore.open({
        connectionString: databaseUrl(),
        schema: storeSchema,
        poolSize: 6,
      });
      projection = new PoisonableProjection(schema);
      const db = postgresDatabase(store.pool);
      runner = new ProjectionRunner(store, db, projection, {
        retryDelayMs: 5,
        maxAttempts: 3,
        log: (m) => log.push(m),
      });
      operations = new DeadLetterOperations(store, db, [
        { projection, replayers: { projection_event: storeEventReplayer(store, projection) } },
      ]);
      await runner.start();
    });
    afterAll(async () => {
      await runner?.stop();
      await store.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.pool.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`);
      await store.close();
    });

    const append = async (type: string, n = 1, data: Record<string, string> = {}) => {
      const streamId = `s-${type}-${Math.random().toString(36).slice(2)}`;
      const result = await store.appendToStream(
        streamId,
        Array.from({ length: n }, () => ({ type, data, metadata: { actor: 'test' } })),
      );
      return { ...result, streamId };
    };
    const applied = async () =>
      store.pool
        .query<{ type: string; times: number }>(
          `SELECT type, times FROM ${schema}.applied ORDER BY type`,
        )
        .then((r) => r.rows);
    const checkpoint = async () =>
      (
        await store.pool.query<{ position: string }>(
          `SELECT position::text AS position FROM ${schema}.read_model_checkpoints WHERE name = $1`,
          [projection.name],
        )
      ).rows[0]?.position;
    const operationsLog = () => store.readStream(DEAD_LETTER_OPERATIONS_STREAM);

    it('sets the poison event aside after N attempts and applies what follows it', async () => {
      await append('A', 3);
      const poison = await append('Poison', 1, { amount: 'twelve' });
      await append('Ignored');
      const after = await append('B', 2);
      // Whoever waits for the poison event hears why, instead of hanging until a timeout.
      await expect(runner.waitFor(poison.lastPosition, 20_000)).rejects.toThrow(
        ProjectionDeadLetterError,
      );
      await runner.waitFor(after.lastPosition, 20_000);
      // And so does one who comes to wait for it later.
      await expect(runner.waitFor(poison.lastPosition)).rejects.toThrow(
        /set the event at \d+ aside/,
      );
      expect(await applied()).toEqual([
        { type: 'A', times: 1 },
        { type: 'A', times: 1 },
        { type: 'A', times: 1 },
        { type: 'B', times: 1 },
        { type: 'B', times: 1 },
      ]);
      expect(await checkpoint()).toBe(after.lastPosition.toString());

      const [letter, ...others] = await operations.list();
      expect(others).toEqual([]);
      const [stored] = await store.readStream(poison.streamId);
      expect(letter).toMatchObject({
        id: `test.poisonable@${poison.lastPosition}`,
        kind: 'projection_event',
        projection: 'test.poisonable',
        eventId: stored!.eventId,
        eventType: 'Poison',
        streamId: poison.streamId,
        globalPosition: poison.lastPosition,
        error: 'cannot read Poison: amount "twelve"',
        // Three failed batches, then the event alone.
        attempts: 4,
        status: 'open',
      });
      expect(letter!.firstFailedAt.getTime()).toBeLessThanOrEqual(letter!.lastFailedAt.getTime());
      expect(
        log.some((m) => m.includes(`aside as dead letter ${letter!.id} after 4 attempts`)),
      ).toBe(true);
      expect(await operations.count()).toEqual([
        { kind: 'projection_event', source: 'test.poisonable', count: 1 },
      ]);

      // The log keeps flowing.
      const later = await append('C');
      await runner.waitFor(later.lastPosition, 20_000);
      expect((await applied()).filter((r) => r.type === 'C')).toEqual([{ type: 'C', times: 1 }]);
    });

    it('replays it after the fix exactly once; a replay before the fix keeps it with the new reason', async () => {
      const [letter] = await operations.list();
      const id = letter!.id;

      const early = await operations.replay(id, 'operator:alice', 'try again');
      expect(early.outcome).toBe('failed');
      expect(early.deadLetter).toMatchObject({ status: 'open', attempts: 5 });
      expect((await applied()).filter((r) => r.type === 'Poison')).toEqual([]);

      projection.fixed = true;
      const replayed = await operations.replay(id, 'operator:alice', 'amount parser fixed');
      expect(replayed.outcome).toBe('applied');
      expect(replayed.deadLetter).toMatchObject({
        status: 'replayed',
        resolvedBy: 'operator:alice',
        resolution: 'amount parser fixed',
      });
      await expect(operations.replay(id, 'operator:bob')).rejects.toThrow(
        new DeadLetterRefusedError(
          'ALREADY_RESOLVED',
          `dead letter ${id} was already replayed at ${replayed.deadLetter.resolvedAt!.toISOString()} by operator:alice: nothing done`,
        ),
      );
      expect((await applied()).filter((r) => r.type === 'Poison')).toEqual([
        { type: 'Poison', times: 1 },
      ]);
      expect(await operations.list()).toEqual([]);
      expect(await operations.count()).toEqual([]);

      const audit = await operationsLog();
      expect(audit.map((e) => [e.type, e.metadata.actor, e.data.outcome, e.data.error])).toEqual([
        ['DeadLetterReplayed', 'operator:alice', 'failed', 'cannot read Poison: amount "twelve"'],
        ['DeadLetterReplayed', 'operator:alice', 'applied', null],
      ]);
      expect(audit[1]!.data).toMatchObject({
        deadLetterId: id,
        kind: 'projection_event',
        projection: 'test.poisonable',
        eventType: 'Poison',
        globalPosition: letter!.globalPosition!.toString(),
        note: 'amount parser fixed',
      });
    });

    it('discards a dead letter only with a reason, and records it', async () => {
      projection.fixed = false;
      const poison = await append('Poison', 1, { amount: 'n/a' });
      await expect(runner.waitFor(poison.lastPosition, 20_000)).rejects.toThrow(
        ProjectionDeadLetterError,
      );
      const id = `test.poisonable@${poison.lastPosition}`;
      await expect(operations.discard(id, 'operator:alice', '  ')).rejects.toThrow(
        /needs a reason/,
      );
      const discarded = await operations.discard(id, 'operator:alice', 'test data, never real');
      expect(discarded).toMatchObject({ status: 'discarded', resolution: 'test data, never real' });
      await expect(operations.replay(id, 'operator:alice')).rejects.toThrow(/already discarded/);
      await expect(
        operations.discard('test.poisonable@999999', 'operator:alice', 'x'),
      ).rejects.toThrow(/no dead letter test.poisonable@999999/);
      expect(await operations.list({ status: 'any' })).toHaveLength(2);
      const last = (await operationsLog()).at(-1)!;
      expect(last).toMatchObject({
        type: 'DeadLetterDiscarded',
        metadata: { actor: 'operator:alice' },
        data: { deadLetterId: id, reason: 'test data, never real', eventType: 'Poison' },
      });
    });
  },
);

describe('dead-letter settings and failure kinds', () => {
  it('validates PROJECTION_MAX_ATTEMPTS', () => {
    expect(projectionMaxAttemptsFromEnv({})).toBe(5);
    expect(projectionMaxAttemptsFromEnv({ PROJECTION_MAX_ATTEMPTS: '2' })).toBe(2);
    for (const bad of ['0', '-1', '2.5', 'five', '101']) {
      expect(() => projectionMaxAttemptsFromEnv({ PROJECTION_MAX_ATTEMPTS: bad })).toThrow(
        /PROJECTION_MAX_ATTEMPTS="[^"]*": .* from 1 to 100/,
      );
    }
  });

  it('never dead-letters for a database that went away', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    expect(isTransientFailure(withCode('57P01'))).toBe(true); // admin shutdown
    expect(isTransientFailure(withCode('08006'))).toBe(true);
    expect(isTransientFailure(withCode('ECONNREFUSED'))).toBe(true);
    expect(isTransientFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientFailure(withCode('22P02'))).toBe(false); // invalid input: the event's
    expect(isTransientFailure(new Error('cannot read Poison'))).toBe(false);
  });
});
