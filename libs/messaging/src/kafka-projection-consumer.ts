import { Admin, Consumer, Kafka } from 'kafkajs';
import type { ParkedMessage } from '@ledger/event-sourcing';
import { PartitionLag, consumerProbes, recordRedelivery } from '@ledger/observability';
import { EventId, RecordedEvent, StreamId } from '@ledger/event-store';
import {
  Projection,
  SqlDatabase,
  SqlExecutor,
  ensureDeadLetters,
  isTransientFailure,
  projectionMaxAttemptsFromEnv,
  quoteIdentifier,
  recordMessageDeadLetter,
  validMaxAttempts,
} from '@ledger/event-sourcing';
import { LEDGER_EVENT_VERSIONS, versionFromDataSchema } from '@ledger/contracts';
import { SpanKind, inSpan, originLinks, tracingIsOn } from '@ledger/observability/tracing';

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /**
   * Checks a message's value against the schema of its event type at the version its
   * `dataschema` names (1 when it names none: published before versions); why not, or null.
   */
  validate?: (eventType: string, version: number, value: unknown) => string | null;
  /**
   * The event in its type's current shape; the contracts' upcasters unless a test says
   * otherwise: a message published at an older version (before an upgrade, or by an older
   * relay) is applied as the current version reads it.
   */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** The version a `dataschema` names for a type, or null; the contracts' reading by default. */
  versionFromDataSchema?: (eventType: string, uri: string) => number | null;
  log?: (message: string) => void;
  /** Runs after a transaction that applied events commits (the assessor's trigger). */
  afterCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
  /**
   * Deliveries of a message whose event the projection fails on before the message is parked
   * as a dead letter and the partition goes on (PROJECTION_MAX_ATTEMPTS, else 5).
   */
  maxAttempts?: number;
}

const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Distributed mode: a projection fed from Kafka instead of the store. Each message is
 * applied in one transaction with a record of its event id, so a message delivered again
 * (after a rebalance or a crash before the offset commit) is skipped, never applied twice.
 * A message that is not a valid event is parked with its reason and the consumer goes on.
 *
 * Kafka keeps order per key, not across topics: a dispatch report (reporting topic) can
 * arrive before its project (planning topic). Where the projection names a prerequisite,
 * such an event is held back, durably and in the same transaction, and applied right after
 * the event that introduces its entity, in log order.
 */
