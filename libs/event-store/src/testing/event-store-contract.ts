/**
 * The contract every EventStore adapter must pass: one suite, run against each reachable
 * adapter. Tests only use the port, and only look at streams they created (an
 * EventStoreDB server may be shared), so they hold for a fresh store and a busy one.
 */
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  EventToAppend,
  GlobalPosition,
  IdempotencyConflictError,
  InvalidAppendError,
  InvalidAppendReason,
  RecordedEvent,
  verifyChain,
  WrongExpectedVersionError,
} from '../index';
import { expectedHash, GENESIS_HASH } from '../chain/hash-chain';
import { uuidV7, uuidVersion } from '../validation/uuid-v7';

export interface ContractCapabilities {
  /** SQL adapters can move the next global position (to prove 64-bit positions round-trip). */
  jumpGlobalPositionTo?: (store: EventStore, next: GlobalPosition) => Promise<void>;
  /** Whether reusing an event id in a different append is refused (EventStoreDB accepts it). */
  refusesEventIdReuse: boolean;
  maxEventBytes: number;
}

const actor = 'contract-suite';

function event(type = 'ContractTested', data: Record<string, unknown> = {}): EventToAppend {
  return { type, data: data as EventToAppend['data'], metadata: { actor } };
}

/** Every event after `after` whose stream id starts with `prefix`, read in small batches. */
async function readAllAfter(
  store: EventStore,
  after: GlobalPosition | null,
  prefix: string,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  let position = after ?? undefined;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: 97 });
    if (batch.length === 0) return out;
    for (const e of batch) if (e.streamId.startsWith(prefix)) out.push(e);
    position = batch[batch.length - 1]!.globalPosition;
  }
}

