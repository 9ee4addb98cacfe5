import { readSetting } from '@ledger/domain-kernel';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  EventStoreClosedError,
  InvalidReadError,
  WrongExpectedVersionError,
} from '../../port/errors';
import {
  AppendOptions,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
} from '../../port/event-store';
import { AppendResult, EventToAppend, RecordedEvent, RecordedMetadata } from '../../port/events';
import { ExpectedVersion, NO_STREAM_VERSION } from '../../port/expected-version';
import { expectedHash, GENESIS_HASH } from '../../chain/hash-chain';
import { EventId, GlobalPosition, StreamId } from '../../port/ids';
import { JsonObject } from '../../port/json';
import { meteredAppend } from '../../port/metered-append';
import { Subscription, SubscriptionOptions } from '../../port/subscription';
import { RecordingClock, refuseClockBehindLog } from '../../port/recording-clock';
import { SubscriptionRegistry } from '../../subscription/subscription-registry';
import { Wakeup } from '../../subscription/wakeup';
import {
  DEFAULT_MAX_EVENT_BYTES,
  validateAppend,
  validateExpectedVersion,
  validateStreamId,
} from '../../validation/validate-append';

export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://127.0.0.1:2113?tls=false` */
  connectionString: string;
  maxEventBytes?: number;
  pollIntervalMs?: number;
  /** Record time by a clock set by hand (LEDGER_CLOCK) instead of this client's. */
  clock?: RecordingClock;
}

/**
 * The store the product's design names. Global positions are EventStoreDB commit
 * positions: strictly increasing but not dense. EventStoreDB serialises writes itself,
 * so its `$all` order never exposes a later event before an earlier one.
 *
 * Not verified against a live server on the development machines (none can be
 * installed there); its contract suite runs wherever EVENTSTORE_URL is set.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly adapter = 'eventstoredb' as const;
  private readonly wakeup = new Wakeup();
  private readonly subscriptions = new SubscriptionRegistry();
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions,
  ) {}

  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(options.connectionString);
    // Fails fast when the server is unreachable instead of at the first append.
    for await (const _ of client.readAll({ maxCount: 1 })) break;
    const store = new EventStoreDbEventStore(client, options);
    if (options.clock) {
      const last = await store.lastEvent();
      refuseClockBehindLog(options.clock, last?.recordedAt ?? null);
    }
    return store;
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const count = Array.isArray(events) ? events.length : 0;
    return meteredAppend(count, () => this.appendUnmetered(streamId, events, options));
  }

  private async appendUnmetered(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = validateExpectedVersion(options.expectedVersion ?? 'any');
    const valid = validateAppend(
      streamId,
      events,
      this.options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    );
    const replay = await this.findEarlierIdenticalAppend(
      valid.streamId,
      expected,
      valid.events.map((e) => e.eventId),
    );
    if (replay) return replay;
    // The chain is computed here, from the stream's head as read just now. Appending with
    // exactly that head as the expected revision keeps the chain linear: if another writer
    // got in between, the server refuses, and an unpinned append ('any', 'stream_exists')
    // reads the new head and chains again.
    for (let attempt = 1; ; attempt++) {
      const [head] = await this.readStream(valid.streamId, { direction: 'backwards', maxCount: 1 });
      const current = head?.streamVersion ?? NO_STREAM_VERSION;
      if (!satisfies(expected, current)) {
        throw new WrongExpectedVersionError(valid.streamId, expected, current);
      }
      // A retried 'any' append whose first attempt landed: its last event is the head.
      const ids = valid.events.map((e) => e.eventId);
      if (head !== undefined && head.eventId === ids[ids.length - 1]) {
        const again = await this.findEarlierIdenticalAppend(
          valid.streamId,
          current - BigInt(ids.length),
          ids,
        );
        if (again) return again;
      }
      if (head !== undefined && !head.chain) {
        throw new Error(
          `Stream "${valid.streamId}": its head (version ${current}) carries no chain hash; ` +
            'streams written before the hash chain cannot be extended (see HASH-CHAIN.md)',
        );
      }
      // EventStoreDB sets its own `created` time only on the server; the chained time is
      // the client's (or the ledger clock's, when set by hand), stored in the metadata and
      // read back as recordedAt.
      const clock = this.options.clock;
      const recordedAt = clock ? readSetting(clock, Date.now()) : new Date();
      let previousHash = head?.chain?.hash ?? GENESIS_HASH;
      const toWrite = valid.events.map((e, i) => {
        const previous = previousHash;
        const hash = expectedHash(
          { ...e, streamId: valid.streamId, streamVersion: current + 1n + BigInt(i), recordedAt },
          previous,
        );
        previousHash = hash;
        const metadata: StoredMetadata = {
          ...e.metadata,
          recordedAt: recordedAt.toISOString(),
          hash,
          previousHash: previous,
          schemaVersion: String(e.schemaVersion),
        };
        return jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata });
      });
      try {
        const result = await this.client.appendToStream(valid.streamId, toWrite, {
          expectedRevision: current === NO_STREAM_VERSION ? NO_STREAM : current,
        });
        this.wakeup.notify();
        return {
          nextExpectedVersion: result.nextExpectedRevision,
          lastPosition: result.position?.commit ?? -1n,
          alreadyAppended: false,
        };
      } catch (error) {
        if (error instanceof EsdbWrongExpectedVersionError) {
          const pinned = typeof expected === 'bigint' || expected === 'no_stream';
          if (!pinned && attempt < MAX_CHAIN_ATTEMPTS) continue;
          const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : -1n;
          throw new WrongExpectedVersionError(valid.streamId, expected, actual);
        }
        throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const id = validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(id, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromVersion ?? (backwards ? END : START),
        ...(options.maxCount === undefined ? {} : { maxCount: BigInt(options.maxCount) }),
      })) {
        out.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after;
    if (after !== undefined && (typeof after !== 'bigint' || after < 0n)) {
      throw new InvalidReadError('after', 'must be a bigint >= 0');
    }
    const limit = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    // $all includes system events; read a little extra and filter them out.
    for await (const resolved of this.client.readAll({
      fromPosition: after === undefined ? START : { commit: after, prepare: after },
      maxCount: BigInt(limit) + 1n,
      direction: FORWARDS,
    })) {
      const event = resolved.event;
      if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) continue;
      const recorded = toRecordedEvent(resolved);
      if (after !== undefined && recorded.globalPosition <= after) continue;
      out.push(recorded);
      if (out.length === limit) break;
    }
    return out;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    return (await this.lastEvent())?.globalPosition ?? null;
  }

  /** The newest event of ours in $all (system events skipped). */
  private async lastEvent(): Promise<RecordedEvent | null> {
    for await (const resolved of this.client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 100n,
    })) {
      const event = resolved.event;
      if (event && !event.type.startsWith('$') && !event.streamId.startsWith('$')) {
        return toRecordedEvent(resolved);
      }
    }
    return null;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    this.assertOpen();
    // The same catch-up loop as the SQL adapters; EventStoreDB's own subscribeToAll would
    // push faster, but one loop keeps one set of semantics under the contract suite.
    return this.subscriptions.start(
      {
        readAll: (after, maxCount) => this.readAll({ after, maxCount }),
        wakeup: this.wakeup,
        pollIntervalMs: this.options.pollIntervalMs ?? 200,
      },
      options,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.subscriptions.stopAll();
    this.closed = true;
    await this.client.dispose();
  }

  /**
   * EventStoreDB answers a retried append with success but cannot say it was a retry;
   * where the expected version pins where the events would be, look first.
   */
  private async findEarlierIdenticalAppend(
    streamId: StreamId,
    expected: ExpectedVersion,
    ids: readonly EventId[],
  ): Promise<AppendResult | null> {
    const from =
      expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : null;
    if (from === null) return null;
    const stored = await this.readStream(streamId, { fromVersion: from, maxCount: ids.length });
    if (stored.length !== ids.length || stored.some((e, i) => e.eventId !== ids[i])) return null;
    const last = stored[stored.length - 1]!;
    return {
      nextExpectedVersion: last.streamVersion,
      lastPosition: last.globalPosition,
      alreadyAppended: true,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

const MAX_CHAIN_ATTEMPTS = 10;

/** What the adapter writes as EventStoreDB metadata: the recorded metadata plus the chain. */
interface StoredMetadata extends RecordedMetadata {
  [key: string]: string | null | undefined;
  recordedAt: string;
  hash: string;
  previousHash: string;
  /** Decimal; absent on events written before versions existed, which are version 1. */
  schemaVersion: string;
}

function satisfies(expected: ExpectedVersion, current: bigint): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === NO_STREAM_VERSION;
    case 'stream_exists':
      return current !== NO_STREAM_VERSION;
    default:
      return current === expected;
  }
}

