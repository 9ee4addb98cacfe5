/**
 * The audit's history filters on a long log: how fast does `eventLog` (SqlEventLog, the
 * query behind the eventLog and projectTimeline GraphQL fields) answer a page filtered by
 * projectId or by actor, on ~1M events?
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register bench/store/event-log-filter.ts
 *
 *   BENCH_EVENTS=1000000   events to load (default 1M)
 *   BENCH_QUERIES=500      pages timed per filter and start (default 500)
 *   BENCH_KEEP=1           keep the schema afterwards (its name is printed)
 *   BENCH_WITHOUT_INDEXES=1  drop migration 6's history indexes first: the log as it was before
 *   DATABASE_URL=...       another server (default: the local one)
 *
 * The log is loaded straight into the store's table (the store's own migrations make the
 * schema, indexes included), as valid rows: every event hash-chained as HASH-CHAIN.md says,
 * positions and recorded times increasing together. History is loaded month by month over
 * the whole programme, so one project's events are spread over the whole log, as they are
 * in the ledger. Autovacuum is off for the table while it runs, so the first measurement is
 * of a table nobody analyzed; then it runs ANALYZE and measures again. Each query is timed
 * from the client, over a pool as the audit service uses it.
 */
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { JsonObject, PostgresEventStore, RecordedMetadata } from '@ledger/event-store';
import { COLUMNS, SETTLED } from '@ledger/event-store/sql/sql-event-store';
import { contentHash, GENESIS_HASH, linkHash } from '@ledger/event-store/chain/hash-chain';
import { uuidV7 } from '@ledger/event-store/validation/uuid-v7';
import { EventLogFilter, postgresDatabase, SqlEventLog } from '@ledger/event-sourcing';
import { databaseUrl } from '@ledger/testing';

const EVENTS = Number(process.env.BENCH_EVENTS ?? '1000000');
const QUERIES = Number(process.env.BENCH_QUERIES ?? '500');
const PROJECTS = 2188;
/** 1 in 20 events is about no one project (a plan adjustment, a network report). */
const WITHOUT_PROJECT = 20;
const PAGE = 21; // the resolver's default page (20) and one more to know whether more follow
const LOAD_BATCH = 5000;
const START = Date.parse('2020-04-10T00:00:00Z');

/** Departments, planners and services, a few of them doing most of the work. */
const ACTORS = Array.from({ length: 40 }, (_, i) =>
  i < 4 ? `svc:${['planning', 'reporting', 'assessment', 'seed'][i]}` : `dept:${i}-reporter`,
);
const TYPES = ['FundsDisbursed', 'DispatchReportSubmitted', 'MilestoneReached', 'PlanAdjusted'];

/** A deterministic generator, so every run loads the same log. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Roughly Zipf: actor k gets a share proportional to 1/(k+1). */
function actorPicker(next: () => number): () => string {
  const weights = ACTORS.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let x = next() * total;
    for (let k = 0; k < weights.length; k++) if ((x -= weights[k]!) <= 0) return ACTORS[k]!;
    return ACTORS[ACTORS.length - 1]!;
  };
}

interface Row {
  position: string;
  id: string;
  stream: string;
  version: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
  hash: string;
  previous: string;
}

