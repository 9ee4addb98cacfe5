/**
 * npm run bench:store — appends and reads, side by side, for every store we can reach:
 * our PGlite and PostgreSQL adapters, Emmett's PostgreSQL store, and a plain INSERT
 * baseline, all on one fresh PostgreSQL database with the same events.
 *
 *   BENCH_SCALE=0.2 npm run bench:store     a quicker, smaller run
 *   BENCH_ROUNDS=5                          rounds per append scenario (median reported)
 *   BENCH_PEERS=ledger,emmett               only the peers whose names contain these words
 *   DATABASE_URL=postgres://...             another server (default: the local one)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PgliteEventStore, PostgresEventStore } from '@ledger/event-store';
import { databaseUrl } from '@ledger/testing';
import { openBaselinePeer } from './baseline-peer';
import { openEmmettPeer } from './emmett-peer';
import { ledgerPeer } from './ledger-peer';
import { BenchPeer, PeerEvent } from './peer';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const READ_LOG_EVENTS = Math.max(200_000, Math.round(200_000 * scale));
const SINGLE_APPENDS = Math.round(4_000 * scale);
const BATCH_APPENDS = Math.round(200 * scale);
const BATCH_SIZE = 100;
const WRITER_COUNTS = [1, 8, 32] as const;
const BENCH_DATABASE = 'progress_ledger_bench';
/** Each append scenario runs this many times and the median is reported: two cores are noisy. */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '3'));
const WARM_UP_APPENDS = Math.round(500 * Math.min(1, scale));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** ~300 bytes of JSON, amounts as decimal strings as the domain stores them. */
function sampleEvent(i: number): PeerEvent {
  return {
    type: 'FundsDisbursed',
    data: {
      projectId: `project-${i % 2188}`,
      amount: `${(i % 100_000) + 1}.25`,
      source: 'special-bonds',
      payee: '吉林省交通投资集团有限公司',
      note: '按月调度：完成投资与形象进度同步上报',
      sequence: i,
    },
  };
}

interface Row {
  scenario: string;
  unit: string;
  values: Map<string, number>;
}

async function timed(work: () => Promise<number>): Promise<number> {
  const start = process.hrtime.bigint();
  const count = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

async function singleAppends(
  peer: BenchPeer,
  writers: number,
  total: number,
  tag: string,
): Promise<number> {
  const perWriter = Math.max(1, Math.floor(total / writers));
  return timed(async () => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++)
          await peer.appendOne(`${tag}-w${writers}-${w}`, sampleEvent(i));
      }),
    );
    return perWriter * writers;
  });
}

async function batchAppends(peer: BenchPeer, batches: number, tag: string): Promise<number> {
  const batch = Array.from({ length: BATCH_SIZE }, (_, i) => sampleEvent(i));
  return timed(async () => {
    for (let b = 0; b < batches; b++) await peer.appendBatch(`${tag}-batch-${b % 50}`, batch);
    return batches * BATCH_SIZE;
  });
}

async function fillTo(
  peer: BenchPeer,
  target: number,
  already: number,
  tag: string,
): Promise<number> {
  const batch = Array.from({ length: BATCH_SIZE }, (_, i) => sampleEvent(i));
  const writers = 4;
  const batchesNeeded = Math.ceil(Math.max(0, target - already) / BATCH_SIZE);
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (next < batchesNeeded) {
        next += 1;
        await peer.appendBatch(`${tag}-fill-${w}-${next % 500}`, batch);
      }
    }),
  );
  return batchesNeeded * BATCH_SIZE;
}