function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (!event || !event.isJson) throw new Error('EventStoreDB returned a non-JSON or missing event');
  const metadata = (event.metadata ?? {}) as Partial<StoredMetadata>;
  const chained = typeof metadata.hash === 'string' && typeof metadata.previousHash === 'string';
  return {
    eventId: event.id as EventId,
    type: event.type,
    data: event.data as JsonObject,
    streamId: event.streamId as StreamId,
    streamVersion: event.revision,
    globalPosition: event.position?.commit ?? resolved.commitPosition ?? -1n,
    // The chained (client) time when there is one: it is what the hash covers.
    recordedAt:
      typeof metadata.recordedAt === 'string' ? new Date(metadata.recordedAt) : event.created,
    metadata: {
      actor: metadata.actor ?? '',
      correlationId: metadata.correlationId ?? null,
      causationId: metadata.causationId ?? null,
      validAt: metadata.validAt ?? null,
      ...(typeof metadata.traceparent === 'string' ? { traceparent: metadata.traceparent } : {}),
      ...(typeof metadata.tracestate === 'string' ? { tracestate: metadata.tracestate } : {}),
    },
    schemaVersion: storedSchemaVersion(metadata.schemaVersion),
    ...(chained ? { chain: { hash: metadata.hash!, previousHash: metadata.previousHash! } } : {}),
  };
}

function storedSchemaVersion(stored: string | undefined): number {
  return stored !== undefined && /^[1-9]\d{0,9}$/.test(stored) ? Number(stored) : 1;
}
