import { Decider, InvalidCommandError, RuleViolation } from '@ledger/domain-kernel';
import { EventStore, PgliteEventStore } from '@ledger/event-store';
import {
  BulkCommand,
  BulkCommandRunner,
  BulkOutcome,
  CommandEnvelope,
  ConcurrencyConflictError,
  IdempotencyKeyReusedError,
  MAX_BULK_COMMANDS,
  TooManyCommandsError,
} from '@ledger/event-sourcing';

/** A counter per stream, at most 100: enough to see decisions made on the evolving state. */
type Add = { type: 'Add'; counter: string; amount: number };
type Added = { type: 'Added'; data: { amount: number } };
const counter: Decider<Add, Added, number> = {
  initialState: 0,
  evolve: (total, event) => total + event.data.amount,
  decide: (command, total) => {
    if (total + command.amount > 100) {
      throw new RuleViolation('OVER_LIMIT', `${total} + ${command.amount} is over 100`);
    }
    return command.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.amount } }];
  },
};

let run = 0;
const prefix = () => `bulk-${++run}`;
const add = (
  counterId: string,
  amount: number,
  idempotencyKey: string,
  extra: Partial<CommandEnvelope> = {},
): BulkCommand<Add> => ({
  command: { type: 'Add', counter: counterId, amount },
  envelope: { actor: 'test', idempotencyKey, ...extra },
});

