import { Kafka, logLevel } from 'kafkajs';
import { PGlite } from '@electric-sql/pglite';
import { PgliteEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { ProjectionRunner, pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaProjectionConsumer, toCloudEvent } from '@ledger/messaging';
import { kafkaBrokers, requireKafka, waitUntil } from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { catalogValidator } from '../../libs/contracts/src/event-validator';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const kafkaUp = requireKafka('Kafka consumer redelivery');

/**
 * At-least-once means the same message can come again: after a rebalance, after a crash
 * before the offset commit, or because the relay itself published twice. Here every event
 * is published, then every disbursement again; they add up, so one applied twice would show.
 */
(kafkaUp ? describe : describe.skip)('a consumer given every message twice', () => {
  it('applies each event once and counts the redeliveries', async () => {
    const run = `r${process.pid}${Date.now().toString(36)}`;
    const topic = `${run}.planning`;
    const kafka = new Kafka({
      clientId: 'redelivery-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const raw = await PgliteEventStore.open();
    // Written as the services write: every type at its current version.
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    const elsewhere = await PGlite.create();
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = new KafkaProjectionConsumer(
      kafka,
      pgliteDatabase(elsewhere),
      new ProjectRegisterProjection('reporting'),
      { groupId: `${run}-register`, topics: [topic], validate: catalogValidator() },
    );
    const reference = new ProjectionRunner(
      store,
      pgliteDatabase(raw.db),
      new ProjectRegisterProjection('reference'),
    );
    try {
      for (const stream of syntheticProgramme({
        projects: 8,
        months: 3,
        disbursementsPerMonth: 3,
        seed: 7,
        dueOn: (p) => `${p}-12`,
      })) {
        const planning = stream.events.filter((e) => !e.type.startsWith('DispatchReport'));
        if (planning.length === 0) continue;
        await store.appendToStream(
          stream.streamId,
          planning.map((e) => ({
            type: e.type,
            data: e.data as never,
            metadata: { actor: 'test' },
          })),
        );
      }
      const all = await store.readAll({ maxCount: 10_000 });
      const disbursements = all.filter((e) => e.type === 'FundsDisbursed').length;
      expect(disbursements).toBeGreaterThan(20);
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await producer.connect();
      await producer.send({ topic, messages: all.map((e) => toCloudEvent(e, '/test')) });
      // Again, only the disbursements: a whole stream again would start with the project's
      // first event, which resets its row and would hide a double application.
      const again = all.filter((e) => e.type === 'FundsDisbursed');
      await producer.send({ topic, messages: again.map((e) => toCloudEvent(e, '/test')) });
      await consumer.start();
      await reference.start();
      await reference.catchUpTo(all[all.length - 1]!.globalPosition);
      const query = (schema: string) =>
        `SELECT project_id, status, disbursed::text FROM ${schema}.project_register ORDER BY project_id`;
      const redeliveries = async () =>
        Number(
          (
            await elsewhere.query<{ n: number }>(
              'SELECT coalesce(sum(redeliveries), 0)::int AS n FROM reporting.consumed_events',
            )
          ).rows[0]?.n,
        );
      await waitUntil(
        async () => (await redeliveries()) >= again.length,
        'every message read twice',
      );
      expect(await redeliveries()).toBe(again.length);
      expect((await elsewhere.query(query('reporting'))).rows).toEqual(
        (await raw.db.query(query('reference'))).rows,
      );
    } finally {
      await consumer.stop();
      await reference.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await elsewhere.close();
      await store.close();
    }
  }, 120_000);
});
