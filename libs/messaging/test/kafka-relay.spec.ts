import { Kafka, logLevel } from 'kafkajs';
import { PgliteEventStore } from '@ledger/event-store';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import { kafkaBrokers, requireKafka, waitUntil } from '@ledger/testing';

interface Received {
  topic: string;
  key: string;
  id: string;
  sequence: bigint;
  headers: Record<string, string>;
  value: unknown;
}

const kafkaUp = requireKafka('Kafka relay');

(kafkaUp ? describe : describe.skip)('Kafka relay against a real broker (kafkajs 2.2.4)', () => {
  const run = `t${process.pid}${Date.now().toString(36)}`;
  const topics = { planning: `${run}.planning.events`, reporting: `${run}.reporting.events` };
  const kafka = new Kafka({
    clientId: 'ledger-test',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  let store: PgliteEventStore;
  const received: Received[] = [];
  const consumer = kafka.consumer({ groupId: `${run}-consumer` });

  beforeAll(async () => {
    store = await PgliteEventStore.open();
  });
  afterAll(async () => {
    await consumer.disconnect();
    await store.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  });

  const relay = () =>
    new KafkaRelay(store, pgliteDatabase(store.db), kafka, {
      name: 'test-relay',
      schema: 'relay',
      topics: Object.values(topics),
      topicFor: (type) =>
        type.startsWith('Dispatch')
          ? topics.reporting
          : type.startsWith('Project')
            ? topics.planning
            : undefined,
      source: '/progress-ledger/test',
      batchSize: 50,
    });
  const append = async (stream: string, type: string, n: number) => {
    for (let i = 0; i < n; i++) {
      await store.appendToStream(stream, [
        {
          type,
          data: { stream, i, amount: '12.50' },
          metadata: { actor: 'test', validAt: '2021-05-01T00:00:00+08:00' },
        },
      ]);
    }
  };
  const until = (check: () => boolean, what: string) =>
    waitUntil(check, what, { timeoutMs: 30_000 });

  it('publishes every event once per run, keyed by stream, in the CloudEvents binary binding', async () => {
    // Ten streams in two services, and one type no topic takes.
    for (let s = 0; s < 5; s++) await append(`project-p${s}`, 'ProjectProposed', 12);
    for (let s = 0; s < 5; s++)
      await append(`dispatch-reports-p${s}`, 'DispatchReportSubmitted', 8);
    await append('other-1', 'SomethingInternal', 3);

    const first = relay();
    await first.start();
    await consumer.connect();
    await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        // Consumed header values arrive as Buffers.
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        received.push({
          topic,
          key: String(message.key),
          id: headers.ce_id!,
          sequence: BigInt(headers.ce_sequence!),
          headers,
          value: JSON.parse(String(message.value)) as unknown,
        });
      },
    });
    await until(() => received.length >= 100, '100 messages');

    // A crash: the relay goes away; more is appended; a new relay resumes from the checkpoint.
    await first.stop();
    for (let s = 0; s < 5; s++) await append(`project-p${s}`, 'ProjectApproved', 4);
    const second = relay();
    await second.start();
    await until(() => new Set(received.map((r) => r.id)).size >= 120, '120 distinct events');
    await second.stop();

    const byId = new Map(received.map((r) => [r.id, r]));
    expect(byId.size).toBe(120); // 60 + 40 + 20: every event, nothing lost; the internal type stays in
    expect(received.filter((r) => r.topic === topics.reporting)).toHaveLength(40);
    // Per stream, the order of the log: sequences increase along each key.
    for (const key of new Set(received.map((r) => r.key))) {
      const sequences = received.filter((r) => r.key === key).map((r) => r.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    const sample = received.find((r) => r.key === 'project-p0')!;
    expect(sample.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'ProjectProposed',
      ce_source: '/progress-ledger/test',
      ce_subject: 'project-p0',
      ce_actor: 'test',
      ce_validtime: '2021-05-01T00:00:00+08:00',
      'content-type': 'application/json',
    });
    expect(new Date(sample.headers.ce_time!).getTime()).not.toBeNaN();
    expect(sample.value).toEqual({ stream: 'project-p0', i: 0, amount: '12.50' });
    const stored = await store.readStream('project-p0');
    expect(sample.id).toBe(stored[0]!.eventId);
  }, 90_000);
});
