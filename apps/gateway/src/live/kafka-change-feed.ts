import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Consumer, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { SERVICES } from '@ledger/contracts';
import { ProjectionSource, projectionSourceFromEnv } from '@ledger/messaging';
import { LedgerChange, projectIdIn, serviceOf } from './ledger-change';
import { LedgerChangeFeed } from './ledger-change-feed';

export type LiveKafkaSource = Omit<Extract<ProjectionSource, { kind: 'kafka' }>, 'kind'>;

/**
 * The gateway alone has no store: its notices come from the topics the relay publishes, when
 * KAFKA_BROKERS names the brokers (read as the services read it, with the same prefixes).
 */
export function liveKafkaSourceFromEnv(env: NodeJS.ProcessEnv): LiveKafkaSource | null {
  if (!env.KAFKA_BROKERS) return null;
  const source = projectionSourceFromEnv({ ...env, PROJECTION_SOURCE: 'kafka' });
  if (source.kind !== 'kafka') return null;
  const { brokers, topicPrefix, groupPrefix } = source;
  return { brokers, topicPrefix, groupPrefix };
}

/** Event ids remembered to drop a redelivered message (the relay publishes at least once). */
const REMEMBERED_IDS = 10_000;
const JOIN_TIMEOUT_MS = 30_000;

/**
 * Distributed mode: every topic of the catalogue, read by a consumer group of this gateway
 * instance alone (each instance must see every notice, so instances never share a group),
 * from the latest offset. Nothing is committed: a restarted gateway starts from "now" again,
 * and a group with no offsets leaves nothing behind on the broker once it is empty.
 */
export class KafkaChangeFeed implements LedgerChangeFeed {
  readonly source: string;
  readonly whileSubscribed = false;
  private consumer: Consumer | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly kafka: LiveKafkaSource,
    private readonly groupId = `${kafka.groupPrefix}gateway-live.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`,
  ) {
    this.source = `Kafka at ${kafka.brokers.join(',')} (group ${this.groupId})`;
  }

  async follow(onChange: (change: LedgerChange) => void): Promise<void> {
    const client = new Kafka({
      clientId: 'progress-ledger-gateway-live',
      brokers: this.kafka.brokers,
      logLevel: logLevel.WARN,
    });
    const consumer = client.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no group join in ${JOIN_TIMEOUT_MS} ms`)),
        JOIN_TIMEOUT_MS,
      );
      consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: Object.values(SERVICES).map(({ topic }) => `${this.kafka.topicPrefix}${topic}`),
      fromBeginning: false,
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ message }) => {
        const change = this.changeOf(message);
        if (change) onChange(change);
        return Promise.resolve();
      },
    });
    await joined;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  /** A CloudEvent (binary mode, libs/messaging/src/cloud-event.ts) as a notice, or null. */
  private changeOf(message: KafkaMessage): LedgerChange | null {
    // Consumed header values arrive as Buffers.
    const header = (name: string): string => {
      const value = message.headers?.[name];
      return value === undefined ? '' : String(Array.isArray(value) ? value[0] : value);
    };
    const id = header('ce_id');
    const type = header('ce_type');
    const position = header('ce_sequence');
    const recordedAt = new Date(header('ce_time'));
    if (!id || !type || !/^\d+$/.test(position) || Number.isNaN(recordedAt.getTime())) return null;
    if (this.seen.has(id)) return null;
    this.remember(id);
    let data: unknown;
    try {
      data = JSON.parse(message.value === null ? '' : String(message.value));
    } catch {
      // Which project it is about cannot be read: announcing it to everyone could tell a
      // scoped reader of a project outside its scope, so it is not announced at all.
      return null;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
    return {
      position,
      type,
      service: serviceOf(type),
      streamId: header('ce_subject'),
      projectId: projectIdIn(data),
      recordedAt: recordedAt.toISOString(),
    };
  }

  private remember(id: string): void {
    if (this.seen.size >= REMEMBERED_IDS) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.seen.add(id);
  }
}
