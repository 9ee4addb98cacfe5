import { Kafka, logLevel } from 'kafkajs';
import { PGlite } from '@electric-sql/pglite';
import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, pgliteDatabase } from '@ledger/event-sourcing';
import { kafkaFeeds } from '@ledger/messaging';
import { kafkaBrokers, requireKafka, waitUntil } from '@ledger/testing';

const kafkaUp = requireKafka('Kafka consumer and schema versions');

/** Keeps what it was given: the event data and version as the read model saw them. */
class Seen implements Projection {
  readonly name = 'seen-versions';
  readonly version = 1;
  constructor(readonly schema: string) {}
  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.schema}.seen (
      event_id uuid PRIMARY KEY, schema_version int NOT NULL, data jsonb NOT NULL)`);
  }
  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.schema}.seen`);
  }
  handles(type: string): boolean {
    return type === 'FundsDisbursed';
  }
  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    await tx.query(`INSERT INTO ${this.schema}.seen VALUES ($1, $2, $3)`, [
      event.eventId,
      event.schemaVersion,
      JSON.stringify(event.data),
    ]);
  }
}

/**
 * Messages published before an upgrade (version 1, with no dataschema or naming v1) are
 * still on the topics: the distributed read models apply them as the current version.
 */
(kafkaUp ? describe : describe.skip)('a Kafka-fed read model given version 1 messages', () => {
  it('applies them upcast, and parks a message naming a version it does not know', async () => {
    const run = `v${process.pid}${Date.now().toString(36)}`;
    const kafka = new Kafka({
      clientId: 'versions-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const elsewhere = await PGlite.create();
    const db = pgliteDatabase(elsewhere);
    await db.query(`CREATE SCHEMA IF NOT EXISTS seen_schema`);
    const producer = kafka.producer();
    const admin = kafka.admin();
    const topic = `${run}.ledger.planning.events`;
    const feed = kafkaFeeds(
      { kind: 'kafka', brokers: kafkaBrokers(), topicPrefix: `${run}.`, groupPrefix: `${run}-` },
      db,
      'versions-test',
    ).feed(new Seen('seen_schema'));
    const v1 = {
      projectId: 'fixture-a',
      disbursementId: 'd-1',
      amount: '300000.00',
      source: 'special_bonds',
      paidOn: '2021-03-15',
      payee: '长春热力集团',
    };
    const headers = (id: string, position: string, dataschema?: string) => ({
      ce_specversion: '1.0',
      ce_id: id,
      ce_type: 'FundsDisbursed',
      ce_source: '/progress-ledger/test',
      ce_subject: 'project-fixture-a',
      ce_time: '2026-01-01T00:00:00.000Z',
      ce_sequence: position,
      'content-type': 'application/json',
      ...(dataschema ? { ce_dataschema: dataschema } : {}),
    });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
      await producer.connect();
      await producer.send({
        topic,
        messages: [
          // Published by a relay older than versions: no dataschema, version 1.
          {
            key: 'project-fixture-a',
            value: JSON.stringify(v1),
            headers: headers('01a00000-0000-7000-8000-0000000000a1', '1'),
          },
          {
            key: 'project-fixture-a',
            value: JSON.stringify({ ...v1, disbursementId: 'd-2', paidOn: '2021-05-20' }),
            headers: headers(
              '01a00000-0000-7000-8000-0000000000a2',
              '2',
              'urn:progress-ledger:event:FundsDisbursed:v1',
            ),
          },
          {
            key: 'project-fixture-a',
            value: JSON.stringify({
              ...v1,
              disbursementId: 'd-3',
              paidOn: '2021-07-01',
              validAt: '2021-07-01',
            }),
            headers: headers(
              '01a00000-0000-7000-8000-0000000000a3',
              '3',
              'urn:progress-ledger:event:FundsDisbursed:v2',
            ),
          },
          // A version from the future: parked, not guessed at.
          {
            key: 'project-fixture-a',
            value: JSON.stringify({ ...v1, disbursementId: 'd-4', validAt: '2021-07-02' }),
            headers: headers(
              '01a00000-0000-7000-8000-0000000000a4',
              '4',
              'urn:progress-ledger:event:FundsDisbursed:v9',
            ),
          },
          // Version 1 said, version 2 sent: refused by the v1 schema.
          {
            key: 'project-fixture-a',
            value: JSON.stringify({ ...v1, disbursementId: 'd-5', validAt: '2021-07-03' }),
            headers: headers(
              '01a00000-0000-7000-8000-0000000000a5',
              '5',
              'urn:progress-ledger:event:FundsDisbursed:v1',
            ),
          },
        ],
      });
      await feed.start();
      const rows = async () =>
        db.query<{ schema_version: number; data: Record<string, string> }>(
          `SELECT schema_version, data FROM seen_schema.seen ORDER BY data->>'disbursementId'`,
        );
      const parked = async () =>
        db.query<{ reason: string }>(
          `SELECT reason FROM seen_schema.parked_messages ORDER BY "offset"`,
        );
      await waitUntil(
        async () => (await rows()).length === 3 && (await parked()).length === 2,
        'three applied, two parked',
      );
      expect(
        (await rows()).map((r) => [r.schema_version, r.data.disbursementId, r.data.validAt]),
      ).toEqual([
        [2, 'd-1', '2021-03-15'],
        [2, 'd-2', '2021-05-20'],
        [2, 'd-3', '2021-07-01'],
      ]);
      const reasons = (await parked()).map((r) => r.reason);
      expect(reasons[0]).toMatch(/v9/);
      expect(reasons[1]).toMatch(/FundsDisbursed v1 does not match its schema/);
    } finally {
      await feed.stop();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await elsewhere.close();
    }
  }, 90_000);
});
