import { Decider, RuleViolation } from '@ledger/domain-kernel';
import { PgliteEventStore } from '@ledger/event-store';
import {
  CommandEnvelope,
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  StreamStateCache,
  handleCommand,
} from '@ledger/event-sourcing';

/** A tiny counter: enough to exercise reading, deciding, appending and retrying. */
type Add = { type: 'Add'; amount: number };
type Added = { type: 'Added'; data: { amount: number } };
const counter: Decider<Add, Added, number> = {
  initialState: 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total) => {
    if (total + command.amount > 100) throw new RuleViolation('OVER_LIMIT', 'at most 100');
    return [{ type: 'Added', data: { amount: command.amount } }];
  },
};
const as = (idempotencyKey: string, extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  actor: 'test',
  idempotencyKey,
  ...extra,
});

describe('handleCommand (PGlite store)', () => {
  let store: PgliteEventStore;
  beforeAll(async () => {
    store = await PgliteEventStore.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('folds, decides and appends at the version read, recording who and which command', async () => {
    const first = await handleCommand(
      store,
      counter,
      'c-1',
      { type: 'Add', amount: 5 },
      as('key-0001'),
    );
    const second = await handleCommand(
      store,
      counter,
      'c-1',
      { type: 'Add', amount: 7 },
      as('key-0002'),
    );
    expect(second).toMatchObject({ state: 12, version: 1n, replayed: false });
    expect(second.position).toBeGreaterThan(first.position!);
    const stored = await store.readStream('c-1');
    expect(stored.map((e) => [e.metadata.actor, e.metadata.causationId?.split('#')[0]])).toEqual([
      ['test', 'command:key-0001'],
      ['test', 'command:key-0002'],
    ]);
  });

  it('answers a retry with the same key from the first run and appends nothing', async () => {
    const command: Add = { type: 'Add', amount: 3 };
    const first = await handleCommand(store, counter, 'c-2', command, as('key-retry'));
    const again = await handleCommand(store, counter, 'c-2', { ...command }, as('key-retry'));
    expect(again).toMatchObject({ replayed: true, position: first.position, state: 3 });
    expect(await store.readStream('c-2')).toHaveLength(1);
  });

  it('refuses the same key for a different command', async () => {
    await handleCommand(store, counter, 'c-3', { type: 'Add', amount: 1 }, as('key-reuse'));
    await expect(
      handleCommand(store, counter, 'c-3', { type: 'Add', amount: 2 }, as('key-reuse')),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('c-3')).toHaveLength(1);
  });

  it('refuses a command made against a version the stream has left', async () => {
    await handleCommand(store, counter, 'c-4', { type: 'Add', amount: 1 }, as('key-v1'));
    await handleCommand(store, counter, 'c-4', { type: 'Add', amount: 1 }, as('key-v2'));
    await expect(
      handleCommand(
        store,
        counter,
        'c-4',
        { type: 'Add', amount: 1 },
        as('key-v3', { expectedVersion: 0n }),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await store.readStream('c-4')).toHaveLength(2);
  });

  it('lets one of two racing commands win; the other, decided again, breaks the rule', async () => {
    const results = await Promise.allSettled([
      handleCommand(store, counter, 'c-5', { type: 'Add', amount: 60 }, as('key-race-a')),
      handleCommand(store, counter, 'c-5', { type: 'Add', amount: 60 }, as('key-race-b')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ rule: 'OVER_LIMIT' });
    expect(await store.readStream('c-5')).toHaveLength(1);
  });

  it('with a cache, still sees what others appended since, and still answers retries', async () => {
    const cache = new StreamStateCache<number>();
    await handleCommand(store, counter, 'c-6', { type: 'Add', amount: 10 }, as('key-c1'), {
      cache,
    });
    // Another process appends behind the cache's back.
    await store.appendToStream('c-6', [
      { type: 'Added', data: { amount: 80 }, metadata: { actor: 'other' } },
    ]);
    await expect(
      handleCommand(store, counter, 'c-6', { type: 'Add', amount: 20 }, as('key-c2'), { cache }),
    ).rejects.toMatchObject({ rule: 'OVER_LIMIT' }); // 10 + 80 + 20 > 100: the cache did not hide the 80
    const retry = await handleCommand(
      store,
      counter,
      'c-6',
      { type: 'Add', amount: 10 },
      as('key-c1'),
      { cache },
    );
    expect(retry).toMatchObject({ replayed: true, state: 90, version: 1n });
  });

  it('decides again, on the stream as it is now, a command that expected no version and lost a race', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        handleCommand(store, counter, 'c-7', { type: 'Add', amount: 10 }, as(`key-many-${i}`)),
      ),
    );
    expect(results.every((r) => !r.replayed)).toBe(true);
    expect((await store.readStream('c-7')).map((e) => e.data)).toEqual(
      Array.from({ length: 5 }, () => ({ amount: 10 })),
    );
  });

  it('with a cache, appends without reading first, and a stale cache costs a second decision, never a wrong one', async () => {
    const cache = new StreamStateCache<number>();
    await handleCommand(store, counter, 'c-8', { type: 'Add', amount: 10 }, as('key-s1'), {
      cache,
    });
    await store.appendToStream('c-8', [
      { type: 'Added', data: { amount: 30 }, metadata: { actor: 'other' } },
    ]);
    // The cache says 10 and version 0: the append at 0 fails, the stream is read, 10 + 30 + 10.
    const next = await handleCommand(
      store,
      counter,
      'c-8',
      { type: 'Add', amount: 10 },
      as('key-s2'),
      {
        cache,
      },
    );
    expect(next).toMatchObject({ state: 50, version: 2n, replayed: false });
    await store.appendToStream('c-8', [
      { type: 'Added', data: { amount: 45 }, metadata: { actor: 'other' } },
    ]);
    // Fits the cache's 50, not the stream's 95: refused by the rule, on what the stream says.
    await expect(
      handleCommand(store, counter, 'c-8', { type: 'Add', amount: 10 }, as('key-s3'), { cache }),
    ).rejects.toMatchObject({ rule: 'OVER_LIMIT' });
    expect(await store.readStream('c-8')).toHaveLength(4);
  });

  it("with a cache, a refusal on the cache's state is checked against the stream first", async () => {
    const cache = new StreamStateCache<number>();
    await handleCommand(store, counter, 'c-9', { type: 'Add', amount: 95 }, as('key-r1'), {
      cache,
    });
    // Another process records a correction the cache has not seen (a negative amount).
    await store.appendToStream('c-9', [
      { type: 'Added', data: { amount: -50 }, metadata: { actor: 'other' } },
    ]);
    const accepted = await handleCommand(
      store,
      counter,
      'c-9',
      { type: 'Add', amount: 20 },
      as('key-r2'),
      {
        cache,
      },
    );
    expect(accepted).toMatchObject({ state: 65, version: 2n });
  });

  it('with a cache, an expected version newer than the cache is looked up, not refused', async () => {
    const cache = new StreamStateCache<number>();
    await handleCommand(store, counter, 'c-10', { type: 'Add', amount: 1 }, as('key-v1'), {
      cache,
    });
    await store.appendToStream('c-10', [
      { type: 'Added', data: { amount: 1 }, metadata: { actor: 'other' } },
    ]);
    const seen = await handleCommand(
      store,
      counter,
      'c-10',
      { type: 'Add', amount: 1 },
      as('key-v2', { expectedVersion: 1n }),
      { cache },
    );
    expect(seen).toMatchObject({ state: 3, version: 2n });
  });
});
