import { Kafka, logLevel } from 'kafkajs';
import { catalogValidator } from '@ledger/contracts';
import { EventStore } from '@ledger/event-store';
import {
  DeadLetterReplayer,
  DeadLetterSource,
  Projection,
  ProjectionFeed,
  ProjectionRunner,
  SqlDatabase,
  storeEventReplayer,
} from '@ledger/event-sourcing';
import { KafkaProjectionConsumer } from './kafka-projection-consumer';

/**
 * Replays a parked message through its consumer's rules as they are now: read again from
 * the stored headers and value (today's validation and upcasting), then consumed in the
 * replay's transaction with its dedup record, so it is applied once however often it is
 * replayed or redelivered. A message still not an event throws its reason.
 */
export function parkedMessageReplayer(consumer: KafkaProjectionConsumer): DeadLetterReplayer {
  return {
    async replay(tx, letter, message) {
      if (message === null) throw new Error(`${letter.id} keeps no message to read again`);
      const event = consumer.readMessage(message.headers, message.value);
      if (typeof event === 'string') throw new Error(event);
      const { redelivered, applied } = await consumer.consumeIn(tx, event);
      return { result: redelivered ? 'already_applied' : 'applied', applied };
    },
  };
}

/**
 * How a read model's dead letters are replayed, whatever feeds it now: events it failed on
 * from the store's log (kept from a store-fed run, or standalone), and messages it parked
 * when Kafka feeds it.
 */
export function deadLetterSourceOf(feed: ProjectionFeed, store: EventStore): DeadLetterSource {
  return {
    projection: feed.projection,
    replayers: {
      projection_event: storeEventReplayer(store, feed.projection),
      ...(feed instanceof KafkaProjectionConsumer
        ? { kafka_message: parkedMessageReplayer(feed) }
        : {}),
    },
    ...(feed instanceof KafkaProjectionConsumer || feed instanceof ProjectionRunner
      ? { afterReplay: feed.afterCommit }
      : {}),
  };
}

/**
 * For tools outside the services (the operators' CLI): a read model's dead letters replayed
 * under the rules its Kafka consumer applies (the catalog's validation, the contracts'
 * upcasters, the dedup record), by a consumer that is never started.
 */
export function offlineDeadLetterSource(
  projection: Projection,
  db: SqlDatabase,
  store: EventStore,
): DeadLetterSource {
  const detached = new KafkaProjectionConsumer(
    new Kafka({
      clientId: 'dead-letters-cli',
      brokers: ['127.0.0.1:9'],
      logLevel: logLevel.NOTHING,
    }),
    db,
    projection,
    { groupId: 'dead-letters-cli', topics: [], validate: catalogValidator() },
  );
  return {
    projection,
    replayers: {
      projection_event: storeEventReplayer(store, projection),
      kafka_message: parkedMessageReplayer(detached),
    },
  };
}