/** The store as it is, counting appends and letting a test slip a write in after a read. */
function observed(store: EventStore) {
  const appends: string[] = [];
  let afterRead: ((streamId: string) => Promise<void>) | undefined;
  const wrapped: EventStore = {
    adapter: store.adapter,
    appendToStream: (streamId, events, options) => {
      appends.push(streamId);
      return store.appendToStream(streamId, events, options);
    },
    readStream: async (streamId, options) => {
      const events = await store.readStream(streamId, options);
      const hook = afterRead;
      afterRead = undefined;
      if (hook) await hook(streamId);
      return events;
    },
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
  return {
    store: wrapped,
    appends,
    onNextRead: (hook: (streamId: string) => Promise<void>) => (afterRead = hook),
  };
}

const statuses = (outcomes: BulkOutcome[]) => outcomes.map((o) => o.status);

describe('BulkCommandRunner (PGlite store)', () => {
  let raw: PgliteEventStore;
  beforeAll(async () => {
    raw = await PgliteEventStore.open();
  });
  afterAll(async () => {
    await raw.close();
  });

  it('decides each stream on its evolving state and appends it once; a refusal keeps only its own stream out', async () => {
    const p = prefix();
    const { store, appends } = observed(raw);
    const runner = new BulkCommandRunner(store, counter, (c) => c.counter);
    const before = await raw.headPosition();
    const outcomes = await runner.run([
      add(`${p}-a`, 40, `${p}-k1`),
      add(`${p}-b`, 60, `${p}-k2`),
      add(`${p}-a`, 50, `${p}-k3`), // 40 + 50: fine
      add(`${p}-b`, 50, `${p}-k4`), // 60 + 50: over the limit, so b records nothing
      add(`${p}-b`, 1, `${p}-k5`),
      { refusal: new InvalidCommandError('amount', 'not a number'), streamId: `${p}-c` },
      add(`${p}-c`, 1, `${p}-k6`),
      add(`${p}-d`, 0, `${p}-k7`), // decides no event
    ]);
    expect(statuses(outcomes)).toEqual([
      'recorded',
      'not_applied',
      'recorded',
      'refused',
      'not_applied',
      'refused',
      'not_applied',
      'recorded',
    ]);
    expect(outcomes[1]).toMatchObject({ streamId: `${p}-b`, because: 3 });
    expect(outcomes[4]).toMatchObject({ because: 3 });
    expect(outcomes[6]).toMatchObject({ streamId: `${p}-c`, because: 5 });
    const refused = outcomes[3]!;
    expect(refused.status === 'refused' && refused.error).toMatchObject({ rule: 'OVER_LIMIT' });
    expect(outcomes[7]).toMatchObject({ version: null, position: null });
    // One append, for the one stream that records; b and c are untouched.
    expect(appends).toEqual([`${p}-a`]);
    const a = await raw.readStream(`${p}-a`);
    expect(a.map((e) => e.data)).toEqual([{ amount: 40 }, { amount: 50 }]);
    expect(outcomes[0]).toMatchObject({ version: 0n, position: a[0]!.globalPosition });
    expect(outcomes[2]).toMatchObject({ version: 1n, position: a[1]!.globalPosition });
    expect(a.map((e) => e.metadata.causationId?.split('#')[0])).toEqual([
      `command:${p}-k1`,
      `command:${p}-k3`,
    ]);
    expect(await raw.readStream(`${p}-b`)).toEqual([]);
    expect(await raw.readStream(`${p}-c`)).toEqual([]);
    expect(await raw.headPosition()).toBe(a[1]!.globalPosition);
    expect(before === null || a[0]!.globalPosition > before).toBe(true);
  });

  it('answers the same bulk sent again from the history, recording nothing new', async () => {
    const p = prefix();
    const bulk = [add(`${p}-a`, 10, `${p}-k1`), add(`${p}-a`, 20, `${p}-k2`)];
    const original = new BulkCommandRunner(raw, counter, (c) => c.counter);
    const first = await original.run(bulk);
    const head = await raw.headPosition();
    // The same runner (from its cache) and a fresh one (as another process would) alike.
    for (const runner of [original, new BulkCommandRunner(raw, counter, (c) => c.counter)]) {
      const again = await runner.run(bulk.map((b) => ({ ...b })));
      expect(statuses(again)).toEqual(['replayed', 'replayed']);
      expect(again.map((o) => 'position' in o && o.position)).toEqual(
        first.map((o) => 'position' in o && o.position),
      );
    }
    expect(await raw.headPosition()).toBe(head);
    expect(await raw.readStream(`${p}-a`)).toHaveLength(2);
  });

  it('treats a repeat within the bulk as a retry, and a reused key for another command as a refusal', async () => {
    const p = prefix();
    const runner = new BulkCommandRunner(raw, counter, (c) => c.counter);
    const repeated = await runner.run([
      add(`${p}-a`, 10, `${p}-same`),
      add(`${p}-a`, 10, `${p}-same`),
    ]);
    expect(statuses(repeated)).toEqual(['recorded', 'replayed']);
    expect(await raw.readStream(`${p}-a`)).toHaveLength(1);
    const reused = await runner.run([add(`${p}-a`, 11, `${p}-same`), add(`${p}-a`, 1, `${p}-x`)]);
    expect(statuses(reused)).toEqual(['refused', 'not_applied']);
    expect(reused[0]!.status === 'refused' && reused[0]!.error).toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await raw.readStream(`${p}-a`)).toHaveLength(1);
  });

  it('checks an expected version against the version the commands before it leave', async () => {
    const p = prefix();
    const runner = new BulkCommandRunner(raw, counter, (c) => c.counter);
    const ok = await runner.run([
      add(`${p}-a`, 1, `${p}-k1`),
      add(`${p}-a`, 1, `${p}-k2`, { expectedVersion: 0n }),
    ]);
    expect(statuses(ok)).toEqual(['recorded', 'recorded']);
    const stale = await runner.run([
      add(`${p}-a`, 1, `${p}-k3`),
      add(`${p}-a`, 1, `${p}-k4`, { expectedVersion: 1n }),
    ]);
    expect(statuses(stale)).toEqual(['not_applied', 'refused']);
    expect(stale[1]!.status === 'refused' && stale[1]!.error).toBeInstanceOf(
      ConcurrencyConflictError,
    );
  });

  it('gives a stream a concurrent writer changed a conflict, and lets the other streams land', async () => {
    const p = prefix();
    const { store, onNextRead } = observed(raw);
    const runner = new BulkCommandRunner(store, counter, (c) => c.counter, { concurrency: 1 });
    // Between the bulk's read of stream a and its append, another writer appends to a.
    onNextRead(async (streamId) => {
      await raw.appendToStream(streamId, [
        { type: 'Added', data: { amount: 1 }, metadata: { actor: 'someone-else' } },
      ]);
    });
    const outcomes = await runner.run([
      add(`${p}-a`, 10, `${p}-k1`),
      add(`${p}-a`, 10, `${p}-k2`),
      add(`${p}-b`, 10, `${p}-k3`),
    ]);
    expect(statuses(outcomes)).toEqual(['refused', 'refused', 'recorded']);
    for (const o of outcomes.slice(0, 2)) {
      expect(o.status === 'refused' && o.error).toBeInstanceOf(ConcurrencyConflictError);
    }
    expect((await raw.readStream(`${p}-a`)).map((e) => e.metadata.actor)).toEqual(['someone-else']);
    expect(await raw.readStream(`${p}-b`)).toHaveLength(1);
    // Sent again, the commands are decided on what the other writer left.
    const again = await runner.run([add(`${p}-a`, 10, `${p}-k1`)]);
    expect(again[0]).toMatchObject({ status: 'recorded', version: 1n });
  });

  it(`refuses more than ${MAX_BULK_COMMANDS} commands before looking at any`, async () => {
    const p = prefix();
    const head = await raw.headPosition();
    const runner = new BulkCommandRunner(raw, counter, (c) => c.counter);
    const bulk = Array.from({ length: MAX_BULK_COMMANDS + 1 }, (_, i) =>
      add(`${p}-${i % 20}`, 1, `${p}-k${i}`),
    );
    await expect(runner.run(bulk)).rejects.toBeInstanceOf(TooManyCommandsError);
    expect(await raw.headPosition()).toBe(head);
    const most = await runner.run(bulk.slice(0, MAX_BULK_COMMANDS));
    expect(most.every((o) => o.status === 'recorded')).toBe(true);
  });
});
