/**
 * npm run bench:relay — the relay from the PostgreSQL store to a real Kafka broker
 * (tools/kafka/broker.sh), idempotent producer, acks from all in-sync replicas:
 *  1. backlog: events/s from start until the checkpoint reaches the head of a filled log;
 *  2. live: events appended at a fixed rate while the relay runs; p50/p99 latency from the
 *     append's start to the broker's acknowledgement of the batch holding the event.
 *
 *   BENCH_BACKLOG=100000  BENCH_LIVE_RATE=2000  BENCH_DURATION=10  KAFKA_BROKERS=127.0.0.1:19092
 *   BENCH_JSON=file   also write the figures there, for bench:all
 *
 * The relay is a library here, driven in this process like the appends: what it measures
 * is the store-to-broker path, not a server's answers.
 */
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { postgresDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import { databaseUrl, kafkaBrokers, uniqueSchemaName } from '@ledger/testing';
import { failures, ms, rate, reportFigures } from '../shared/figures';

const BACKLOG = Number(process.env.BENCH_BACKLOG ?? '100000');
const RATE = Number(process.env.BENCH_LIVE_RATE ?? '2000');
const DURATION = Number(process.env.BENCH_DURATION ?? '10');

const event = (i: number) => ({
  type: 'FundsDisbursed',
  data: {
    projectId: `p-${i % 2188}`,
    amount: `${(i % 100_000) + 1}.25`,
    source: 'special_bonds',
    payee: '吉林省交通投资集团有限公司',
    sequence: i,
  },
  metadata: { actor: 'bench' },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const schema = uniqueSchemaName('bench_relay');
  const store = await PostgresEventStore.open({
    connectionString: databaseUrl(),
    schema,
    poolSize: 10,
  });
  const topic = `bench.${schema}.events`;
  const kafka = new Kafka({
    clientId: 'bench-relay',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const appendedAt = new Map<bigint, number>();
  const latencies: number[] = [];
  let live = false;
  const relay = new KafkaRelay(store, postgresDatabase(store.pool), kafka, {
    name: 'bench',
    schema,
    topics: [topic],
    topicFor: () => topic,
    source: '/progress-ledger/bench',
    batchSize: 1000,
    onPublished: (events) => {
      if (!live) return;
      const now = performance.now();
      for (const e of events) {
        const at = appendedAt.get(e.globalPosition);
        if (at !== undefined) latencies.push(now - at);
      }
    },
  });
  try {
    process.stderr.write(`filling a backlog of ${BACKLOG} events\n`);
    for (let i = 0; i < BACKLOG; i += 100) {
      await store.appendToStream(
        `s-${(i / 100) % 500}`,
        Array.from({ length: 100 }, (_, k) => event(i + k)),
      );
    }
    const head = (await store.headPosition())!;
    const started = performance.now();
    await relay.start();
    while ((relay.checkpoint ?? 0n) < head) await new Promise((r) => setTimeout(r, 20));
    const backlogRate = BACKLOG / ((performance.now() - started) / 1000);

    process.stderr.write(`live: ${RATE} appends/s for ${DURATION} s\n`);
    live = true;
    const total = RATE * DURATION;
    const liveStart = performance.now();
    const pending: Array<Promise<void>> = [];
    for (let i = 0; i < total; i++) {
      const due = liveStart + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const t = performance.now();
      pending.push(
        store.appendToStream(`live-${i % 200}`, [event(i)]).then((r) => {
          appendedAt.set(r.lastPosition, t);
        }),
      );
    }
    await Promise.all(pending);
    const last = (await store.headPosition())!;
    while ((relay.checkpoint ?? 0n) < last) await new Promise((r) => setTimeout(r, 20));
    latencies.sort((a, b) => a - b);
    console.log(`\n| measure | value |\n|---|---|`);
    console.log(
      `| backlog of ${BACKLOG.toLocaleString('en-US')} events, store to broker ack | ${backlogRate.toFixed(0)} events/s |`,
    );
    console.log(
      `| live at ${RATE}/s: append to ack, p50 | ${percentile(latencies, 50).toFixed(1)} ms |`,
    );
    console.log(
      `| live at ${RATE}/s: append to ack, p99 | ${percentile(latencies, 99).toFixed(1)} ms |`,
    );
    console.log(`| live events measured | ${latencies.length} of ${total} |`);
    reportFigures('relay', [
      rate(`backlog of ${BACKLOG} events, store to broker ack`, backlogRate, 'events/s'),
      ms(`live at ${RATE}/s: append to ack: p50`, percentile(latencies, 50)),
      ms(`live at ${RATE}/s: append to ack: p99`, percentile(latencies, 99)),
      failures(`live at ${RATE}/s: events not measured`, total - latencies.length),
    ]);
    console.log(
      `\nKafka at ${kafkaBrokers().join(',')}, idempotent producer, acks=-1, 3 partitions; PostgreSQL store. Node ${process.version}, ${new Date().toISOString()}. Goals: >= 5,000 events/s, p99 < 1 s.`,
    );
  } finally {
    await relay.stop().catch(() => undefined);
    await store.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
