import { Consumer, Kafka } from 'kafkajs';
import { EventId, RecordedEvent, StreamId } from '@ledger/event-store';
import { Projection, SqlDatabase, quoteIdentifier } from '@ledger/event-sourcing';

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Checks a message's value against its event type's schema; returns why not, or null. */
  validate?: (eventType: string, value: unknown) => string | null;
  log?: (message: string) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Distributed mode: a projection fed from Kafka instead of the store. Each message is
 * applied in one transaction with a record of its event id, so a message delivered again
 * (after a rebalance or a crash before the offset commit) is skipped, never applied twice.
 * A message that is not a valid event is parked with its reason and the consumer goes on.
 */
export class KafkaProjectionConsumer {
  private consumer: Consumer | undefined;
  private readonly schema: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly db: SqlDatabase,
    private readonly projection: Projection,
    private readonly options: ConsumerOptions,
  ) {
    this.schema = quoteIdentifier(projection.schema);
  }

  async start(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await this.projection.setup(tx);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.consumed_events (
        event_id uuid PRIMARY KEY, consumed_at timestamptz NOT NULL DEFAULT now())`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.parked_messages (
        topic text NOT NULL, partition int NOT NULL, "offset" text NOT NULL, reason text NOT NULL,
        value text, parked_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (topic, partition, "offset"))`);
    });
    this.consumer = this.kafka.consumer({ groupId: this.options.groupId });
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
        const parsed = this.parse(headers, message.value === null ? null : String(message.value));
        if (typeof parsed === 'string') {
          await this.park(
            topic,
            partition,
            message.offset,
            parsed,
            message.value === null ? null : String(message.value),
          );
          return;
        }
        if (!this.projection.handles(parsed.type)) return;
        await this.db.transaction(async (tx) => {
          const fresh = await tx.query<{ event_id: string }>(
            `INSERT INTO ${this.schema}.consumed_events (event_id) VALUES ($1)
             ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
            [parsed.eventId],
          );
          if (fresh.length === 0) return; // delivered before: already applied
          if (this.projection.applyBatch) await this.projection.applyBatch(tx, [parsed]);
          else await this.projection.apply(tx, parsed);
        });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
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
    const invalid = this.options.validate?.(type, data) ?? null;
    if (invalid) return `${type} does not match its schema: ${invalid}`;
    return {
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
      },
    };
  }

  private async park(
    topic: string,
    partition: number,
    offset: string,
    reason: string,
    value: string | null,
  ): Promise<void> {
    this.options.log?.(`parked ${topic}[${partition}]@${offset}: ${reason}`);
    await this.db.query(
      `INSERT INTO ${this.schema}.parked_messages (topic, partition, "offset", reason, value)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [topic, partition, offset, reason, value],
    );
  }
}
