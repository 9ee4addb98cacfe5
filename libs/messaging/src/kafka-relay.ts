import { Kafka, Producer } from 'kafkajs';
import { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { SqlDatabase, quoteIdentifier } from '@ledger/event-sourcing';
import { SpanKind, batchPlacement, inSpan, tracingIsOn } from '@ledger/observability/tracing';
import { measureLag, recordRelayPublished, relayProbes } from '@ledger/observability';
import { toCloudEvent } from './cloud-event';

export interface RelayOptions {
  /** Names the relay's checkpoint: two relays with different names publish independently. */
  name: string;
  /** Schema of the relay's checkpoint table (in the store's database). */
  schema: string;
  /** The topic an event type goes to (one per service); undefined: not published. */
  topicFor: (eventType: string) => string | undefined;
  /** Every topic the relay may publish to, created at start with `partitions`. */
  topics: string[];
  partitions?: number;
  /** CloudEvents `source`. */
  source: string;
  batchSize?: number;
  log?: (message: string) => void;
  /** Told of each batch once the broker acknowledged it (metrics, benchmarks). */
  onPublished?: (events: readonly RecordedEvent[]) => void;
}

/**
 * The store is the outbox: the relay tails the global log from its stored checkpoint and
 * publishes each event to Kafka (idempotent producer, acks from all in-sync replicas),
 * keyed by stream id so per-stream order holds. The checkpoint moves only after the broker
 * acknowledged the batch. At least once: after a crash, events since the checkpoint are
 * published again and consumers deduplicate by event id (`ce_id`).
 */
export class KafkaRelay {
  private producer: Producer | undefined;
  private subscription: Subscription | undefined;
  private position: bigint | null = null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly table: string;
  private unobserve: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly kafka: Kafka,
    private readonly options: RelayOptions,
  ) {
    this.table = `${quoteIdentifier(options.schema)}.relay_checkpoints`;
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: this.options.topics.map((topic) => ({
          topic,
          numPartitions: this.options.partitions ?? 3,
          replicationFactor: 1,
        })),
      });
    } finally {
      await admin.disconnect();
    }
    // kafkajs needs one request in flight for an idempotent producer to keep order.
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    await this.db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.options.schema)}`);
    await this.db.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (name text PRIMARY KEY, position bigint NOT NULL)`,
    );
    this.stopped = false;
    await this.follow();
    // Watched by /metrics and /health/ready from now on, measured only when they ask.
    this.unobserve = relayProbes.add(this.options.name, {
      name: this.options.name,
      position: () => this.position,
      running: () => !this.stopped,
      lag: () => measureLag(this.store, this.position),
    });
  }

  get checkpoint(): bigint | null {
    return this.position;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unobserve?.();
    this.unobserve = undefined;
    if (this.retry) clearTimeout(this.retry);
    await this.subscription?.stop();
    await this.producer?.disconnect();
  }

  private async follow(): Promise<void> {
    const [row] = await this.db.query<{ position: string }>(
      `SELECT position::text AS position FROM ${this.table} WHERE name = $1`,
      [this.options.name],
    );
    this.position = row ? BigInt(row.position) : null;
    const subscription = this.store.subscribe({
      after: this.position ?? undefined,
      batchSize: this.options.batchSize ?? 500,
      batchHandler: (events) => this.publish(events),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => this.retryLater(error));
  }

  /**
   * Follows again in a second, from the stored checkpoint; and again if that fails too (the
   * database still away while the checkpoint is read): the relay outlives any outage.
   */
  private retryLater(error: unknown): void {
    if (this.stopped) return;
    this.options.log?.(`relay ${this.options.name} failed: ${String(error)}; retrying in 1 s`);
    this.retry = setTimeout(
      () => void this.follow().catch((again: unknown) => this.retryLater(again)),
      1000,
    );
  }

  private publish(events: RecordedEvent[]): Promise<void> {
    if (!tracingIsOn()) return this.publishBatch(events);
    // One span per batch, in the command's trace when the batch is one command's events,
    // else a trace of its own linked to each command's (spans.ts, batchPlacement).
    return inSpan(
      'relay publish',
      {
        kind: SpanKind.PRODUCER,
        ...batchPlacement(events.map((e) => e.metadata)),
        attributes: {
          'ledger.relay': this.options.name,
          'messaging.batch.message_count': events.length,
          'ledger.position.last': events[events.length - 1]!.globalPosition.toString(),
        },
      },
      () => this.publishBatch(events),
    );
  }

  private async publishBatch(events: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, ReturnType<typeof toCloudEvent>[]>();
    for (const event of events) {
      const topic = this.options.topicFor(event.type);
      if (!topic) continue;
      const list = byTopic.get(topic) ?? [];
      list.push(toCloudEvent(event, this.options.source));
      byTopic.set(topic, list);
    }
    if (byTopic.size > 0) {
      await this.producer!.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      for (const [topic, messages] of byTopic) recordRelayPublished(topic, messages.length);
    }
    // Only now, with the broker's acknowledgement, does the checkpoint move.
    const last = events[events.length - 1]!.globalPosition;
    await this.db.query(
      `INSERT INTO ${this.table} (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
      [this.options.name, last.toString()],
    );
    this.position = last;
    this.options.onPublished?.(events);
  }
}
