import {
  EventStoreClosedError,
  IdempotencyConflictError,
  InvalidReadError,
  WrongExpectedVersionError,
} from '../port/errors';
import { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions } from '../port/event-store';
import { AppendResult, EventToAppend, RecordedEvent } from '../port/events';
import { ExpectedVersion } from '../port/expected-version';
import { EventId, GlobalPosition, StreamId } from '../port/ids';
import { JsonObject } from '../port/json';
import { Subscription, SubscriptionOptions } from '../port/subscription';
import { SubscriptionRegistry } from '../subscription/subscription-registry';
import { Wakeup } from '../subscription/wakeup';
import {
  DEFAULT_MAX_EVENT_BYTES,
  validateAppend,
  validateExpectedVersion,
  validateStreamId,
  ValidatedEvent,
} from '../validation/validate-append';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../chain/canonical-json';
import { contentHashOfValidated } from '../chain/hash-chain';
import { AppendBatcher, QueuedAppend } from './append-batcher';
import { RecordingClock, refuseClockBehindLog } from '../port/recording-clock';
import { migrate } from './migrate';
import { meteredAppend } from '../port/metered-append';
import { quoteIdentifier, SqlClient, toBigInt } from './sql-client';
import { SpanKind, inSpan, tracingIsOn } from '@ledger/observability/tracing';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the events table. Defaults to `event_store`. */
  schema?: string;
  /** Largest event (data + metadata as UTF-8 JSON) accepted. Defaults to 1 MiB. */
  maxEventBytes?: number;
  /** How often an idle subscription looks for other processes' appends. Defaults to 200 ms. */
  pollIntervalMs?: number;
  /** Record time by a clock set by hand (LEDGER_CLOCK) instead of the server's. */
  clock?: RecordingClock;
  /**
   * Group-commit calls on their way to the server at once; appends that arrive meanwhile
   * wait and leave together. Defaults to 1.
   */
  maxConcurrentAppends?: number;
}

/**
 * A row of COLUMNS. Drivers differ (node-postgres gives int8 as text, PGlite as bigint), and
 * toRecordedEvent takes either: every reader of the events table maps rows through it.
 */
export interface EventRow {
  global_position: unknown;
  event_id: string;
  stream_id: string;
  stream_version: unknown;
  event_type: string;
  data: JsonObject;
  actor: string;
  correlation_id: string | null;
  causation_id: string | null;
  valid_at: string | null;
  traceparent: string | null;
  tracestate: string | null;
  /** Epoch milliseconds (int8): cheaper to send and to read than a timestamptz. */
  recorded_at: unknown;
  /** previous_hash then hash, in hex encoded by the server: one field, sliced in two. */
  chain: string;
  schema_version: number;
}

interface AppendRow {
  outcome: 'appended' | 'already_appended' | 'wrong_expected_version' | 'idempotency_conflict';
  stream_version: unknown;
  last_position: unknown;
  conflicting_ids: string[] | null;
}

/** A row of append_to_streams (migration 5): one per append of the call. */
interface GroupRow {
  outcome: 'appended' | 'wrong_expected_version' | 'recheck';
  stream_version: unknown;
  last_position: unknown;
}

/** An append waiting for, or on, its group-commit call. */
interface PendingAppend extends QueuedAppend {
  readonly streamId: StreamId;
  readonly expected: ExpectedVersion;
  readonly events: readonly ValidatedEvent[];
  /** Content hash per event, computed before the append queues (HASH-CHAIN.md step 1). */
  readonly contentHashes: readonly string[];
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

/** Bounds one call: big enough to carry every waiting writer, small enough to parse quickly. */
const GROUP_LIMITS = { maxAppends: 500, maxEvents: 10_000, maxSize: 8 * 1024 * 1024 };

const DEFAULT_BATCH = 1000;
const MAX_APPEND_ATTEMPTS = 5;
/**
 * Rows no lower position can still appear before: see appendLockKey in migrations.ts. The
 * horizon is a subquery, so it is computed once per statement (an InitPlan), not per row.
 */
export const SETTLED = 'transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))';
const MAX_BATCH = 10_000;
/**
 * What a reader needs of an event row, in the fewest and cheapest fields: reading the log is
 * mostly parsing them (a field costs a string, a jsonb a JSON.parse, a timestamptz a regex).
 * recorded_at at the millisecond precision it is hashed with (HASH-CHAIN.md), as epoch
 * milliseconds: after date_trunc the float is a whole number of milliseconds, exact after
 * rounding for any date PostgreSQL holds.
 */
export const COLUMNS =
  'global_position, event_id, stream_id, stream_version, event_type, data, ' +
  "metadata->>'actor' AS actor, metadata->>'correlationId' AS correlation_id, " +
  "metadata->>'causationId' AS causation_id, metadata->>'validAt' AS valid_at, " +
  "metadata->>'traceparent' AS traceparent, metadata->>'tracestate' AS tracestate, " +
  "round(date_part('epoch', date_trunc('milliseconds', recorded_at)) * 1000)::int8 AS recorded_at, " +
  "encode(previous_hash || hash, 'hex') AS chain, schema_version";

/** PGlite and PostgreSQL share all of this; they differ only in how SQL reaches the server. */
export class SqlEventStore implements EventStore {
  private readonly schema: string;
  private readonly table: string;
  private readonly maxEventBytes: number;
  private readonly wakeup = new Wakeup();
  /**
   * Names this store's prepared statements apart from another schema's on a shared
   * connection: PostgreSQL cuts names at 63 bytes, and a schema name can be longer than what
   * remains (node-pg then warns on every call).
   */
  private readonly statementSuffix: string;
  private readonly subscriptions = new SubscriptionRegistry();
  private readonly batcher: AppendBatcher<PendingAppend>;
  private closed = false;

