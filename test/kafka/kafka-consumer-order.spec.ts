import { Kafka, logLevel } from 'kafkajs';
import { PGlite } from '@electric-sql/pglite';
import { PgliteEventStore, RecordedEvent, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { ProjectionRunner, pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaProjectionConsumer, toCloudEvent } from '@ledger/messaging';
import { kafkaBrokers, requireKafka, waitUntil } from '@ledger/testing';
import { ProjectFactsProjection } from '../../apps/assessment/src/project-facts/project-facts.projection';
import { catalogValidator } from '../../libs/contracts/src/event-validator';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const kafkaUp = requireKafka('Kafka consumer ordering');

/**
 * Kafka orders messages per partition, not across topics. Here every dispatch report (the
 * reporting topic) is published before any planning event, the worst case: the assessment's
 * facts must still equal those folded from the store's log.
 */
(kafkaUp ? describe : describe.skip)('a consumer fed across topics out of order', () => {
  it('holds back events whose project has not arrived, then applies them in log order', async () => {
    const run = `o${process.pid}${Date.now().toString(36)}`;
    const topics = { planning: `${run}.planning`, reporting: `${run}.reporting` };
    const kafka = new Kafka({
      clientId: 'order-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const raw = await PgliteEventStore.open();
    // Written as the services write: every type at its current version.
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    const elsewhere = await PGlite.create();
    const admin = kafka.admin();
    const producer = kafka.producer();
    const log: string[] = [];
    const consumer = new KafkaProjectionConsumer(
      kafka,
      pgliteDatabase(elsewhere),
      new ProjectFactsProjection('assessment'),
      {
        groupId: `${run}-facts`,
        topics: Object.values(topics),
        validate: catalogValidator(),
        log: (m) => log.push(m),
      },
    );
    const reference = new ProjectionRunner(
      store,
      pgliteDatabase(raw.db),
      new ProjectFactsProjection('reference'),
    );
    try {
      // SYNTHETIC programme: project streams and dispatch report streams.
      for (const stream of syntheticProgramme({
        projects: 6,
        months: 4,
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
      const all = await store.readAll({ maxCount: 10_000 });
      const isReport = (e: RecordedEvent) => e.type.startsWith('DispatchReport');
      const reports = all.filter(isReport);
      const planning = all.filter((e) => !isReport(e));
      expect(reports.length).toBeGreaterThan(10);

      await admin.connect();
      await admin.createTopics({
        topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })),
        waitForLeaders: true,
      });
      await producer.connect();
      const send = (topic: string, events: RecordedEvent[]) =>
        producer.send({ topic, messages: events.map((e) => toCloudEvent(e, '/test')) });
      await send(topics.reporting, reports);
      await consumer.start();
      const held = async () =>
        Number(
          (
            await elsewhere.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM assessment.held_events',
            )
          ).rows[0]?.n,
        );
      await waitUntil(async () => (await held()) === reports.length, 'every report held back');
      await send(topics.planning, planning);

      await reference.start();
      await reference.catchUpTo(all[all.length - 1]!.globalPosition);
      const facts = (schema: string) =>
        `SELECT project_id, facts FROM ${schema}.project_facts ORDER BY project_id`;
      const expected = (await raw.db.query(facts('reference'))).rows;
      expect(expected.length).toBe(
        planning.filter((e) => e.type === 'ProjectProposed' || e.type === 'ProjectListedInPlan')
          .length,
      );
      await waitUntil(
        async () =>
          JSON.stringify((await elsewhere.query(facts('assessment'))).rows) ===
          JSON.stringify(expected),
        'the facts to converge with the store-fed ones',
      );
      expect(await held()).toBe(0);
      expect(log.some((m) => /DispatchReport\w+ @\d+ waits for /.test(m))).toBe(true);
      // A command's answer waits for its own event: here, the last report.
      await expect(
        consumer.waitFor(reports[reports.length - 1]!.globalPosition, 5_000),
      ).resolves.toBeUndefined();
      await expect(consumer.waitFor(10_000_000n, 200)).rejects.toThrow(/not consumed/);
    } finally {
      await consumer.stop();
      await reference.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
      await admin.disconnect();
      await elsewhere.close();
      await store.close();
    }
  }, 120_000);
});
