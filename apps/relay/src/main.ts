import 'reflect-metadata';
import { Kafka, logLevel } from 'kafkajs';
import { Logger } from '@nestjs/common';
import {
  eventStoreConfigFromEnv,
  openEventStore,
  PgliteEventStore,
  PostgresEventStore,
  withVersioning,
} from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { SqlDatabase, pgliteDatabase, postgresDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import {
  readinessLimitsFromEnv,
  relayCaughtUp,
  serveHealth,
  storeAnswers,
  storeProbes,
} from '@ledger/observability';
import { SERVICES, topicFor } from './topics';

/**
 * Distributed mode: publishes every event in the store to Kafka (KAFKA_BROKERS), one topic
 * per service. Run one per store; a second one would publish everything twice.
 */
async function main(): Promise<void> {
  // Checked before anything opens: a wrong setting stops the start with its name.
  const limits = readinessLimitsFromEnv();
  const port = Number(process.env.PORT ?? '4005');
  const raw = await openEventStore(eventStoreConfigFromEnv());
  // Every event is published at its type's current version (dataschema names it): readers
  // of the topics see the shapes the catalog publishes as current.
  const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
  let db: SqlDatabase;
  if (raw instanceof PostgresEventStore) db = postgresDatabase(raw.pool);
  else if (raw instanceof PgliteEventStore) db = pgliteDatabase(raw.db);
  else throw new Error('the relay keeps its checkpoint in SQL: use EVENT_STORE=postgres or pglite');
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',');
  // Topics may be prefixed (KAFKA_TOPIC_PREFIX) so that tests and environments share a broker.
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const logger = new Logger('Relay');
  const relay = new KafkaRelay(
    store,
    db,
    new Kafka({ clientId: 'progress-ledger-relay', brokers, logLevel: logLevel.WARN }),
    {
      name: 'kafka',
      schema: process.env.RELAY_SCHEMA ?? 'relay',
      topics: Object.values(SERVICES).map((s) => `${prefix}${s.topic}`),
      topicFor: (type) => {
        const topic = topicFor(type);
        return topic === undefined ? undefined : `${prefix}${topic}`;
      },
      source: '/progress-ledger',
      log: (message) => logger.warn(message),
    },
  );
  storeProbes.add('store', { adapter: raw.adapter, headPosition: () => store.headPosition() });
  // Live and metrics answer while the relay connects; ready once it publishes within limits.
  const health = await serveHealth(
    [storeAnswers(), relayCaughtUp(limits, { expected: true })],
    port,
    process.env.HOST ?? '127.0.0.1',
  );
  await relay.start();
  logger.log(
    `publishing the store to ${brokers.join(',')} from position ${relay.checkpoint ?? 'start'}; /health/ready and /metrics on port ${port}`,
  );
  const shutdown = async () => {
    health.close();
    await relay.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

void main();
