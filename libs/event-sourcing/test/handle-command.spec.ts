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

  it('lets one of two racing commands win and tells the other of the conflict', async () => {
    const results = await Promise.allSettled([
      handleCommand(store, counter, 'c-5', { type: 'Add', amount: 60 }, as('key-race-a')),
      handleCommand(store, counter, 'c-5', { type: 'Add', amount: 60 }, as('key-race-b')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(Error);
    expect(
      refused?.status === 'rejected' &&
        (refused.reason instanceof ConcurrencyConflictError ||
          refused.reason instanceof RuleViolation),
    ).toBe(true);
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
});