async function load(pool: Pool, schema: string): Promise<void> {
  const next = random(761);
  const pickActor = actorPicker(next);
  const heads = new Map<string, { version: bigint; hash: string }>();
  const table = `"${schema}".events`;
  let rows: Row[] = [];
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    const column = <K extends keyof Row>(key: K): string[] => rows.map((r) => r[key]);
    await pool.query(
      `INSERT INTO ${table} (global_position, event_id, stream_id, stream_version, event_type,
                             data, metadata, recorded_at, hash, previous_hash)
       SELECT p, i, s, v, t, d, m, r, decode(h, 'hex'), decode(ph, 'hex')
         FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::jsonb[],
                     $7::jsonb[], $8::timestamptz[], $9::text[], $10::text[])
           AS u(p, i, s, v, t, d, m, r, h, ph)`,
      [
        column('position'),
        column('id'),
        column('stream'),
        column('version'),
        column('type'),
        column('data'),
        column('metadata'),
        column('recordedAt'),
        column('hash'),
        column('previous'),
      ],
    );
    rows = [];
  };
  const started = Date.now();
  for (let position = 1; position <= EVENTS; position++) {
    // Month by month over the programme: project p's events lie all along the log.
    const project = (position * 7919) % PROJECTS;
    const month = Math.floor(((position - 1) * 72) / EVENTS);
    const stream = next() * WITHOUT_PROJECT < 1 ? `network-${project % 12}` : `project-${project}`;
    const type = TYPES[Math.floor(next() * TYPES.length)]!;
    const data: JsonObject = stream.startsWith('project-')
      ? {
          projectId: `2201${String(project).padStart(4, '0')}`,
          month: `${2020 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`,
          amount: `${Math.floor(next() * 100_000)}.25`,
          note: '按月调度：完成投资与形象进度同步上报',
        }
      : { networkCode: `N${project % 12}`, note: '路网、水网、电网同步调度' };
    const metadata: RecordedMetadata = {
      actor: pickActor(),
      causationId: null,
      correlationId: null,
      validAt: null,
    };
    const recordedAt = new Date(START + position * 60_000);
    const eventId = uuidV7(recordedAt.getTime());
    const head = heads.get(stream);
    const version = head === undefined ? 0n : head.version + 1n;
    const previous = head?.hash ?? GENESIS_HASH;
    const hash = linkHash(
      contentHash({ streamId: stream, eventId, type, data, metadata }),
      previous,
      recordedAt,
      version,
    );
    heads.set(stream, { version, hash });
    rows.push({
      position: String(position),
      id: eventId,
      stream,
      version: version.toString(),
      type,
      data: JSON.stringify(data),
      metadata: JSON.stringify(metadata),
      recordedAt: recordedAt.toISOString(),
      hash,
      previous,
    });
    if (rows.length === LOAD_BATCH) await flush();
    if (position % 200_000 === 0) {
      process.stderr.write(
        `  loaded ${position} events, ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
      );
    }
  }
  await flush();
  await pool.query(`SELECT setval('"${schema}".global_position', $1::bigint)`, [String(EVENTS)]);
  process.stderr.write(
    `  loaded ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Case {
  label: string;
  filter: () => EventLogFilter;
  /** A cursor to start from, or null for the first page. */
  after: () => bigint | null;
}

async function measure(log: SqlEventLog, cases: Case[]): Promise<string[]> {
  const lines: string[] = [];
  for (const c of cases) {
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < QUERIES; i++) {
      const filter = c.filter();
      const after = c.after();
      const start = process.hrtime.bigint();
      found += (await log.page(filter, after, PAGE)).length;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    lines.push(
      `| ${c.label} | ${quantile(times, 0.5).toFixed(2)} | ${quantile(times, 0.99).toFixed(2)} | ` +
        `${times[times.length - 1]!.toFixed(2)} | ${(found / QUERIES).toFixed(1)} |`,
    );
    process.stderr.write(`  ${lines[lines.length - 1]}\n`);
  }
  return lines;
}

/** The plans of SqlEventLog's statements, generic (as a prepared statement keeps them). */
async function plans(pool: Pool, schema: string): Promise<string[]> {
  const client = await pool.connect();
  const out: string[] = [];
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    for (const [what, column] of [
      ['projectId', "data->>'projectId'"],
      ['actor', "metadata->>'actor'"],
    ] as const) {
      for (const [start, cursor] of [
        ['first page', ''],
        ['from a cursor', 'AND global_position > $3::bigint'],
      ] as const) {
        await client.query(
          `PREPARE page(text, int, bigint) AS SELECT ${COLUMNS} FROM "${schema}".events
            WHERE ${SETTLED} ${cursor} AND ${column} = $1 ORDER BY global_position LIMIT $2`,
        );
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (COSTS OFF) EXECUTE page('x', ${PAGE}, 0)`,
        );
        await client.query('DEALLOCATE page');
        out.push(`- ${what}, ${start}: ${rows.map((r) => r['QUERY PLAN'].trim()).join(' / ')}`);
      }
    }
  } finally {
    await client.query('RESET plan_cache_mode');
    client.release();
  }
  return out;
}

async function main(): Promise<void> {
  const url = databaseUrl();
  const schema = `bench_event_log_${process.pid}`;
  const store = await PostgresEventStore.open({ connectionString: url, schema });
  await store.close();
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    await pool.query(`ALTER TABLE "${schema}".events SET (autovacuum_enabled = false)`);
    if (process.env.BENCH_WITHOUT_INDEXES === '1') {
      await pool.query(
        `DROP INDEX "${schema}".events_project_id_position, "${schema}".events_actor_position`,
      );
    }
    process.stderr.write(`schema ${schema}: loading ${EVENTS} events\n`);
    await load(pool, schema);
    const log = new SqlEventLog(postgresDatabase(pool), schema);
    const next = random(2026);
    const projectIds = (): EventLogFilter => ({
      projectId: `2201${String(Math.floor(next() * PROJECTS)).padStart(4, '0')}`,
    });
    const actors = (): EventLogFilter => ({ actor: ACTORS[Math.floor(next() * ACTORS.length)]! });
    const anywhere = (): bigint => BigInt(Math.floor(next() * EVENTS));
    const cases: Case[] = [
      { label: 'projectId, first page', filter: projectIds, after: () => null },
      { label: 'projectId, from a cursor anywhere', filter: projectIds, after: anywhere },
      { label: 'actor, first page', filter: actors, after: () => null },
      { label: 'actor, from a cursor anywhere', filter: actors, after: anywhere },
    ];
    const header =
      '| filter (21 events a page) | p50 ms | p99 ms | max ms | events a page |\n|---|---|---|---|---|';
    const report: string[] = [];
    for (const when of ['never analyzed', 'after ANALYZE']) {
      if (when === 'after ANALYZE') await pool.query(`ANALYZE "${schema}".events`);
      process.stderr.write(`${when}\n`);
      // Warm the cache as a running service has it; nothing below is timed.
      await measure(
        log,
        cases.map((c) => ({ ...c, label: `warm-up: ${c.label}` })),
      );
      report.push(`\n${when}:\n${(await plans(pool, schema)).join('\n')}\n\n${header}`);
      report.push(...(await measure(log, cases)));
    }
    console.log(
      `\neventLog filters on ${EVENTS.toLocaleString('en-US')} events (${PROJECTS} projects, ${ACTORS.length} actors), ` +
        `${QUERIES} pages per line, Node ${process.version}, ${new Date().toISOString()}, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    console.log(report.join('\n'));
  } finally {
    if (process.env.BENCH_KEEP !== '1') await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    else process.stderr.write(`kept schema ${schema}\n`);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