async function measure(peer: BenchPeer, rows: Row[], tag: string): Promise<void> {
  const put = (scenario: string, unit: string, value: number): void => {
    let row = rows.find((r) => r.scenario === scenario);
    if (!row) rows.push((row = { scenario, unit, values: new Map() }));
    row.values.set(peer.name, value);
    process.stderr.write(
      `  ${peer.name.padEnd(26)} ${scenario.padEnd(40)} ${value.toFixed(0)} ${unit}\n`,
    );
  };
  let written = 0;
  // Warm up connections, plans and JIT before anything is timed; these events count as written.
  await singleAppends(peer, 8, WARM_UP_APPENDS, `${tag}-warm`);
  written += Math.floor(WARM_UP_APPENDS / 8) * 8;
  for (const writers of WRITER_COUNTS) {
    const total = peer.name.startsWith('PGlite') ? Math.round(SINGLE_APPENDS / 4) : SINGLE_APPENDS;
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      rates.push(await singleAppends(peer, writers, total, `${tag}-r${round}`));
      written += Math.floor(total / writers) * writers;
    }
    put(`single-event appends, ${writers} writer(s)`, 'appends/s', median(rates));
  }
  const batchRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    batchRates.push(await batchAppends(peer, BATCH_APPENDS, `${tag}-r${round}`));
    written += BATCH_APPENDS * BATCH_SIZE;
  }
  put(`100-event batch appends`, 'events/s', median(batchRates));
  written += await fillTo(peer, READ_LOG_EVENTS, written, tag);
  let read = 0;
  const rate = await timed(async () => (read = await peer.readAll()));
  put(`read the global log (${(written / 1000).toFixed(0)}k events)`, 'events/s', rate);
  // A fast read that returns the wrong events is no result: show how many came back.
  put('events read back minus events written', 'count', read - written);
  if (read !== written) {
    process.stderr.write(
      `  WARNING ${peer.name}: wrote ${written} events, its global-log read returned ${read}\n`,
    );
  }
}

async function recreateDatabase(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

function printTable(rows: Row[], peers: string[]): void {
  const ours = 'Ledger PostgreSQL';
  const emmett = peers.find((p) => p.startsWith('Emmett'));
  const header = ['scenario', ...peers, ...(emmett ? [`${ours} / ${emmett}`] : [])];
  const lines = rows.map((r) => [
    `${r.scenario} (${r.unit})`,
    ...peers.map((p) =>
      r.values.has(p) ? Math.round(r.values.get(p)!).toLocaleString('en-US') : 'n/a',
    ),
    ...(emmett ? [r.unit === 'count' ? '' : ratio(r.values.get(ours), r.values.get(emmett))] : []),
  ]);
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString()}, BENCH_SCALE=${scale}, median of ${ROUNDS} rounds after a warm-up; same events (~300 B JSON) for every store.`,
  );
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`;
}

async function main(): Promise<void> {
  const url = await recreateDatabase(databaseUrl());
  const rows: Row[] = [];
  const peers: string[] = [];
  const pgliteDir = mkdtempSync(join(tmpdir(), 'ledger-bench-pglite-'));
  // Emmett goes last: opening it switches node-postgres' global int8/json parsers for the
  // whole process, which would change what the other peers measure.
  const openers: Array<[string, () => Promise<BenchPeer>]> = [
    [
      'Ledger PostgreSQL',
      async () =>
        ledgerPeer(
          'Ledger PostgreSQL',
          await PostgresEventStore.open({
            connectionString: url,
            schema: 'bench_ledger',
            poolSize: 32,
          }),
        ),
    ],
    ['plain INSERT (pg)', () => openBaselinePeer(url, 32)],
    [
      'PGlite (on disk)',
      async () =>
        ledgerPeer('PGlite (on disk)', await PgliteEventStore.open({ dataDir: pgliteDir })),
    ],
    ['Emmett PostgreSQL', () => openEmmettPeer(url, 32)],
  ];
  // BENCH_PEERS=ledger,emmett runs only the peers whose names contain one of the words.
  const only = (process.env.BENCH_PEERS ?? '').toLowerCase().split(',').filter(Boolean);
  try {
    for (const [name, open] of openers) {
      if (only.length > 0 && !only.some((word) => name.toLowerCase().includes(word))) continue;
      process.stderr.write(`${name}\n`);
      let peer: BenchPeer;
      try {
        peer = await open();
      } catch (error) {
        process.stderr.write(
          `  could not open ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        continue;
      }
      peers.push(peer.name);
      try {
        await measure(peer, rows, name.split(' ')[0]!.toLowerCase());
      } finally {
        await peer.close();
      }
    }
  } finally {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
  printTable(rows, peers);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