  protected constructor(
    readonly adapter: 'pglite' | 'postgres',
    private readonly client: SqlClient,
    private readonly options: SqlEventStoreOptions,
  ) {
    this.schema = options.schema ?? 'event_store';
    this.table = `${quoteIdentifier(this.schema)}.events`;
    this.statementSuffix = createHash('sha256').update(this.schema).digest('hex').slice(0, 16);
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.batcher = new AppendBatcher<PendingAppend>(
      { ...GROUP_LIMITS, maxInFlight: options.maxConcurrentAppends ?? DEFAULT_CONCURRENT_APPENDS },
      (group) => this.sendGroup(group),
    );
  }

  protected async initialise(): Promise<void> {
    await migrate(this.client, this.schema);
    if (this.options.clock) {
      // The last row by position is the latest recorded: time is taken under the append lock.
      const [last] = await this.client.query<{ recorded_at: Date }>(
        `SELECT date_trunc('milliseconds', recorded_at) AS recorded_at FROM ${this.table}
          ORDER BY global_position DESC LIMIT 1`,
      );
      refuseClockBehindLog(this.options.clock, last?.recorded_at ?? null);
    }
  }

  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const count = Array.isArray(events) ? events.length : 0;
    if (!tracingIsOn()) return meteredAppend(count, () => this.append(streamId, events, options));
    return inSpan(
      'event-store append',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'ledger.stream.id': streamId, 'ledger.event.count': events.length },
      },
      () => meteredAppend(count, () => this.append(streamId, events, options)),
    );
  }

  private async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = validateExpectedVersion(options.expectedVersion ?? 'any');
    const valid = validateAppend(streamId, events, this.maxEventBytes);
    // The content hash needs canonical JSON, so the client computes it; the server chains
    // it to the stream's head under the stream's lock (migration 5).
    let size = 0;
    const canonicalStreamId = canonicalJson(valid.streamId);
    const contentHashes = valid.events.map((e) => {
      size += e.dataJson.length + e.storedMetadataJson.length + 160;
      return contentHashOfValidated(canonicalStreamId, e);
    });
    const row = await new Promise<AppendRow>((resolve, reject) =>
      this.batcher.submit({
        streamId: valid.streamId,
        expected,
        events: valid.events,
        contentHashes,
        eventCount: valid.events.length,
        size,
        resolve,
        reject,
      }),
    );
    switch (row.outcome) {
      case 'appended': {
        const lastPosition = toBigInt(row.last_position, 'last_position');
        this.wakeup.notify(lastPosition);
        return {
          nextExpectedVersion: toBigInt(row.stream_version, 'stream_version'),
          lastPosition,
          alreadyAppended: false,
        };
      }
      case 'already_appended':
        return {
          nextExpectedVersion: toBigInt(row.stream_version, 'stream_version'),
          lastPosition: toBigInt(row.last_position, 'last_position'),
          alreadyAppended: true,
        };
      case 'wrong_expected_version':
        throw new WrongExpectedVersionError(
          valid.streamId,
          expected,
          toBigInt(row.stream_version, 'stream_version'),
        );
      case 'idempotency_conflict':
        throw new IdempotencyConflictError(valid.streamId, row.conflicting_ids ?? []);
    }
  }

  /**
   * One call for the whole group. If it fails, nothing of it was written: a unique violation
   * means an event id was stored already (a retry, or a reuse), and any other error may
   * belong to one append only, so each append is sent again on its own, and answered on its
   * own. Never rejects: every append is settled here.
   */
  private async sendGroup(group: readonly PendingAppend[]): Promise<void> {
    let rows: GroupRow[];
    try {
      rows = await this.callGroup(group);
    } catch (error) {
      if (group.length > 1) {
        for (const append of group) await this.sendGroup([append]);
      } else if (isUniqueViolation(error)) {
        await this.settleAlone(group[0]!);
      } else {
        group[0]!.reject(error);
      }
      return;
    }
    for (let i = 0; i < group.length; i++) {
      const append = group[i]!;
      const row = rows[i];
      if (row === undefined) append.reject(new Error('append_to_streams returned too few rows'));
      else if (row.outcome === 'recheck') await this.settleAlone(append);
      else append.resolve({ ...row, outcome: row.outcome, conflicting_ids: null });
    }
  }

  /** append_to_stream tells a retry (answered as the first time) from a conflicting reuse. */
  private async settleAlone(append: PendingAppend): Promise<void> {
    const payload =
      '[' +
      append.events
        .map(
          (e, i) =>
            `{"type":${JSON.stringify(e.type)},"data":${e.dataJson},"metadata":${e.storedMetadataJson},` +
            `"schemaVersion":${e.schemaVersion},"contentHash":"${append.contentHashes[i]!}"}`,
        )
        .join(',') +
      ']';
    // Validated UUIDs need no quoting inside an array literal.
    const ids = `{${append.events.map((e) => e.eventId).join(',')}}`;
    try {
      const row = await this.callAppend(append.streamId, append.expected, ids, payload);
      if (row) append.resolve(row);
      else append.reject(new Error('append_to_stream returned no row'));
    } catch (error) {
      append.reject(error);
    }
  }

  private async callGroup(group: readonly PendingAppend[]): Promise<GroupRow[]> {
    const streams: string[] = [];
    const expected: string[] = [];
    let appends = '';
    let ids = '';
    let types = '';
    let data = '';
    // The events of a command share their metadata: each distinct one is sent once.
    const metadataIndex = new Map<string, number>();
    let metadata = '';
    let metadataOf = '';
    let versions = '';
    let hashes = '';
    for (let a = 0; a < group.length; a++) {
      const append = group[a]!;
      streams.push(append.streamId);
      expected.push(
        typeof append.expected === 'bigint' ? append.expected.toString() : append.expected,
      );
      for (let i = 0; i < append.events.length; i++) {
        const e = append.events[i]!;
        const sep = appends === '' ? '' : ',';
        appends += sep + String(a + 1);
        // Array literal elements: UUIDs and hex need no quotes; an event type is letters,
        // digits and _.:- (validated), quoted so a type named NULL stays text.
        ids += sep + e.eventId;
        types += `${sep}"${e.type}"`;
        data += sep + e.dataJson;
        let m = metadataIndex.get(e.storedMetadataJson);
        if (m === undefined) {
          m = metadataIndex.size + 1;
          metadataIndex.set(e.storedMetadataJson, m);
          metadata += (m === 1 ? '' : ',') + e.storedMetadataJson;
        }
        metadataOf += sep + String(m);
        versions += sep + String(e.schemaVersion);
        hashes += sep + append.contentHashes[i]!;
      }
    }
    const params: unknown[] = [
      streams,
      expected,
      `{${appends}}`,
      `{${ids}}`,
      `{${types}}`,
      `[${data}]`,
      `[${metadata}]`,
      `{${metadataOf}}`,
      `{${versions}}`,
      `{${hashes}}`,
    ];
    const clock = this.options.clock;
    if (clock) {
      params.push(clock.at.toISOString(), clock.advancing ? clock.since.toISOString() : null);
    }
    return this.client.query<GroupRow>(
      `SELECT * FROM ${quoteIdentifier(this.schema)}.append_to_streams(
         $1::text[], $2::text[], $3::integer[], $4::uuid[], $5::text[], $6::jsonb, $7::jsonb,
         $8::integer[], $9::integer[], $10::text[]${clock ? ', $11::timestamptz, $12::timestamptz' : ''})`,
      params,
      `ledger-append-to-streams-${clock ? 'clock-' : ''}${this.statementSuffix}`,
    );
  }

  /**
   * A unique violation means an event id of this append was taken by a concurrent append
   * to another stream. Running the append again gives the right answer (a conflict).
   */
  private async callAppend(
    streamId: string,
    expected: ExpectedVersion,
    ids: string,
    payload: string,
  ): Promise<AppendRow | undefined> {
    const params: Array<string | null> = [
      streamId,
      typeof expected === 'bigint' ? expected.toString() : expected,
      ids,
      payload,
    ];
    const clock = this.options.clock;
    // The server reads the clock under its append lock (migration 4); without a set clock
    // the call is the four-argument one it always was.
    const sql = clock
      ? `SELECT * FROM ${quoteIdentifier(this.schema)}.append_to_stream($1, $2, $3::uuid[], $4::jsonb, $5::timestamptz, $6::timestamptz)`
      : `SELECT * FROM ${quoteIdentifier(this.schema)}.append_to_stream($1, $2, $3::uuid[], $4::jsonb)`;
    if (clock) {
      params.push(clock.at.toISOString(), clock.advancing ? clock.since.toISOString() : null);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await this.client.query<AppendRow>(sql, params);
        return row;
      } catch (error) {
        if (attempt >= MAX_APPEND_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const id = validateStreamId(streamId);
    const backwards = options.direction === 'backwards';
    const limit =
      options.maxCount === undefined ? null : checkCount(options.maxCount, Number.MAX_SAFE_INTEGER);
    const from = options.fromVersion ?? null;
    if (from !== null && (typeof from !== 'bigint' || from < 0n)) {
      throw new InvalidReadError('fromVersion', 'must be a bigint >= 0');
    }
    const rows = await this.client.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table}
        WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_version ${backwards ? '<=' : '>='} $2::bigint)
        ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [id, from === null ? null : from.toString(), limit],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0n;
    if (typeof after !== 'bigint' || after < 0n)
      throw new InvalidReadError('after', 'must be a bigint >= 0');
    const limit = checkCount(options.maxCount ?? DEFAULT_BATCH, MAX_BATCH);
    // Committed rows in position order, each marked settled when every transaction that could
    // still add a lower position has ended. See migrations.ts: positions are drawn one after
    // another under the append lock, so the next position after one seen is either committed,
    // in flight, or lost to a rolled-back append. A row right after the last one is safe
    // whatever else runs; past a hole, only a settled row is (the hole is then a rolled-back
    // append's, never to appear). Waiting only at holes means a reader is held back by an
    // append still committing, not by every transaction on the server (read models' own,
    // another database's) as a settled-only read is.
    // Prepared once per connection: a tailing reader sends this page after page. Its plan
    // is the position index in either form, with or without statistics (a test checks).
    const rows = await this.client.query<EventRow & { settled: boolean }>(
      `SELECT ${COLUMNS}, e.transaction_id < s.xmin AS settled
         FROM ${this.table} e, (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
        WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`,
      [after.toString(), limit],
      `ledger-read-all-${this.statementSuffix}`,
    );
    const events: RecordedEvent[] = [];
    let next = after + 1n;
    for (const row of rows) {
      const event = toRecordedEvent(row);
      if (event.globalPosition !== next && !row.settled) break;
      events.push(event);
      next = event.globalPosition + 1n;
    }
    return events;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    this.assertOpen();
    const [row] = await this.client.query<{ head: unknown }>(
      `SELECT global_position AS head FROM ${this.table} WHERE ${SETTLED} ORDER BY global_position DESC LIMIT 1`,
    );
    return row === undefined ? null : toBigInt(row.head, 'head');
  }

  subscribe(options: SubscriptionOptions): Subscription {
    this.assertOpen();
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
    // Appends already made are answered before the connection goes.
    await this.batcher.idle();
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

/**
 * One call at a time, PGlite and PostgreSQL alike. PGlite has one connection, where a second
 * call would only queue. On PostgreSQL, measured with 8 and 32 writers (bench:store), two or
 * four calls at once split the waiting appends into smaller groups, each paying its own
 * round trip and WAL flush, and carried 30-50% fewer appends a second than one.
 */
const DEFAULT_CONCURRENT_APPENDS = 1;

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  );
}

function checkCount(value: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidReadError('maxCount', `must be an integer from 1 to ${max}`);
  }
  return value;
}

function toMillis(value: unknown): number {
  const ms = Number(value);
  if (!Number.isSafeInteger(ms))
    throw new Error(`column recorded_at: expected epoch milliseconds, got ${String(value)}`);
  return ms;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id as EventId,
    type: row.event_type,
    data: row.data,
    streamId: row.stream_id as StreamId,
    streamVersion: toBigInt(row.stream_version, 'stream_version'),
    globalPosition: toBigInt(row.global_position, 'global_position'),
    recordedAt: new Date(toMillis(row.recorded_at)),
    metadata: {
      actor: row.actor,
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      validAt: row.valid_at,
      ...(row.traceparent ? { traceparent: row.traceparent } : {}),
      ...(row.tracestate ? { tracestate: row.tracestate } : {}),
    },
    schemaVersion: row.schema_version,
    chain: { hash: row.chain.slice(64), previousHash: row.chain.slice(0, 64) },
  };
}
