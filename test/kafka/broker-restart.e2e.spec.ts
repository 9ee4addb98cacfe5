import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { PgliteEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import { requireKafka } from '@ledger/testing';
import { freePort, until } from '../support/processes';

const run = promisify(execFile);
const broker = join(__dirname, '..', '..', 'tools', 'kafka', 'broker.sh');
// The shared broker being up proves Java and the jars are here; this test runs its own.
const up = requireKafka('broker restart');

(up ? describe : describe.skip)('a broker stopped and restarted while the relay publishes', () => {
  it('loses nothing and keeps per-stream order once the broker is back', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ledger-kafka-'));
    const port = await freePort();
    const env = {
      ...process.env,
      KAFKA_HOME: home,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
    };
    const brokers = [`127.0.0.1:${port}`];
    const kafka = new Kafka({ clientId: 'restart-test', brokers, logLevel: logLevel.NOTHING });
    const raw = await PgliteEventStore.open();
    // Written as the services write: every type at its current version.
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    const log: string[] = [];
    const relay = new KafkaRelay(store, pgliteDatabase(raw.db), kafka, {
      name: 'restart',
      schema: 'relay',
      topics: ['ledger.planning.events'],
      topicFor: () => 'ledger.planning.events',
      source: '/progress-ledger/restart-test',
      batchSize: 100,
      log: (m) => log.push(m),
    });
    let appended = 0;
    const append = async (count: number) => {
      for (let n = 0; n < count; n++, appended++) {
        await store.appendToStream(`project-r${appended % 25}`, [
          {
            type: 'FundsDisbursed',
            data: {
              projectId: `r${appended % 25}`,
              disbursementId: `d${appended}`,
              amount: '1.00',
              source: 'ppp',
              paidOn: '2021-01-01',
              payee: 'p',
            },
            metadata: { actor: 'test' },
          },
        ]);
      }
    };
    try {
      await run(broker, ['start'], { env });
      await append(600);
      await relay.start();
      await until(async () => (relay.checkpoint ?? 0n) >= 300n, 'the relay to publish');
      // Stopped while the relay has a backlog, and more appended while it is down.
      const appending = append(900);
      await run(broker, ['stop'], { env });
      await appending;
      await new Promise((r) => setTimeout(r, 2_000));
      const head = (await store.headPosition())!;
      expect(relay.checkpoint!).toBeLessThan(head); // it really had to wait for the broker
      await run(broker, ['start'], { env });
      await until(async () => (relay.checkpoint ?? 0n) >= head, 'the relay to catch up', 120_000);
      // kafkajs' own retries may bridge the outage, or the relay restarts from its checkpoint.
      if (log.length > 0) expect(log.join('\n')).toMatch(/retrying/);

      const seen: Array<{ key: string; id: string; sequence: bigint }> = [];
      const consumer = kafka.consumer({ groupId: 'restart-check' });
      await consumer.connect();
      await consumer.subscribe({ topics: ['ledger.planning.events'], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.push({
            key: String(message.key),
            id: String(message.headers?.ce_id),
            sequence: BigInt(String(message.headers?.ce_sequence)),
          });
        },
      });
      await until(async () => new Set(seen.map((s) => s.id)).size >= 1500, 'every event read');
      await consumer.disconnect();

      const stored = await store.readAll({ maxCount: 10_000 });
      expect(new Set(seen.map((s) => s.id))).toEqual(new Set(stored.map((e) => e.eventId)));
      for (const key of new Set(seen.map((s) => s.key))) {
        const first = new Set<string>();
        const order = seen
          .filter((s) => s.key === key && !first.has(s.id) && first.add(s.id))
          .map((s) => s.sequence);
        expect(order).toEqual([...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    } finally {
      await relay.stop().catch(() => undefined);
      await store.close();
      await run(broker, ['stop'], { env }).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
