import { Kafka, logLevel } from 'kafkajs';
import { FeedOptions, ProjectionFeeds, SqlDatabase } from '@ledger/event-sourcing';
import { catalogValidator, topicsCarrying } from '@ledger/contracts';
import { brokersSetting, enumSetting, kafkaPrefixSetting } from '@ledger/domain-kernel';
import { ConsumerOptions, KafkaProjectionConsumer } from './kafka-projection-consumer';

/** Where read models take their events from: the store (default) or Kafka. */
export type ProjectionSource =
  | { kind: 'store' }
  | { kind: 'kafka'; brokers: string[]; topicPrefix: string; groupPrefix: string };

export function projectionSourceFromEnv(env: NodeJS.ProcessEnv = process.env): ProjectionSource {
  const kind = enumSetting(env, 'PROJECTION_SOURCE', ['store', 'kafka'] as const, 'store');
  if (kind === 'store') return { kind };
  return {
    kind,
    brokers: brokersSetting(env, 'KAFKA_BROKERS'),
    topicPrefix: kafkaPrefixSetting(env, 'KAFKA_TOPIC_PREFIX', ''),
    groupPrefix: kafkaPrefixSetting(env, 'KAFKA_GROUP_PREFIX', 'progress-ledger.'),
  };
}

/**
 * Distributed mode: each read model is a consumer group of its own over the topics that
 * carry the event types it handles; messages are checked against the event catalog at the
 * version they name, and read in their type's current version.
 */
export function kafkaFeeds(
  source: Extract<ProjectionSource, { kind: 'kafka' }>,
  db: SqlDatabase,
  clientId: string,
  /** A test's stand-in for the catalog's validation (a schema that is wrong, then fixed). */
  overrides: Pick<ConsumerOptions, 'validate'> = {},
): ProjectionFeeds {
  const kafka = new Kafka({ clientId, brokers: source.brokers, logLevel: logLevel.WARN });
  const validate = overrides.validate ?? catalogValidator();
  return {
    feed: (projection, options: FeedOptions = {}) =>
      new KafkaProjectionConsumer(kafka, db, projection, {
        groupId: `${source.groupPrefix}${projection.name}`,
        topics: topicsCarrying((type) => projection.handles(type)).map(
          (topic) => `${source.topicPrefix}${topic}`,
        ),
        validate,
        log: options.log,
        afterCommit: options.afterCommit,
      }),
  };
}