async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function expectInvalid(
  promise: Promise<unknown>,
  reason: InvalidAppendReason,
): Promise<InvalidAppendError> {
  const error: unknown = await promise.then(
    () => new Error('expected the append to be refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidAppendError);
  expect((error as InvalidAppendError).reason).toBe(reason);
  return error as InvalidAppendError;
}

export function eventStoreContract(
  adapterName: string,
  open: () => Promise<EventStore>,
  capabilities: ContractCapabilities,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    const newStream = (label: string): string => `contract-${run}-${label}-${++counter}`;

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('append and read', () => {
      it('records every field: UUID v7 id, type, data, stream, version, position, time, metadata', async () => {
        const stream = newStream('fields');
        const before = Date.now();
        const result = await store.appendToStream(
          stream,
          [
            {
              type: 'ProjectProposed',
              data: { name: '净月数据中心', amount: '12.50' },
              metadata: {
                actor: 'drc:planner-1',
                correlationId: 'corr-1',
                causationId: 'cmd-1',
                validAt: '2020-04-09T00:00:00+08:00',
              },
            },
            event('ProjectApproved', { approvedBy: '省发展改革委' }),
          ],
          { expectedVersion: 'no_stream' },
        );
        const [first, second] = await store.readStream(stream);
        expect(result.nextExpectedVersion).toBe(1n);
        expect(result.alreadyAppended).toBe(false);
        expect(typeof first!.globalPosition).toBe('bigint');
        expect(uuidVersion(first!.eventId)).toBe(7);
        expect(first).toMatchObject({
          type: 'ProjectProposed',
          data: { name: '净月数据中心', amount: '12.50' },
          streamId: stream,
          streamVersion: 0n,
          metadata: {
            actor: 'drc:planner-1',
            correlationId: 'corr-1',
            causationId: 'cmd-1',
            validAt: '2020-04-09T00:00:00+08:00',
          },
        });
        expect(second).toMatchObject({
          type: 'ProjectApproved',
          streamVersion: 1n,
          globalPosition: result.lastPosition,
          metadata: { actor, correlationId: null, causationId: null, validAt: null },
        });
        expect(second!.globalPosition).toBeGreaterThan(first!.globalPosition);
        expect(first!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
        expect(first!.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      });

      it('honours each kind of expected version', async () => {
        const stream = newStream('expected');
        await expect(
          store.appendToStream(stream, [event()], { expectedVersion: 'stream_exists' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(
          store.appendToStream(stream, [event()], { expectedVersion: 0n }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await store.appendToStream(stream, [event()], { expectedVersion: 'no_stream' });
        const noStream = store.appendToStream(stream, [event()], { expectedVersion: 'no_stream' });
        await expect(noStream).rejects.toMatchObject({
          code: 'WRONG_EXPECTED_VERSION',
          expected: 'no_stream',
          actual: 0n,
        });
        await store.appendToStream(stream, [event()], { expectedVersion: 'stream_exists' });
        await expect(
          store.appendToStream(stream, [event()], { expectedVersion: 0n }),
        ).rejects.toMatchObject({ actual: 1n });
        await store.appendToStream(stream, [event()], { expectedVersion: 1n });
        await store.appendToStream(stream, [event()], { expectedVersion: 'any' });
        await store.appendToStream(stream, [event()]);
        expect((await store.readStream(stream)).map((e) => e.streamVersion)).toEqual([
          0n,
          1n,
          2n,
          3n,
          4n,
        ]);
      });

      it('reads a stream forwards and backwards from a version, with a count; an absent stream is empty', async () => {
        const stream = newStream('read');
        await store.appendToStream(
          stream,
          Array.from({ length: 10 }, (_, i) => event('Counted', { i })),
        );
        const versions = (events: RecordedEvent[]): bigint[] => events.map((e) => e.streamVersion);
        expect(versions(await store.readStream(stream))).toEqual([
          0n,
          1n,
          2n,
          3n,
          4n,
          5n,
          6n,
          7n,
          8n,
          9n,
        ]);
        expect(versions(await store.readStream(stream, { fromVersion: 7n }))).toEqual([7n, 8n, 9n]);
        expect(versions(await store.readStream(stream, { fromVersion: 2n, maxCount: 3 }))).toEqual([
          2n,
          3n,
          4n,
        ]);
        expect(
          versions(await store.readStream(stream, { direction: 'backwards', maxCount: 2 })),
        ).toEqual([9n, 8n]);
        expect(
          versions(await store.readStream(stream, { direction: 'backwards', fromVersion: 3n })),
        ).toEqual([3n, 2n, 1n, 0n]);
        expect((await store.readStream(stream)).map((e) => e.data)).toEqual(
          Array.from({ length: 10 }, (_, i) => ({ i })),
        );
        expect(await store.readStream(newStream('absent'))).toEqual([]);
      });

      it('reads the global log from a position in batches, in strictly increasing order', async () => {
        const head = await store.headPosition();
        const prefix = `contract-${run}-batches`;
        for (let i = 0; i < 25; i++)
          await store.appendToStream(`${prefix}-${i % 4}`, [event('Batched', { i })]);
        const events = await readAllAfter(store, head, prefix);
        expect(events.map((e) => e.data)).toEqual(Array.from({ length: 25 }, (_, i) => ({ i })));
        for (let i = 1; i < events.length; i++)
          expect(events[i]!.globalPosition).toBeGreaterThan(events[i - 1]!.globalPosition);
        expect(await store.headPosition()).toBe(events[events.length - 1]!.globalPosition);
      });
    });

    describe('concurrency', () => {
      it('20 concurrent appenders with the same expected version: exactly one wins, 19 get WrongExpectedVersionError', async () => {
        // Several rounds: the first may meet cold connections that stagger the writers.
        for (let round = 0; round < 5; round++) {
          const stream = newStream('race');
          await store.appendToStream(stream, [event()], { expectedVersion: 'no_stream' });
          const outcomes = await Promise.allSettled(
            Array.from({ length: 20 }, (_, writer) =>
              store.appendToStream(
                stream,
                [event('Raced', { writer }), event('Raced', { writer })],
                { expectedVersion: 0n },
              ),
            ),
          );
          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(19);
          for (const o of lost) {
            expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
            expect(o.reason).toMatchObject({ expected: 0n, actual: 2n });
          }
          const stored = await store.readStream(stream);
          expect(stored).toHaveLength(3);
          expect(stored[1]!.data).toEqual(stored[2]!.data);
        }
      });

      it('a multi-event append is all or nothing: concurrent batches never interleave or half-land', async () => {
        const stream = newStream('atomic');
        await Promise.all(
          Array.from({ length: 10 }, (_, writer) =>
            store.appendToStream(
              stream,
              Array.from({ length: 5 }, (_, i) => event('Batched', { writer, i })),
            ),
          ),
        );
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(50);
        for (let block = 0; block < 10; block++) {
          const slice = stored.slice(block * 5, block * 5 + 5);
          const writer = (slice[0]!.data as { writer: number }).writer;
          expect(slice.map((e) => e.data)).toEqual(
            Array.from({ length: 5 }, (_, i) => ({ writer, i })),
          );
        }
        // Stream order and global order agree, so no block was split by another in the log either.
        for (let i = 1; i < stored.length; i++)
          expect(stored[i]!.globalPosition).toBeGreaterThan(stored[i - 1]!.globalPosition);
        const invalid = [event('Fine'), event('Fine'), { type: '', data: {}, metadata: { actor } }];
        await expectInvalid(store.appendToStream(stream, invalid), 'MISSING_EVENT_TYPE');
        expect(await store.readStream(stream)).toHaveLength(50);
      });

      it('gap-safe global order: a tailing reader sees every event of concurrent writers once, in increasing position', async () => {
        const head = await store.headPosition();
        const prefix = `contract-${run}-gap`;
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({
          after: head ?? undefined,
          batchSize: 7,
          handler: async (e) => {
            if (e.streamId.startsWith(prefix)) seen.push(e);
          },
        });
        const writers = 8;
        const appendsPerWriter = 25;
        const written: string[] = [];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let a = 0; a < appendsPerWriter; a++) {
              const batch = Array.from({ length: 1 + ((w + a) % 4) }, () => ({
                ...event('Written', { w, a }),
                eventId: uuidV7(),
              }));
              written.push(...batch.map((e) => e.eventId));
              await store.appendToStream(`${prefix}-${w}`, batch);
            }
          }),
        );
        await eventually(() => seen.length >= written.length);
        await subscription.stop();
        expect(seen).toHaveLength(written.length);
        expect(new Set(seen.map((e) => e.eventId))).toEqual(new Set(written));
        for (let i = 1; i < seen.length; i++)
          expect(seen[i]!.globalPosition).toBeGreaterThan(seen[i - 1]!.globalPosition);
        expect((await readAllAfter(store, head, prefix)).map((e) => e.eventId)).toEqual(
          seen.map((e) => e.eventId),
        );
      });
    });

    describe('a burst of concurrent appends (which a store may send together)', () => {
      it('appends to different streams all land, each with its own versions, and every chain verifies', async () => {
        const prefix = `contract-${run}-burst-land`;
        const head = await store.headPosition();
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            store.appendToStream(
              `${prefix}-${i}`,
              Array.from({ length: 1 + (i % 3) }, (_, k) => event('Burst', { i, k })),
              { expectedVersion: 'no_stream' },
            ),
          ),
        );
        results.forEach((r, i) => expect(r.nextExpectedVersion).toBe(BigInt(i % 3)));
        expect(new Set(results.map((r) => r.lastPosition)).size).toBe(40);
        for (let i = 0; i < 40; i++) {
          const stored = await store.readStream(`${prefix}-${i}`);
          expect(stored.map((e) => e.data)).toEqual(
            Array.from({ length: 1 + (i % 3) }, (_, k) => ({ i, k })),
          );
          expect(stored[stored.length - 1]!.globalPosition).toBe(results[i]!.lastPosition);
        }
        // In the global log each append's events are contiguous and in stream order.
        const logged = await readAllAfter(store, head, prefix);
        expect(logged).toHaveLength(results.reduce((n, _, i) => n + 1 + (i % 3), 0));
        for (let at = 0; at < logged.length;) {
          const { i } = logged[at]!.data as { i: number };
          for (let k = 0; k <= i % 3; k++) expect(logged[at + k]!.data).toEqual({ i, k });
          at += 1 + (i % 3);
        }
        const verified = await verifyChain(store, { streamPrefix: prefix });
        expect(verified.firstBroken).toBeNull();
        expect(verified.checked).toBe(logged.length);
      });

      it('an append whose expected version fails gets WrongExpectedVersionError, and the others of the burst land', async () => {
        const prefix = `contract-${run}-burst-conflict`;
        await store.appendToStream(`${prefix}-existing`, [event('Existing')]);
        const outcomes = await Promise.allSettled([
          store.appendToStream(`${prefix}-a`, [event('A')], { expectedVersion: 'no_stream' }),
          store.appendToStream(`${prefix}-existing`, [event('Late')], { expectedVersion: 5n }),
          store.appendToStream(`${prefix}-existing-too`, [event('B')], {
            expectedVersion: 'stream_exists',
          }),
          store.appendToStream(`${prefix}-c`, [event('C'), event('C')]),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual([
          'fulfilled',
          'rejected',
          'rejected',
          'fulfilled',
        ]);
        expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(
          WrongExpectedVersionError,
        );
        expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
          expected: 5n,
          actual: 0n,
        });
        expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({
          expected: 'stream_exists',
          actual: -1n,
        });
        expect((await store.readStream(`${prefix}-existing`)).map((e) => e.type)).toEqual([
          'Existing',
        ]);
        expect(await store.readStream(`${prefix}-existing-too`)).toEqual([]);
        expect((await store.readStream(`${prefix}-a`)).map((e) => e.type)).toEqual(['A']);
        expect((await store.readStream(`${prefix}-c`)).map((e) => e.type)).toEqual(['C', 'C']);
        expect((await verifyChain(store, { streamPrefix: prefix })).firstBroken).toBeNull();
      });

      it('a retry in the burst is answered as the first time, a reused id is refused, and the others land', async () => {
        const prefix = `contract-${run}-burst-retry`;
        const retried = [0, 1].map((i) => ({ ...event('Retried', { i }), eventId: uuidV7() }));
        const first = await store.appendToStream(`${prefix}-retried`, retried, {
          expectedVersion: 'no_stream',
        });
        const taken = { ...event('Taken'), eventId: uuidV7() };
        await store.appendToStream(`${prefix}-taken`, [taken]);
        const outcomes = await Promise.allSettled([
          store.appendToStream(`${prefix}-fresh-1`, [event('Fresh')]),
          // The same append again, with the expected version it had: a retry.
          store.appendToStream(`${prefix}-retried`, retried, { expectedVersion: 'no_stream' }),
          store.appendToStream(`${prefix}-fresh-2`, [event('Fresh')]),
          // And again with 'any', which holds, so only the stored ids tell it is a retry.
          store.appendToStream(`${prefix}-retried`, retried, { expectedVersion: 'any' }),
          capabilities.refusesEventIdReuse
            ? store.appendToStream(`${prefix}-reuse`, [event('Fresh'), taken])
            : store.appendToStream(`${prefix}-reuse`, [event('Fresh')]),
          store.appendToStream(`${prefix}-fresh-3`, [event('Fresh')]),
        ]);
        expect(outcomes[1]).toEqual({
          status: 'fulfilled',
          value: { ...first, alreadyAppended: true },
        });
        expect(outcomes[3]).toEqual(outcomes[1]);
        for (const i of [0, 2, 5]) expect(outcomes[i]!.status).toBe('fulfilled');
        if (capabilities.refusesEventIdReuse) {
          expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(
            IdempotencyConflictError,
          );
          expect(await store.readStream(`${prefix}-reuse`)).toEqual([]);
        }
        const again = await store.appendToStream(`${prefix}-retried`, retried);
        expect(again).toEqual({ ...first, alreadyAppended: true });
        expect((await store.readStream(`${prefix}-retried`)).map((e) => e.eventId)).toEqual(
          retried.map((e) => e.eventId),
        );
        for (const n of [1, 2, 3])
          expect(await store.readStream(`${prefix}-fresh-${n}`)).toHaveLength(1);
        expect((await verifyChain(store, { streamPrefix: prefix })).firstBroken).toBeNull();
      });
    });

    describe('idempotency', () => {
      it('appending the same event ids again returns the first result and stores nothing twice', async () => {
        const stream = newStream('retry');
        const events = [0, 1, 2].map((i) => ({ ...event('Retried', { i }), eventId: uuidV7() }));
        const first = await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
        const again = await store.appendToStream(stream, events, { expectedVersion: 'no_stream' });
        const concurrently = await Promise.all(
          [1, 2, 3].map(() =>
            store.appendToStream(stream, events, { expectedVersion: 'no_stream' }),
          ),
        );
        expect(again).toEqual({ ...first, alreadyAppended: true });
        for (const r of concurrently) expect(r.nextExpectedVersion).toBe(first.nextExpectedVersion);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(stored[2]!.globalPosition).toBe(first.lastPosition);
      });

      (capabilities.refusesEventIdReuse ? it : it.skip)(
        'refuses an event id already used by a different append, writing nothing',
        async () => {
          const taken = { ...event('Taken'), eventId: uuidV7() };
          await store.appendToStream(newStream('taken'), [taken]);
          const stream = newStream('reuse');
          const error: unknown = await store
            .appendToStream(stream, [event('Fresh'), taken])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(IdempotencyConflictError);
          expect((error as IdempotencyConflictError).eventIds).toEqual([taken.eventId]);
          expect(await store.readStream(stream)).toEqual([]);
        },
      );
    });

    describe('subscriptions', () => {
      it('stopped and restarted from its checkpoint, resumes with the next event: nothing skipped, nothing repeated', async () => {
        const head = await store.headPosition();
        const prefix = `contract-${run}-resume`;
        const handled: number[] = [];
        let checkpoint: GlobalPosition | undefined = head ?? undefined;
        const handler = async (e: RecordedEvent): Promise<void> => {
          if (e.streamId.startsWith(prefix)) handled.push((e.data as { n: number }).n);
          checkpoint = e.globalPosition;
        };
        for (let n = 0; n < 10; n++)
          await store.appendToStream(`${prefix}-${n % 3}`, [event('Numbered', { n })]);
        const first = store.subscribe({ after: checkpoint, batchSize: 4, handler });
        await eventually(() => handled.length >= 6);
        await first.stop();
        expect(first.checkpoint).toBe(checkpoint);
        const stoppedAt = handled.length;
        for (let n = 10; n < 20; n++)
          await store.appendToStream(`${prefix}-${n % 3}`, [event('Numbered', { n })]);
        await new Promise((r) => setTimeout(r, 100));
        expect(handled).toHaveLength(stoppedAt);
        const second = store.subscribe({ after: checkpoint, batchSize: 4, handler });
        await eventually(() => handled.length >= 20);
        await second.stop();
        expect(handled).toEqual(Array.from({ length: 20 }, (_, n) => n));
      });

      it('a handler that throws stops the subscription and reports the error, without advancing its checkpoint', async () => {
        const stream = newStream('failing');
        const { lastPosition } = await store.appendToStream(stream, [event('Poison')]);
        const subscription = store.subscribe({
          after: lastPosition - 1n,
          handler: async () => {
            throw new Error('handler failed');
          },
        });
        await expect(subscription.done).rejects.toThrow('handler failed');
        expect(subscription.checkpoint).toBe(lastPosition - 1n);
      });
    });

    describe('round trips', () => {
      it('keeps Chinese text and a payload at the size limit exactly; one byte more is refused', async () => {
        const stream = newStream('large');
        const text =
          '吉林省新基建“761”工程：智能信息网、路网、水网、电网、油气网、市政基础设施网，补齐社会事业短板。';
        const metadata = { actor: '省发展改革委' };
        const overhead =
          Buffer.byteLength(JSON.stringify({ text, blob: '' })) +
          Buffer.byteLength(
            JSON.stringify({
              actor: metadata.actor,
              correlationId: null,
              causationId: null,
              validAt: null,
            }),
          );
        const blob = '长'.repeat(Math.floor((capabilities.maxEventBytes - overhead) / 3));
        const fill = 'x'.repeat(capabilities.maxEventBytes - overhead - Buffer.byteLength(blob));
        const data = { text, blob: blob + fill };
        await store.appendToStream(stream, [{ type: 'Large', data, metadata }]);
        const [stored] = await store.readStream(stream);
        expect(stored!.data).toEqual(data);
        expect(stored!.metadata.actor).toBe('省发展改革委');
        const tooLarge = { type: 'Large', data: { text, blob: blob + fill + 'x' }, metadata };
        await expectInvalid(store.appendToStream(stream, [tooLarge]), 'EVENT_TOO_LARGE');
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      (capabilities.jumpGlobalPositionTo ? it : it.skip)(
        'keeps 64-bit positions exact beyond 2^53',
        async () => {
          const beyond = 2n ** 53n + 7n;
          await capabilities.jumpGlobalPositionTo!(store, beyond);
          const stream = newStream('wide');
          const result = await store.appendToStream(stream, [
            event('Wide', { i: 0 }),
            event('Wide', { i: 1 }),
          ]);
          expect(result.lastPosition).toBe(beyond + 1n);
          const stored = await store.readStream(stream);
          expect(stored.map((e) => e.globalPosition)).toEqual([beyond, beyond + 1n]);
          expect((await store.readAll({ after: beyond })).map((e) => e.globalPosition)).toEqual([
            beyond + 1n,
          ]);
          expect(await store.headPosition()).toBe(beyond + 1n);
        },
      );
    });

    describe('hash chain', () => {
      it('chains every event to the one before it in its stream, as HASH-CHAIN.md computes it', async () => {
        const stream = newStream('chain');
        await store.appendToStream(stream, [event('Chained', { i: 0, amount: '12.50' })], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(
          stream,
          Array.from({ length: 4 }, (_, i) =>
            event('Chained', { i: i + 1, nested: { b: 1, a: [i] } }),
          ),
        );
        await store.appendToStream(newStream('chain-other'), [event('Elsewhere')]);
        await store.appendToStream(stream, [
          {
            type: 'Chained',
            data: { i: 5, text: '吉林省 “761”' },
            metadata: {
              actor: 'drc',
              correlationId: 'c',
              causationId: 'k',
              validAt: '2020-04-09T00:00:00+08:00',
            },
          },
        ]);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(6);
        let previous = GENESIS_HASH;
        for (const e of stored) {
          expect(e.chain).toBeDefined();
          expect(e.chain!.previousHash).toBe(previous);
          // Recomputed independently of the adapter from what the port returns.
          expect(e.chain!.hash).toBe(expectedHash(e, previous));
          previous = e.chain!.hash;
        }
        expect(new Set(stored.map((e) => e.chain!.hash)).size).toBe(6);
        // The global log carries the same chain as the stream read.
        const fromLog = (await readAllAfter(store, stored[0]!.globalPosition - 1n, stream)).filter(
          (e) => e.streamId === stream,
        );
        expect(fromLog.map((e) => e.chain)).toEqual(stored.map((e) => e.chain));
      });

      it('verifies a stream, a prefix of streams and reports the last event as an anchor', async () => {
        const prefix = `contract-${run}-verify`;
        for (let i = 0; i < 7; i++)
          await store.appendToStream(`${prefix}-${i % 3}`, [
            event('Verified', { i }),
            event('Verified', { i }),
          ]);
        const one = await verifyChain(store, { streamId: `${prefix}-0` }, { pageSize: 2 });
        expect(one).toMatchObject({ checked: 6, firstBroken: null });
        const [head] = await store.readStream(`${prefix}-0`, {
          direction: 'backwards',
          maxCount: 1,
        });
        expect(one.last).toEqual({
          streamId: `${prefix}-0`,
          streamVersion: 5n,
          globalPosition: head!.globalPosition,
          hash: head!.chain!.hash,
        });
        const progress: bigint[] = [];
        const many = await verifyChain(
          store,
          { streamPrefix: prefix },
          {
            pageSize: 5,
            headCacheSize: 1,
            onProgress: (p) => progress.push(p.globalPosition ?? -1n),
            anchors: [one.last!],
          },
        );
        expect(many).toMatchObject({ checked: 14, firstBroken: null });
        expect(progress.length).toBeGreaterThan(1);
        const wrongAnchor = await verifyChain(
          store,
          { streamId: `${prefix}-1` },
          {
            anchors: [{ ...one.last!, hash: GENESIS_HASH }],
          },
        );
        expect(wrongAnchor.firstBroken).toMatchObject({
          reason: 'anchor not matched',
          streamVersion: 5n,
        });
        expect(await verifyChain(store, { streamId: newStream('absent') })).toEqual({
          checked: 0,
          firstBroken: null,
          last: null,
        });
      });
    });

    describe('schema versions', () => {
      it("records each event's schema version; an event appended without one is version 1", async () => {
        const stream = newStream('versions');
        await store.appendToStream(stream, [
          event('Versioned', { i: 0 }),
          { ...event('Versioned', { i: 1 }), schemaVersion: 2 },
          { ...event('Versioned', { i: 2 }), schemaVersion: 1 },
          { ...event('Versioned', { i: 3 }), schemaVersion: 2_147_483_647 },
        ]);
        const fromStream = await store.readStream(stream);
        expect(fromStream.map((e) => e.schemaVersion)).toEqual([1, 2, 1, 2_147_483_647]);
        const fromLog = (
          await readAllAfter(store, fromStream[0]!.globalPosition - 1n, stream)
        ).filter((e) => e.streamId === stream);
        expect(fromLog.map((e) => e.schemaVersion)).toEqual([1, 2, 1, 2_147_483_647]);
        const seen: number[] = [];
        const subscription = store.subscribe({
          after: fromStream[0]!.globalPosition - 1n,
          handler: (e) => {
            if (e.streamId === stream) seen.push(e.schemaVersion);
            return Promise.resolve();
          },
        });
        await eventually(() => seen.length === 4);
        await subscription.stop();
        expect(seen).toEqual([1, 2, 1, 2_147_483_647]);
      });

      it('hashes the version: version 1 exactly as before versions existed, any other visibly', async () => {
        const stream = newStream('versions-chain');
        await store.appendToStream(stream, [
          { ...event('Versioned', { same: true }), schemaVersion: 1 },
          { ...event('Versioned', { same: true }), schemaVersion: 2 },
        ]);
        const [v1, v2] = await store.readStream(stream);
        // Version 1 hashes without the version: chains written before it existed still verify.
        const { schemaVersion: _dropped, ...unversioned } = v1!;
        expect(v1!.chain!.hash).toBe(expectedHash(unversioned, GENESIS_HASH));
        expect(v1!.chain!.hash).toBe(expectedHash(v1!, GENESIS_HASH));
        expect(v2!.chain!.hash).toBe(expectedHash(v2!, v1!.chain!.hash));
        // The same event with another version claimed would hash differently.
        expect(expectedHash({ ...v2!, schemaVersion: 1 }, v1!.chain!.hash)).not.toBe(
          v2!.chain!.hash,
        );
        expect(expectedHash({ ...v1!, schemaVersion: 2 }, GENESIS_HASH)).not.toBe(v1!.chain!.hash);
        expect(await verifyChain(store, { streamId: stream })).toMatchObject({
          checked: 2,
          firstBroken: null,
        });
      });

      it('a retried append with the same ids and versions is recognised', async () => {
        const stream = newStream('versions-retry');
        const events = [{ ...event('Versioned'), eventId: uuidV7(), schemaVersion: 3 }];
        const first = await store.appendToStream(stream, events);
        const again = await store.appendToStream(stream, events);
        expect(again).toEqual({ ...first, alreadyAppended: true });
        expect((await store.readStream(stream)).map((e) => e.schemaVersion)).toEqual([3]);
      });

      it.each([
        ['zero', 0],
        ['negative', -1],
        ['a fraction', 1.5],
        ['text', '2'],
        ['beyond 32 bits', 2_147_483_648],
        ['NaN', Number.NaN],
      ])('refuses a schema version that is %s, appending nothing', async (_label, version) => {
        const stream = newStream('versions-bad');
        const error = await expectInvalid(
          store.appendToStream(stream, [
            event(),
            { ...event(), schemaVersion: version as unknown as number },
          ]),
          'INVALID_SCHEMA_VERSION',
        );
        expect(error.field).toBe('events[1].schemaVersion');
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('bad input gets a typed error and appends nothing', () => {
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      const cases: Array<[string, () => [string, EventToAppend[]], InvalidAppendReason]> = [
        ['an empty stream id', () => ['', [event()]], 'INVALID_STREAM_ID'],
        ['a stream id with white space', () => ['project 1', [event()]], 'INVALID_STREAM_ID'],
        [
          'a stream id with a control character',
          () => ['project-\u0001', [event()]],
          'INVALID_STREAM_ID',
        ],
        [
          'a stream id over 200 characters',
          () => ['p'.repeat(201), [event()]],
          'INVALID_STREAM_ID',
        ],
        ['no events', () => [newStream('bad'), []], 'NO_EVENTS'],
        [
          'an event with no type',
          () => [newStream('bad'), [{ data: {}, metadata: { actor } } as unknown as EventToAppend]],
          'MISSING_EVENT_TYPE',
        ],
        [
          'an event type with spaces',
          () => [newStream('bad'), [event('Project Approved')]],
          'INVALID_EVENT_TYPE',
        ],
        [
          'a malformed event id',
          () => [newStream('bad'), [{ ...event(), eventId: 'not-a-uuid' }]],
          'INVALID_EVENT_ID',
        ],
        [
          'the same event id twice',
          () => {
            const id = uuidV7();
            return [
              newStream('bad'),
              [
                { ...event(), eventId: id },
                { ...event(), eventId: id },
              ],
            ];
          },
          'DUPLICATE_EVENT_ID',
        ],
        [
          'data that is an array',
          () => [
            newStream('bad'),
            [{ type: 'T', data: [] as unknown as EventToAppend['data'], metadata: { actor } }],
          ],
          'DATA_NOT_JSON',
        ],
        [
          'data holding a bigint',
          () => [newStream('bad'), [event('T', { amount: 10n })]],
          'DATA_NOT_JSON',
        ],
        [
          'data holding undefined',
          () => [newStream('bad'), [event('T', { amount: undefined })]],
          'DATA_NOT_JSON',
        ],
        [
          'data holding a function',
          () => [newStream('bad'), [event('T', { f: () => 1 })]],
          'DATA_NOT_JSON',
        ],
        [
          'data holding NaN',
          () => [newStream('bad'), [event('T', { amount: Number.NaN })]],
          'DATA_NOT_JSON',
        ],
        [
          'data holding a Date',
          () => [newStream('bad'), [event('T', { at: new Date() })]],
          'DATA_NOT_JSON',
        ],
        ['data holding a cycle', () => [newStream('bad'), [event('T', cycle)]], 'DATA_NOT_JSON'],
        [
          'data holding U+0000',
          () => [newStream('bad'), [event('T', { s: 'a\u0000b' })]],
          'DATA_NOT_JSON',
        ],
        [
          'data holding an unpaired surrogate',
          () => [newStream('bad'), [event('T', { s: '\ud800' })]],
          'DATA_NOT_JSON',
        ],
        [
          'metadata with no actor',
          () => [
            newStream('bad'),
            [{ type: 'T', data: {}, metadata: {} as EventToAppend['metadata'] }],
          ],
          'INVALID_METADATA',
        ],
        [
          'a valid time that is no date',
          () => [
            newStream('bad'),
            [{ type: 'T', data: {}, metadata: { actor, validAt: '2020-02-30' } }],
          ],
          'INVALID_METADATA',
        ],
        [
          'an event over the size limit',
          () => [newStream('bad'), [event('T', { blob: 'x'.repeat(capabilities.maxEventBytes) })]],
          'EVENT_TOO_LARGE',
        ],
      ];
      it.each(cases)('refuses %s', async (_label, input, reason) => {
        const headBefore = await store.headPosition();
        const [stream, events] = input();
        const error = await expectInvalid(store.appendToStream(stream, events), reason);
        expect(error.message.length).toBeGreaterThan(10);
        expect(error.field).toMatch(/^(streamId|events)/);
        expect(await store.headPosition()).toBe(headBefore);
      });

      it('refuses a negative or non-bigint expected version', async () => {
        const stream = newStream('bad-version');
        await expectInvalid(
          store.appendToStream(stream, [event()], { expectedVersion: -1n }),
          'INVALID_EXPECTED_VERSION',
        );
        await expectInvalid(
          store.appendToStream(stream, [event()], { expectedVersion: 3 as unknown as bigint }),
          'INVALID_EXPECTED_VERSION',
        );
        expect(await store.readStream(stream)).toEqual([]);
      });
    });
  });
}
