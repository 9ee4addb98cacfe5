/**
 * npm run bench:store — appends and reads, side by side, for every store we can reach:
 * our PGlite and PostgreSQL adapters, Emmett's PostgreSQL store, and a plain INSERT
 * baseline, all on one fresh PostgreSQL database with the same events.
 *
 *   BENCH_SCALE=0.2 npm run bench:store     a quicker, smaller run
 *   BENCH_ROUNDS=5                          rounds per scenario (median reported)
 *   BENCH_PEERS=ledger,emmett               only the peers whose names contain these words
 *   DATABASE_URL=postgres://...             another server (default: the local one)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

interface Measured {
  peer: BenchPeer;
  tag: string;
  /** Events this peer's table holds so far: what its global-log read must return. */
  written: number;
}

/**
 * Runs every scenario on one peer, or on several taking turns round by round (ours and the
 * plain INSERT): on a shared machine the load drifts within seconds, and a ratio is only
 * worth something if both sides of it met the same drift. Turns alternate in order (AB, BA)
 * so neither side always runs on the other's cache or checkpoint.
 */
async function measure(peers: Measured[], rows: Row[]): Promise<void> {
  const put = (m: Measured, scenario: string, unit: string, value: number): void => {
    let row = rows.find((r) => r.scenario === scenario);
    if (!row) rows.push((row = { scenario, unit, values: new Map() }));
    row.values.set(m.peer.name, value);
    process.stderr.write(
      `  ${m.peer.name.padEnd(26)} ${scenario.padEnd(40)} ${value.toFixed(0)} ${unit}\n`,
    );
  };
  const inTurn = (round: number): Measured[] => (round % 2 === 0 ? peers : [...peers].reverse());
  const medianOf = async (
    scenario: string,
    unit: string,
    run: (m: Measured, round: number) => Promise<number>,
  ): Promise<void> => {
    const rates = new Map<Measured, number[]>(peers.map((m) => [m, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const m of inTurn(round)) rates.get(m)!.push(await run(m, round));
    }
    for (const m of peers) put(m, scenario, unit, median(rates.get(m)!));
  };
  // Warm up connections, plans and JIT before anything is timed; these events count as written.
  for (const m of peers) {
    await singleAppends(m.peer, 8, WARM_UP_APPENDS, `${m.tag}-warm`);
    m.written += Math.floor(WARM_UP_APPENDS / 8) * 8;
  }
  for (const writers of WRITER_COUNTS) {
    await medianOf(`single-event appends, ${writers} writer(s)`, 'appends/s', async (m, round) => {
      const total = m.peer.name.startsWith('PGlite')
        ? Math.round(SINGLE_APPENDS / 4)
        : SINGLE_APPENDS;
      m.written += Math.floor(total / writers) * writers;
      return singleAppends(m.peer, writers, total, `${m.tag}-r${round}`);
    });
  }
  await medianOf('100-event batch appends', 'events/s', async (m, round) => {
    m.written += BATCH_APPENDS * BATCH_SIZE;
    return batchAppends(m.peer, BATCH_APPENDS, `${m.tag}-r${round}`);
  });
  for (const m of peers) m.written += await fillTo(m.peer, READ_LOG_EVENTS, m.written, m.tag);
  const read = new Map<Measured, number>();
  await medianOf(
    `read the global log (${(Math.max(...peers.map((m) => m.written)) / 1000).toFixed(0)}k events)`,
    'events/s',
    async (m) => {
      let count = 0;
      const rate = await timed(async () => (count = await m.peer.readAll()));
      read.set(m, count);
      return rate;
    },
  );
  for (const m of peers) {
    // A fast read that returns the wrong events is no result: show how many came back.
    put(m, 'events read back minus events written', 'count', read.get(m)! - m.written);
    if (read.get(m) !== m.written) {
      process.stderr.write(
        `  WARNING ${m.peer.name}: wrote ${m.written} events, its global-log read returned ${read.get(m)}\n`,
      );
    }
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

const OURS = 'Ledger PostgreSQL';
const PLAIN = 'plain INSERT (pg)';

function printTable(rows: Row[], peers: string[]): void {
  const emmett = peers.find((p) => p.startsWith('Emmett'));
  const plain = peers.includes(PLAIN) && peers.includes(OURS);
  const header = [
    'scenario',
    ...peers,
    ...(plain ? [`${OURS} / ${PLAIN}`] : []),
    ...(emmett ? [`${OURS} / ${emmett}`] : []),
  ];
  const lines = rows.map((r) => [
    `${r.scenario} (${r.unit})`,
    ...peers.map((p) =>
      r.values.has(p) ? Math.round(r.values.get(p)!).toLocaleString('en-US') : 'n/a',
    ),
    ...(plain ? [r.unit === 'count' ? '' : ratio(r.values.get(OURS), r.values.get(PLAIN))] : []),
    ...(emmett ? [r.unit === 'count' ? '' : ratio(r.values.get(OURS), r.values.get(emmett))] : []),
  ]);
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString()}, BENCH_SCALE=${scale}, median of ${ROUNDS} rounds after a warm-up` +
      `${plain ? `, ${OURS} and ${PLAIN} taking turns each round` : ''}; same events (~300 B JSON) for every store; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}.`,
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
  // Peers in one group take turns round by round: ours against the plain INSERT, the ratio
  // the store is judged by. Emmett goes last: opening it switches node-postgres' global
  // int8/json parsers for the whole process, which would change what the other peers measure.
  const groups: Array<Array<[string, () => Promise<BenchPeer>]>> = [
    [
      [
        OURS,
        async () =>
          ledgerPeer(
            OURS,
            await PostgresEventStore.open({
              connectionString: url,
              schema: 'bench_ledger',
              poolSize: 32,
            }),
          ),
      ],
      [PLAIN, () => openBaselinePeer(url, 32)],
    ],
    [
      [
        'PGlite (on disk)',
        async () =>
          ledgerPeer('PGlite (on disk)', await PgliteEventStore.open({ dataDir: pgliteDir })),
      ],
    ],
    [['Emmett PostgreSQL', () => openEmmettPeer(url, 32)]],
  ];
  // BENCH_PEERS=ledger,emmett runs only the peers whose names contain one of the words.
  const only = (process.env.BENCH_PEERS ?? '').toLowerCase().split(',').filter(Boolean);
  try {
    for (const group of groups) {
      const opened: Measured[] = [];
      try {
        for (const [name, open] of group) {
          if (only.length > 0 && !only.some((word) => name.toLowerCase().includes(word))) continue;
          process.stderr.write(`${name}\n`);
          try {
            opened.push({ peer: await open(), tag: name.split(' ')[0]!.toLowerCase(), written: 0 });
          } catch (error) {
            process.stderr.write(
              `  could not open ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
            );
          }
        }
        peers.push(...opened.map((m) => m.peer.name));
        if (opened.length > 0) await measure(opened, rows);
      } finally {
        for (const m of opened) await m.peer.close();
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
