import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { Kafka, logLevel } from 'kafkajs';
import { PGlite } from '@electric-sql/pglite';
import { PgliteEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { ProjectionRunner, pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaProjectionConsumer, KafkaRelay } from '@ledger/messaging';
import { kafkaBrokers, requireKafka, waitUntil } from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { EventCatalog, SERVICES } from '../../libs/contracts/src/catalog';
import { catalogValidator } from '../../libs/contracts/src/event-validator';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const kafkaUp = requireKafka('Kafka projection consumer');

(kafkaUp ? describe : describe.skip)('a read model fed from Kafka (distributed mode)', () => {
  it('converges with the store-fed one, survives a consumer restart, parks bad messages', async () => {
    const run = `k${process.pid}${Date.now().toString(36)}`;
    const topics = Object.fromEntries(Object.keys(SERVICES).map((s) => [s, `${run}.${s}`]));
    const catalog = JSON.parse(
      readFileSync(join(__dirname, '../../libs/contracts/catalog/events.json'), 'utf8'),
    ) as EventCatalog;
    const ajv = new Ajv({ strict: false });
    const validators = Object.fromEntries(
      Object.entries(catalog.events).map(([t, e]) => [t, ajv.compile(e.schema)]),
    );
    const kafka = new Kafka({
      clientId: 'consumer-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });

    // The source: a SYNTHETIC programme in the store, published by the relay.
    const raw = await PgliteEventStore.open();
    // Written as the services write: every type at its current version.
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    for (const stream of syntheticProgramme({
      projects: 14,
      months: 6,
      disbursementsPerMonth: 2,
      seed: 5,
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
    const head = (await store.headPosition())!;
    const relay = new KafkaRelay(store, pgliteDatabase(raw.db), kafka, {
      name: 'relay',
      schema: 'relay',
      topics: Object.values(topics),
      topicFor: (type) => topics[catalog.events[type]?.service ?? ''],
      source: '/progress-ledger/test',
    });
    await relay.start();

    // The reference: the same projection fed from the store.
    const reference = new ProjectionRunner(
      store,
      pgliteDatabase(raw.db),
      new ProjectRegisterProjection('reference'),
    );
    await reference.start();
    await reference.catchUpTo(head);

    // The reporting service elsewhere: its own database, fed only from Kafka.
    const elsewhere = await PGlite.create();
    const db = pgliteDatabase(elsewhere);
    const consumer = () =>
      new KafkaProjectionConsumer(kafka, db, new ProjectRegisterProjection('reporting'), {
        groupId: `${run}-reporting`,
        topics: [topics.planning!, topics.reporting!],
        // The current schema for current messages; the bad one below names no version (1).
        validate: (type, version, value) => {
          const entry = catalog.events[type];
          if (entry && version !== entry.version) return catalogValidator()(type, version, value);
          const validate = validators[type];
          if (!validate) return `unknown event type ${type}`;
          return validate(value) ? null : ajv.errorsText(validate.errors);
        },
      });
    const consumed = async () =>
      Number(
        (
          await elsewhere.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM reporting.consumed_events',
          )
        ).rows[0]?.n ?? 0,
      );
    const until = (check: () => Promise<boolean>, what: string) => waitUntil(check, what);

    const first = consumer();
    await first.start();
    await until(async () => (await consumed()) > 50, 'a first part consumed');
    await first.stop(); // killed mid-stream: offsets since the last commit come again

    // Bad input on the topic: not JSON, and a disbursement whose amount is a number.
    const producer = kafka.producer();
    await producer.connect();
    const headers = (type: string, id: string) => ({
      ce_specversion: '1.0',
      ce_id: id,
      ce_type: type,
      ce_sequence: '999999',
      ce_subject: 'x',
      'content-type': 'application/json',
    });
    await producer.send({
      topic: topics.planning!,
      messages: [
        {
          key: 'x',
          value: '{not json',
          headers: headers('FundsDisbursed', '01a00000-0000-7000-8000-000000000001'),
        },
        {
          key: 'x',
          value: JSON.stringify({
            projectId: 'x',
            disbursementId: 'd',
            amount: 5,
            source: 'ppp',
            paidOn: '2021-01-01',
            payee: 'p',
          }),
          headers: headers('FundsDisbursed', '01a00000-0000-7000-8000-000000000002'),
        },
      ],
    });
    await producer.disconnect();

    const second = consumer();
    await second.start();
    const register = (schema: string) =>
      `SELECT project_id, status, disbursed::text, reported_cumulative::text, last_reported_period FROM ${schema}.project_register ORDER BY project_id`;
    const reports = (schema: string) =>
      `SELECT project_id, period, cumulative_investment::text, corrections FROM ${schema}.dispatch_reports ORDER BY project_id, period`;
    const expectedRegister = (await raw.db.query(register('reference'))).rows;
    const expectedReports = (await raw.db.query(reports('reference'))).rows;
    await until(
      async () =>
        JSON.stringify((await elsewhere.query(register('reporting'))).rows) ===
        JSON.stringify(expectedRegister),
      'the register to converge',
    );
    await until(
      async () =>
        JSON.stringify((await elsewhere.query(reports('reporting'))).rows) ===
        JSON.stringify(expectedReports),
      'the reports to converge',
    );

    // The bad messages came after the rest of their partition: wait until the consumer parks them.
    await until(async () => {
      const { rows } = await elsewhere.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM reporting.parked_messages',
      );
      return (rows[0]?.n ?? 0) >= 2;
    }, 'the bad messages to be parked');
    const parked = (
      await elsewhere.query<{ reason: string }>(
        'SELECT reason FROM reporting.parked_messages ORDER BY "offset"',
      )
    ).rows;
    expect(parked.map((p) => p.reason)).toEqual([
      'the value is not JSON',
      expect.stringContaining('FundsDisbursed v1 does not match its schema'),
    ]);
    expect((await elsewhere.query(register('reporting'))).rows).toEqual(expectedRegister);

    await second.stop();
    await relay.stop();
    await reference.stop();
    await elsewhere.close();
    await store.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  }, 120_000);
});
