import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { PostgresEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS, catalogValidator } from '@ledger/contracts';
import { postgresDatabase } from '@ledger/event-sourcing';
import { KafkaProjectionConsumer, KafkaRelay } from '@ledger/messaging';
import { registeredChecks, serveHealth, storeProbes } from '@ledger/observability';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
} from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { EventCatalog, SERVICES } from '../../libs/contracts/src/catalog';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';
import { dropSchemas } from '../support/processes';
import { RunningPrometheus, prometheusInstalled, startPrometheus } from './prometheus-server';
import catalogJson from '../../libs/contracts/catalog/events.json';

const suite = 'prometheus e2e (relay and Kafka consumer)';
const enabled = requirePostgres(suite) && requireKafka(suite) && prometheusInstalled(suite);

/**
 * Distributed mode's figures as Prometheus reads them: a relay publishing the store and a
 * read model consuming the topics, in one process served as the relay serves itself.
 */
(enabled ? describe : describe.skip)('operations: relay and consumer metrics in Prometheus', () => {
  const schema = uniqueSchemaName('promk');
  const run = `${schema}.`;
  const topics = Object.fromEntries(Object.keys(SERVICES).map((s) => [s, `${run}${s}`]));
  const catalog = catalogJson as unknown as EventCatalog;
  const kafka = new Kafka({
    clientId: 'prom-kafka',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const group = `${run}reporting.project-register`;
  let raw: PostgresEventStore;
  let relay: KafkaRelay;
  let consumer: KafkaProjectionConsumer | undefined;
  let server: Server;
  let prometheus: RunningPrometheus;
  let removeStore: (() => void) | undefined;
  const value = (promql: string) => prometheus.value(promql);

  const newConsumer = () =>
    new KafkaProjectionConsumer(
      kafka,
      postgresDatabase(raw.pool),
      new ProjectRegisterProjection(`${schema}_reporting`),
      {
        groupId: group,
        topics: [topics.planning!, topics.reporting!],
        validate: catalogValidator(),
      },
    );

  beforeAll(async () => {
    raw = await PostgresEventStore.open({ connectionString: databaseUrl(), schema, poolSize: 4 });
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    for (const stream of syntheticProgramme({
      projects: 6,
      months: 3,
      disbursementsPerMonth: 1,
      seed: 11,
      dueOn: (p) => `${p}-12`,
    })) {
      await store.appendToStream(
        stream.streamId,
        stream.events.map((e) => ({
          type: e.type,
          data: e.data as never,
          metadata: { actor: 'test' },
        })),
      );
    }
    removeStore = storeProbes.add('store', {
      adapter: raw.adapter,
      headPosition: () => store.headPosition(),
    });
    const limits = { maxLagEvents: 1000, maxLagSeconds: 3600 };
    server = await serveHealth(registeredChecks(limits), 0);
    relay = new KafkaRelay(store, postgresDatabase(raw.pool), kafka, {
      name: 'kafka',
      schema: `${schema}_relay`,
      topics: Object.values(topics),
      topicFor: (type) => topics[catalog.events[type]?.service ?? ''],
      source: '/progress-ledger/test',
    });
    await relay.start();
    consumer = newConsumer();
    await consumer.start();
    prometheus = await startPrometheus([`127.0.0.1:${(server.address() as AddressInfo).port}`]);
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await consumer?.stop();
    await relay?.stop();
    removeStore?.();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await raw?.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
    await dropSchemas(schema);
  });

  it('shows what the relay published, the consumer’s lag, parked messages and redeliveries', async () => {
    const head = Number((await raw.headPosition())!);
    const published = async () => {
      const counts = await prometheus.query('sum by (topic) (ledger_relay_published_total)');
      return Object.fromEntries(counts.map((s) => [s.metric.topic!, Number(s.value[1])]));
    };
    await prometheus.until(
      async () =>
        (await value('ledger_relay_position')) === head &&
        (await value('ledger_relay_lag_events')) === 0,
      'the relay at the head, lag 0',
    );
    // Every event went to its service's topic, once.
    const byTopic = await published();
    expect(Object.values(byTopic).reduce((n, c) => n + c, 0)).toBe(head);
    const consumed = (byTopic[topics.planning!] ?? 0) + (byTopic[topics.reporting!] ?? 0);
    expect(consumed).toBeGreaterThan(0);

    // A message that is no event: parked, and the consumer goes on.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.planning!,
      messages: [{ key: 'x', value: '{not json', headers: { ce_id: 'not-an-id', ce_type: 'X' } }],
    });
    await producer.disconnect();

    const lagOf = `sum(ledger_consumer_lag_messages{group="${group}"})`;
    await prometheus.until(
      async () =>
        (await value(`ledger_consumer_parked_messages{group="${group}"}`)) === 1 &&
        (await value(lagOf)) === 0,
      'the bad message parked and every offset committed',
    );
    expect({
      connected: await value(`ledger_consumer_connected{group="${group}"}`),
      held: await value(`ledger_consumer_held_events{group="${group}"}`),
      partitions: (await prometheus.query(`ledger_consumer_lag_messages{group="${group}"}`)).length,
      redeliveries: await value(`sum(ledger_consumer_redeliveries_total{group="${group}"})`),
      ready: await value('ledger_ready'),
    }).toEqual({ connected: 1, held: 0, partitions: 6, redeliveries: null, ready: 1 });

    // The group's offsets moved back to the start (as after a lost commit): everything comes
    // again, is counted as redelivered, and is applied no second time.
    await consumer!.stop();
    const admin = kafka.admin();
    await admin.connect();
    for (const topic of [topics.planning!, topics.reporting!]) {
      await admin.resetOffsets({ groupId: group, topic, earliest: true });
    }
    await admin.disconnect();
    await prometheus.nextScrape();
    expect(await value(`ledger_consumer_connected{group="${group}"}`)).toBeNull();
    consumer = newConsumer();
    await consumer.start();
    await prometheus.until(
      async () =>
        (await value(`sum(ledger_consumer_redeliveries_total{group="${group}"})`)) === consumed &&
        (await value(lagOf)) === 0,
      'every message redelivered and committed again',
    );
    expect(await value(`ledger_consumer_parked_messages{group="${group}"}`)).toBe(1);
  }, 90_000);
});