export class KafkaProjectionConsumer {
  private consumer: Consumer | undefined;
  private readonly schema: string;
  private readonly maxAttempts: number;
  /** Failed deliveries per message (topic/partition/offset) since this process started. */
  private readonly failures = new Map<string, number>();
  /** In its group and fetching: set by the consumer's own events, read by /health/ready. */
  private connected = false;
  /** For lag at scrape time only: committed offsets against high watermarks. */
  private admin: Promise<Admin> | undefined;
  private unobserve: (() => void) | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly db: SqlDatabase,
    readonly projection: Projection,
    private readonly options: ConsumerOptions,
  ) {
    this.schema = quoteIdentifier(projection.schema);
    this.maxAttempts =
      options.maxAttempts === undefined
        ? projectionMaxAttemptsFromEnv()
        : validMaxAttempts(options.maxAttempts);
  }

  /** The after-commit hook, for a dead letter's replay (a replayed event is live too). */
  get afterCommit(): ConsumerOptions['afterCommit'] {
    return this.options.afterCommit;
  }

  async start(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Instances of one service start together (two reporting processes of a consumer
      // group): CREATE ... IF NOT EXISTS is no guard against a concurrent CREATE, which fails
      // on the catalogue's unique index. One at a time, per schema.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`ledger-setup:${this.schema}`]);
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await this.projection.setup(tx);
      // One dedup record per read model and event: the read models of a service share its
      // schema, each is its own consumer group, and a record keyed by the event alone made
      // the second read model to see an event skip it as a redelivery.
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.consumed_events (
        consumer text NOT NULL, event_id uuid NOT NULL, global_position bigint NOT NULL,
        consumed_at timestamptz NOT NULL DEFAULT now(),
        redeliveries int NOT NULL DEFAULT 0, PRIMARY KEY (consumer, event_id))`);
      await migrateDedupRecords(tx, this.projection.schema);
      await tx.query(`CREATE INDEX IF NOT EXISTS consumed_events_consumer_position_idx
        ON ${this.schema}.consumed_events (consumer, global_position)`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.held_events (
        key text NOT NULL, global_position bigint NOT NULL, event jsonb NOT NULL,
        held_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (key, global_position))`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.parked_messages (
        topic text NOT NULL, partition int NOT NULL, "offset" text NOT NULL, reason text NOT NULL,
        value text, parked_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (topic, partition, "offset"))`);
      await ensureDeadLetters(tx, this.projection.schema);
    });
    this.consumer = this.kafka.consumer({ groupId: this.options.groupId });
    this.watchConnection(this.consumer);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        // Consumed header values arrive as Buffers.
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [
            k,
            v === undefined ? '' : String(v),
          ]),
        );
        const value = message.value === null ? null : String(message.value);
        const parsed = this.parse(headers, value);
        if (typeof parsed === 'string') {
          await this.park({ topic, partition, offset: message.offset, headers, value }, parsed);
          return;
        }
        const delivery = `${topic}/${partition}/${message.offset}`;
        try {
          await this.consume(parsed);
          this.failures.delete(delivery);
        } catch (error) {
          // A poison event must not stall its partition: after maxAttempts deliveries it is
          // parked (its offset then commits); a database that went away is only retried.
          const attempts = (this.failures.get(delivery) ?? 0) + 1;
          if (isTransientFailure(error) || attempts < this.maxAttempts) {
            this.failures.set(delivery, attempts);
            throw error;
          }
          this.failures.delete(delivery);
          await this.park(
            { topic, partition, offset: message.offset, headers, value },
            `${parsed.type} @${parsed.globalPosition} failed ${attempts} times in ${this.projection.name}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      },
    });
  }

  async stop(): Promise<void> {
    this.unobserve?.();
    this.unobserve = undefined;
    await this.consumer?.disconnect();
    this.consumer = undefined;
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
    this.connected = false;
  }

  /** Registers the consumer with /metrics and /health/ready; nothing runs until they ask. */
  private watchConnection(consumer: Consumer): void {
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, () => (this.connected = true));
    consumer.on(events.HEARTBEAT, () => (this.connected = true));
    consumer.on(events.FETCH_START, () => (this.connected = true));
    consumer.on(events.DISCONNECT, () => (this.connected = false));
    consumer.on(events.STOP, () => (this.connected = false));
    consumer.on(events.CRASH, () => (this.connected = false));
    consumer.on(events.REBALANCING, () => (this.connected = false));
    this.unobserve?.();
    this.unobserve = consumerProbes.add(this.options.groupId, {
      group: this.options.groupId,
      projection: this.projection.name,
      connected: () => this.connected,
      lag: () => this.lag(),
      parked: () => this.count('parked_messages'),
      held: () => this.count('held_events'),
    });
  }

  private async count(table: 'parked_messages' | 'held_events'): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.schema}.${table}`,
    );
    return row?.n ?? 0;
  }

  private async lag(): Promise<PartitionLag[]> {
    // One admin client, however many ask at once (a scrape and a readiness check).
    if (this.admin === undefined) {
      const connecting = this.kafka.admin();
      this.admin = connecting.connect().then(() => connecting);
      this.admin.catch(() => (this.admin = undefined));
    }
    const admin = await this.admin;
    const committed = await admin.fetchOffsets({
      groupId: this.options.groupId,
      topics: this.options.topics,
    });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const watermarks = await admin.fetchTopicOffsets(topic);
      for (const { partition, high, low } of watermarks) {
        const offset = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        // No commit yet: everything still on the partition is ahead of the group.
        const from = BigInt(offset) < 0n ? BigInt(low) : BigInt(offset);
        const behind = BigInt(high) - from;
        lags.push({ topic, partition, messages: Number(behind < 0n ? 0n : behind) });
      }
    }
    return lags;
  }

  /**
   * Resolves once the event at `position` has been consumed here (a command's answer waits
   * for its own event, which is on a topic this consumer reads).
   */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.db.query<{ error: string | null }>(
        `SELECT NULL AS error FROM ${this.schema}.consumed_events
           WHERE consumer = $2 AND global_position = $1
         UNION ALL SELECT error FROM ${this.schema}.dead_letters
           WHERE global_position = $1 AND projection = $2 AND status = 'open'`,
        [position.toString(), this.projection.name],
      );
      if (rows.some((row) => row.error === null)) return;
      // Parked: waiting on longer would only end at the timeout.
      const parked = rows.find((row) => row.error !== null);
      if (parked) {
        throw new Error(
          `${this.projection.name}: position ${position} was parked as a dead letter: ${parked.error}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${this.projection.name}: position ${position} not consumed in ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private consume(event: RecordedEvent): Promise<void> {
    if (!tracingIsOn()) return this.apply(event);
    // Under the Kafka instrumentation's process span (the message's plain traceparent), and
    // linked to the event's own origin (ce_traceparent) when a relay batch put it elsewhere.
    return inSpan(
      `apply ${this.projection.name}`,
      {
        kind: SpanKind.CONSUMER,
        links: originLinks(event.metadata),
        attributes: {
          'ledger.projection': this.projection.name,
          'ledger.event.type': event.type,
          'ledger.position': event.globalPosition.toString(),
        },
      },
      () => this.apply(event),
    );
  }

  private async apply(event: RecordedEvent): Promise<void> {
    const { applied, redelivered } = await this.db.transaction((tx) => this.consumeIn(tx, event));
    // Counted for operators, and skipped: the event is in the read model already.
    if (redelivered) recordRedelivery(this.options.groupId);
    if (applied.length > 0 && this.options.afterCommit) {
      try {
        await this.options.afterCommit(applied);
      } catch (error) {
        this.options.log?.(`${this.projection.name}: after-commit hook failed: ${String(error)}`);
      }
    }
  }

  /**
   * The event, once, in `tx`: recorded as consumed (dedup by event id), then applied, or held
   * back for its prerequisite. Also what a dead letter's replay runs, in its own transaction.
   */
  async consumeIn(
    tx: SqlExecutor,
    event: RecordedEvent,
  ): Promise<{ redelivered: boolean; applied: RecordedEvent[] }> {
    // A redelivery (after a rebalance or a crash before the offset commit) is counted,
    // for operators, and skipped: the event is in the read model already.
    const [seen] = await tx.query<{ redeliveries: number }>(
      `INSERT INTO ${this.schema}.consumed_events AS c (consumer, event_id, global_position)
       VALUES ($3, $1, $2)
       ON CONFLICT (consumer, event_id) DO UPDATE SET redeliveries = c.redeliveries + 1
       RETURNING c.redeliveries`,
      [event.eventId, event.globalPosition.toString(), this.projection.name],
    );
    if (seen?.redeliveries !== 0) return { redelivered: true, applied: [] };
    if (!this.projection.handles(event.type)) return { redelivered: false, applied: [] };
    const batch = await this.withPrerequisite(tx, event);
    if (batch.length === 0) return { redelivered: false, applied: [] };
    if (this.projection.applyBatch) await this.projection.applyBatch(tx, batch);
    else for (const e of batch) await this.projection.apply(tx, e);
    return { redelivered: false, applied: batch };
  }

  /** A message as this consumer reads it now (today's validation and upcasting), or why not. */
  readMessage(headers: Record<string, string>, value: string | null): RecordedEvent | string {
    return this.parse(headers, value);
  }

  /** What to apply now: nothing (held back), the event, or the event and what waited for it. */
  private async withPrerequisite(tx: SqlExecutor, event: RecordedEvent): Promise<RecordedEvent[]> {
    const prerequisite = this.projection.prerequisite;
    const key = prerequisite?.keyOf(event) ?? null;
    if (!prerequisite || key === null) return [event];
    // Two consumers of the group may hold a key's events on different partitions.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${this.schema}:${key}`]);
    if (prerequisite.introduces(event)) {
      const held = await tx.query<{ event: HeldEvent }>(
        `DELETE FROM ${this.schema}.held_events WHERE key = $1 RETURNING event`,
        [key],
      );
      const waiting = held
        // Held before an upgrade, an event may be older than the current version.
        .map((row) => this.upcast(fromHeld(row.event)))
        .sort((a, b) => (a.globalPosition < b.globalPosition ? -1 : 1));
      return [event, ...waiting];
    }
    const alreadyWaiting = await tx.query(
      `SELECT 1 FROM ${this.schema}.held_events WHERE key = $1 LIMIT 1`,
      [key],
    );
    if (alreadyWaiting.length === 0 && (await prerequisite.knows(tx, key))) return [event];
    await tx.query(
      `INSERT INTO ${this.schema}.held_events (key, global_position, event) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [key, event.globalPosition.toString(), JSON.stringify(toHeld(event))],
    );
    this.options.log?.(
      `${this.projection.name}: ${event.type} @${event.globalPosition} waits for ${key}`,
    );
    return [];
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    return this.options.upcast ? this.options.upcast(event) : LEDGER_EVENT_VERSIONS.upcast(event);
  }

  /** A CloudEvent (binary mode) back into a recorded event, or the reason it is not one. */
  private parse(headers: Record<string, string>, value: string | null): RecordedEvent | string {
    const id = headers.ce_id ?? '';
    const type = headers.ce_type ?? '';
    const sequence = headers.ce_sequence ?? '';
    if (!UUID.test(id)) return `ce_id is not an event id: "${id}"`;
    if (!type) return 'no ce_type';
    if (!/^\d+$/.test(sequence)) return `ce_sequence is not a position: "${sequence}"`;
    let data: unknown;
    try {
      data = JSON.parse(value ?? '');
    } catch {
      return 'the value is not JSON';
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      return 'the value is not a JSON object';
    // A tolerant reader: a type this read model does not read (perhaps newer than its copy of
    // the catalog) is recorded as consumed and passed over, never parked as invalid.
    const reads = this.projection.handles(type);
    let schemaVersion = 1;
    const dataschema = headers.ce_dataschema;
    if (reads && dataschema !== undefined && dataschema !== '') {
      const named = (this.options.versionFromDataSchema ?? versionFromDataSchema)(type, dataschema);
      if (named === null) return `ce_dataschema "${dataschema}" names no version of ${type}`;
      schemaVersion = named;
    }
    const invalid = reads ? (this.options.validate?.(type, schemaVersion, data) ?? null) : null;
    if (invalid) return `${type} v${schemaVersion} does not match its schema: ${invalid}`;
    const event: RecordedEvent = {
      eventId: id as EventId,
      type,
      data: data as RecordedEvent['data'],
      streamId: (headers.ce_subject ?? '') as StreamId,
      streamVersion: BigInt(
        /^\d+$/.test(headers.ce_streamversion ?? '') ? headers.ce_streamversion! : '0',
      ),
      globalPosition: BigInt(sequence),
      recordedAt: new Date(headers.ce_time ?? 0),
      metadata: {
        actor: headers.ce_actor ?? '',
        correlationId: headers.ce_correlationid ?? null,
        causationId: headers.ce_causationid ?? null,
        validAt: headers.ce_validtime ?? null,
        ...(headers.ce_traceparent ? { traceparent: headers.ce_traceparent } : {}),
        ...(headers.ce_tracestate ? { tracestate: headers.ce_tracestate } : {}),
      },
      schemaVersion,
      ...(HASH.test(headers.ce_hash ?? '') && HASH.test(headers.ce_previoushash ?? '')
        ? { chain: { hash: headers.ce_hash!, previousHash: headers.ce_previoushash! } }
        : {}),
    };
    if (!reads) return event;
    try {
      return this.upcast(event);
    } catch (error) {
      return `${type} v${schemaVersion} cannot be read as the current version: ${String(error)}`;
    }
  }

  private async park(message: ParkedMessage, reason: string): Promise<void> {
    const { topic, partition, offset, value } = message;
    this.options.log?.(`parked ${topic}[${partition}]@${offset}: ${reason}`);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${this.schema}.parked_messages (topic, partition, "offset", reason, value)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [topic, partition, offset, reason, value],
      );
      // The operable record (list, replay, discard), headers included: a replay reads it again.
      await recordMessageDeadLetter(
        tx,
        this.projection.schema,
        this.projection.name,
        message,
        reason,
      );
    });
  }
}

/** A held-back event as stored in JSON (positions as strings: JSON has no bigint). */
interface HeldEvent {
  eventId: string;
  type: string;
  data: RecordedEvent['data'];
  streamId: string;
  streamVersion: string;
  globalPosition: string;
  recordedAt: string;
  metadata: RecordedEvent['metadata'];
  /** Absent in events held before versions existed: they were version 1. */
  schemaVersion?: number;
  chain?: RecordedEvent['chain'];
}

function toHeld(e: RecordedEvent): HeldEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    streamId: e.streamId,
    streamVersion: e.streamVersion.toString(),
    globalPosition: e.globalPosition.toString(),
    recordedAt: e.recordedAt.toISOString(),
    metadata: e.metadata,
    schemaVersion: e.schemaVersion,
    ...(e.chain ? { chain: e.chain } : {}),
  };
}

function fromHeld(h: HeldEvent): RecordedEvent {
  return {
    eventId: h.eventId as EventId,
    type: h.type,
    data: h.data,
    streamId: h.streamId as StreamId,
    streamVersion: BigInt(h.streamVersion),
    globalPosition: BigInt(h.globalPosition),
    recordedAt: new Date(h.recordedAt),
    metadata: h.metadata,
    schemaVersion: h.schemaVersion ?? 1,
    ...(h.chain ? { chain: h.chain } : {}),
  };
}

/**
 * Dedup records written before they named their read model (keyed by the event alone) get a
 * `consumer` column of '' and the two-column key. Those old records match no read model, so
 * a message redelivered from before the upgrade is applied again by its consumer group only
 * if its offset was never committed; the read models' writes are keyed, so that is harmless.
 */
async function migrateDedupRecords(tx: SqlExecutor, schema: string): Promise<void> {
  const [column] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = 'consumed_events' AND column_name = 'consumer'`,
    [schema],
  );
  if ((column?.n ?? 0) > 0) return;
  const table = `${quoteIdentifier(schema)}.consumed_events`;
  await tx.query(`ALTER TABLE ${table} ADD COLUMN consumer text NOT NULL DEFAULT ''`);
  await tx.query(`ALTER TABLE ${table} DROP CONSTRAINT consumed_events_pkey`);
  await tx.query(`ALTER TABLE ${table} ADD PRIMARY KEY (consumer, event_id)`);
  await tx.query(`DROP INDEX IF EXISTS ${quoteIdentifier(schema)}.consumed_events_position_idx`);
}
