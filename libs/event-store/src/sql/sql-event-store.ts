import {
  EventStoreClosedError,
  IdempotencyConflictError,
  InvalidReadError,
  WrongExpectedVersionError,
} from '../port/errors';
import { AppendOptions, EventStore, ReadAllOptions, ReadStreamOptions } from '../port/event-store';
import { AppendResult, EventToAppend, RecordedEvent, RecordedMetadata } from '../port/events';
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
} from '../validation/validate-append';
import { contentHashOfCanonicalData } from '../chain/hash-chain';
import { RecordingClock, refuseClockBehindLog } from '../port/recording-clock';
import { migrate } from './migrate';
import { quoteIdentifier, SqlClient, toBigInt } from './sql-client';

export interface SqlEventStoreOptions {
  /** PostgreSQL schema holding the events table. Defaults to `event_store`. */
  schema?: string;
  /** Largest event (data + metadata as UTF-8 JSON) accepted. Defaults to 1 MiB. */
  maxEventBytes?: number;
  /** How often an idle subscription looks for other processes' appends. Defaults to 200 ms. */
  pollIntervalMs?: number;
  /** Record time by a clock set by hand (LEDGER_CLOCK) instead of the server's. */
  clock?: RecordingClock;
}

export interface EventRow {
  global_position: unknown;
  event_id: string;
  stream_id: string;
  stream_version: unknown;
  event_type: string;
  data: JsonObject;
  metadata: RecordedMetadata;
  recorded_at: Date;
  /** Hex, encoded by the server: cheaper than a driver-side bytea parse plus re-encoding. */
  hash: string;
  previous_hash: string;
  schema_version: number;
}

interface AppendRow {
  outcome: 'appended' | 'already_appended' | 'wrong_expected_version' | 'idempotency_conflict';
  stream_version: unknown;
  last_position: unknown;
  conflicting_ids: string[] | null;
}

const DEFAULT_BATCH = 1000;
const MAX_APPEND_ATTEMPTS = 5;
/** Rows no lower position can still appear before: see appendLockKey in migrations.ts. */
export const SETTLED = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const MAX_BATCH = 10_000;
/** recorded_at at the millisecond precision it is hashed with (see HASH-CHAIN.md). */
export const COLUMNS =
  'global_position, event_id, stream_id, stream_version, event_type, data, metadata, ' +
  "date_trunc('milliseconds', recorded_at) AS recorded_at, " +
  "encode(hash, 'hex') AS hash, encode(previous_hash, 'hex') AS previous_hash, schema_version";

/** PGlite and PostgreSQL share all of this; they differ only in how SQL reaches the server. */
export class SqlEventStore implements EventStore {
  private readonly schema: string;
  private readonly table: string;
  private readonly maxEventBytes: number;
  private readonly wakeup = new Wakeup();
  private readonly subscriptions = new SubscriptionRegistry();
  private closed = false;

  protected constructor(
    readonly adapter: 'pglite' | 'postgres',
    private readonly client: SqlClient,
    private readonly options: SqlEventStoreOptions,
  ) {
    this.schema = options.schema ?? 'event_store';
    this.table = `${quoteIdentifier(this.schema)}.events`;
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
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

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = validateExpectedVersion(options.expectedVersion ?? 'any');
    const valid = validateAppend(streamId, events, this.maxEventBytes);
    // The events travel as one JSON document: one parameter, one parse on the server, any count.
    // The content hash is computed here because canonical JSON needs code; the server
    // chains it to the stream's head under its lock (migration 2 in migrations.ts).
    const payload =
      '[' +
      valid.events
        .map(
          (e) =>
            `{"type":${JSON.stringify(e.type)},"data":${e.dataJson},"metadata":${e.metadataJson},` +
            `"schemaVersion":${e.schemaVersion},` +
            `"contentHash":"${contentHashOfCanonicalData({ ...e, streamId: valid.streamId }, e.dataJson)}"}`,
        )
        .join(',') +
      ']';
    // Validated UUIDs need no quoting inside an array literal.
    const ids = `{${valid.events.map((e) => e.eventId).join(',')}}`;
    const row = await this.callAppend(valid.streamId, expected, ids, payload);
    if (!row) throw new Error('append_to_stream returned no row');
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
    const rows = await this.client.query<EventRow & { settled: boolean }>(
      `SELECT ${COLUMNS}, e.transaction_id < s.xmin AS settled
         FROM ${this.table} e, (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
        WHERE e.global_position > $1 ORDER BY e.global_position LIMIT $2`,
      [after.toString(), limit],
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
    await this.client.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

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

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id as EventId,
    type: row.event_type,
    data: row.data,
    streamId: row.stream_id as StreamId,
    streamVersion: toBigInt(row.stream_version, 'stream_version'),
    globalPosition: toBigInt(row.global_position, 'global_position'),
    recordedAt: row.recorded_at,
    metadata: {
      actor: row.metadata.actor,
      correlationId: row.metadata.correlationId ?? null,
      causationId: row.metadata.causationId ?? null,
      validAt: row.metadata.validAt ?? null,
    },
    schemaVersion: row.schema_version,
    chain: { hash: row.hash, previousHash: row.previous_hash },
  };
}
