import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
  waitUntil,
} from '@ledger/testing';

const root = join(__dirname, '..', '..');
const up = requireKafka('relay faults') && requirePostgres('relay faults');

/** The relay as its own process, as in distributed mode. */
function startRelay(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'apps/relay/src/main.ts',
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' },
  );
}

(up ? describe : describe.skip)(
  'relay faults: the relay process killed with SIGKILL mid-stream',
  () => {
    it('loses nothing and keeps per-stream order (duplicates allowed, gaps not)', async () => {
      const schema = uniqueSchemaName('faults');
      const prefix = `${schema}.`;
      const env = {
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl(),
        EVENT_STORE_SCHEMA: schema,
        RELAY_SCHEMA: `${schema}_relay`,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
      };
      const store = await PostgresEventStore.open({
        connectionString: databaseUrl(),
        schema,
        poolSize: 4,
      });
      const checkpoint = async (): Promise<bigint> => {
        const rows = await store.pool
          .query<{ position: string }>(
            `SELECT position::text AS position FROM "${schema}_relay".relay_checkpoints`,
          )
          .catch(() => ({ rows: [] as Array<{ position: string }> }));
        return BigInt(rows.rows[0]?.position ?? '0');
      };
      const until = (check: () => Promise<boolean>, what: string, ms = 60_000) =>
        waitUntil(check, what, { timeoutMs: ms });
      const append = async (from: number, count: number) => {
        for (let i = from; i < from + count; i++) {
          await store.appendToStream(`project-f${i % 20}`, [
            {
              type: 'FundsDisbursed',
              data: {
                projectId: `f${i % 20}`,
                disbursementId: `d${i}`,
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
      const kafka = new Kafka({
        clientId: 'faults',
        brokers: kafkaBrokers(),
        logLevel: logLevel.NOTHING,
      });
      let relay: ChildProcess | undefined;
      try {
        await append(0, 1500);
        relay = startRelay(env);
        await until(async () => (await checkpoint()) > 300n, 'the relay to start publishing');
        relay.kill('SIGKILL'); // mid-stream: no chance to finish a batch or say goodbye
        await append(1500, 500);
        relay = startRelay(env);
        await until(async () => (await checkpoint()) > 1600n, 'the restarted relay to publish');
        await append(2000, 300);
        const head = (await store.headPosition())!;
        await until(async () => (await checkpoint()) >= head, 'the relay to catch up', 90_000);

        const seen: Array<{ key: string; id: string; sequence: bigint }> = [];
        const consumer = kafka.consumer({ groupId: `${schema}-check` });
        await consumer.connect();
        await consumer.subscribe({
          topics: [`${prefix}ledger.planning.events`],
          fromBeginning: true,
        });
        await consumer.run({
          eachMessage: async ({ message }) => {
            seen.push({
              key: String(message.key),
              id: String(message.headers?.ce_id),
              sequence: BigInt(String(message.headers?.ce_sequence)),
            });
          },
        });
        await until(
          async () => new Set(seen.map((s) => s.id)).size >= 2300,
          'every event to be consumed',
          60_000,
        );
        await consumer.disconnect();

        const stored = new Set<string>();
        for (let s = 0; s < 20; s++)
          for (const e of await store.readStream(`project-f${s}`)) stored.add(e.eventId);
        expect(new Set(seen.map((s) => s.id))).toEqual(stored); // nothing lost
        for (const key of new Set(seen.map((s) => s.key))) {
          const first = new Set<string>();
          const order = seen
            .filter((s) => s.key === key && !first.has(s.id) && first.add(s.id))
            .map((s) => s.sequence);
          expect(order).toEqual([...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))); // per-stream order kept
        }
      } finally {
        relay?.kill('SIGKILL');
        await store.close();
        const client = new Client({ connectionString: databaseUrl() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.query(`DROP SCHEMA IF EXISTS "${schema}_relay" CASCADE`);
        await client.end();
        const admin = kafka.admin();
        await admin.connect();
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
        await admin.deleteTopics({ topics }).catch(() => undefined);
        await admin.disconnect();
      }
    }, 240_000);
  },
);
