/**
 * npm run soak — the distributed run under the SYNTHETIC programme's load for a bounded
 * time, with the faults of a bad day halfway: one reporting instance and the relay killed
 * (and started again a few seconds later, as a supervisor would), and PostgreSQL restarted
 * once. Then it checks that no event was lost or applied twice, that commands during the
 * outage were answered UNAVAILABLE (never a 500), and that lag came back under the
 * threshold within 30 s; and reports the figures from /metrics. On demand, not in CI.
 *
 *   SOAK_SECONDS=300          how long the load runs (60 for a short run)
 *   SOAK_RATE=200             commands per second, from a process of its own (load.ts)
 *   SOAK_DB_OUTAGE=restart    restart: `pg_ctlcluster <version> main restart` (disturbs every
 *                             user of the server: never while others run tests);
 *                             proxy: a TCP proxy between the ledger and PostgreSQL is cut
 *                             for SOAK_OUTAGE_SECONDS (5), the server itself stays up
 *   SOAK_LAG_EVENTS=1000      the lag threshold (READY_MAX_LAG_EVENTS's default)
 *   SOAK_SKIP_BUILD=1         run dist/ as it is
 *   SOAK_KEEP=1               keep the schemas and topics afterwards
 *   DATABASE_URL, KAFKA_BROKERS, DISTRIBUTED_BASE_PORT (default 4200)
 *
 * Works in schemas and topics of its own (soak_<id>), dropped afterwards. Writes the report
 * to bench/soak/RESULT.md and stdout; exit code 1 if a check failed.
 */
import { redactCredentials } from '@ledger/domain-kernel';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { topicFor, topicsCarrying } from '@ledger/contracts';
import { PostgresEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { Projection, ProjectionRunner, postgresDatabase } from '@ledger/event-sourcing';
import { planningProjections } from '../../apps/planning/src/planning.projections';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { ProjectFactsProjection } from '../../apps/assessment/src/project-facts/project-facts.projection';
import { AssessmentViewsProjection } from '../../apps/assessment/src/assessment-views/assessment-views.projection';
import {
  DistributedRun,
  ROOT,
  checkPostgres,
  processPlan,
  runSettingsFromEnv,
  startInOrder,
  tcpAnswers,
} from '../../tools/distributed/run';
import { CuttableProxy } from '../../tools/distributed/proxy';
import { Sample, byLabel, histogramQuantile, max, scrape, sum } from './metrics';
import type { AnswerLine } from './load';

const SECONDS = Number(process.env.SOAK_SECONDS ?? '300');
const RATE = Number(process.env.SOAK_RATE ?? '200');
const OUTAGE = process.env.SOAK_DB_OUTAGE ?? 'restart';
const OUTAGE_SECONDS = Number(process.env.SOAK_OUTAGE_SECONDS ?? '5');
const LAG_EVENTS = Number(process.env.SOAK_LAG_EVENTS ?? '1000');
const KILL_DOWN_MS = 3000;
const RECOVERY_BUDGET_S = 30;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (text: string) => process.stderr.write(`soak: ${text}\n`);

/** The tables each Kafka-fed read model keeps, in a stable order for comparison. */
const TABLES: Record<'reporting' | 'assessment', string[]> = {
  reporting: ['project_register ORDER BY project_id'],
  assessment: [
    'project_facts ORDER BY project_id',
    'network_leads ORDER BY network_code',
    'risk_flags ORDER BY subject_kind, subject, rule, raised_on',
    'risk_flag_steps ORDER BY flag_id, position',
    'scores ORDER BY period, unit_kind, unit',
  ],
};

interface Lags {
  source: 'metrics' | 'sql';
  relay: number;
  projections: number;
  consumers: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  if (OUTAGE !== 'restart' && OUTAGE !== 'proxy') {
    throw new Error(`SOAK_DB_OUTAGE must be restart or proxy, got "${OUTAGE}"`);
  }
  const settings = runSettingsFromEnv({
    ...process.env,
    DISTRIBUTED_BASE_PORT: process.env.DISTRIBUTED_BASE_PORT ?? '4200',
  });
  const problem = await checkPostgres(settings.databaseUrl);
  if (problem)
    throw new Error(
      `PostgreSQL does not answer at ${redactCredentials(settings.databaseUrl)}: ${problem}`,
    );
  if (!(await tcpAnswers(settings.kafkaBrokers[0]!))) {
    throw new Error(
      `Kafka does not answer at ${settings.kafkaBrokers.join(',')}: npm run kafka:start`,
    );
  }
  const id = `soak_${Date.now().toString(36)}`;
  const schemas = {
    EVENT_STORE_SCHEMA: id,
    RELAY_SCHEMA: `${id}_relay`,
    PLANNING_SCHEMA: `${id}_planning`,
    REPORTING_SCHEMA: `${id}_reporting`,
    ASSESSMENT_SCHEMA: `${id}_assessment`,
  };
  const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
  const key = await loadOrCreateLocalKey(keyDirectory);
  const token = await mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
    subject: 'soak',
    role: 'planning_office',
  });

  // The ledger reaches PostgreSQL through the proxy in proxy mode; the checks never do.
  const direct = new URL(settings.databaseUrl);
  let proxy: CuttableProxy | undefined;
  let ledgerUrl = settings.databaseUrl;
  if (OUTAGE === 'proxy') {
    proxy = new CuttableProxy(settings.basePort + 9, {
      host: direct.hostname || '127.0.0.1',
      port: Number(direct.port || '5432'),
    });
    await proxy.open();
    const through = new URL(settings.databaseUrl);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    ledgerUrl = through.toString();
  }

  if (process.env.SOAK_SKIP_BUILD !== '1') {
    log('building every app once (nest build gateway)');
    const build = spawnSync(
      process.execPath,
      [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'gateway'],
      {
        cwd: ROOT,
        stdio: ['ignore', process.stderr, process.stderr],
      },
    );
    if (build.status !== 0) throw new Error('nest build gateway failed');
  }

  const plan = processPlan(
    { ...settings, databaseUrl: ledgerUrl },
    {
      ...schemas,
      KAFKA_TOPIC_PREFIX: `${id}.`,
      KAFKA_GROUP_PREFIX: `${id}.`,
      AUTH_KEY_DIR: keyDirectory,
      LOAD_SEED: 'true',
      DEADLINE_CHECK_INTERVAL_MS: '0',
      RISK_SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
    },
  );
  const outputs = new Map<string, string[]>();
  const run = new DistributedRun(plan, settings.host, {
    line: (name, text) => {
      const kept = outputs.get(name) ?? [];
      kept.push(text);
      if (kept.length > 300) kept.shift();
      outputs.set(name, kept);
    },
    died: (status) => log(`${status.name} exited unexpectedly: ${status.exit}`),
  });
  const db = new Client({ connectionString: settings.databaseUrl });
  db.on('error', () => undefined);
  const kafka = new Kafka({
    clientId: 'soak',
    brokers: settings.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const report: string[] = [];
  let failed = false;
  try {
    log(`starting the distributed run (${plan.map((p) => p.name).join(', ')}) in schemas ${id}*`);
    await startInOrder(run, plan);
    await db.connect();
    const port = (name: string) => run.spec(name).port;
    const metricsOf = async (name: string) => scrape(`http://127.0.0.1:${port(name)}/metrics`);

    const lagTypes = await consumerTypes();
    const lags = async (): Promise<Lags> => {
      const relayMetrics = await metricsOf('relay');
      if (relayMetrics) {
        const pages = await Promise.all(run.names.map((n) => metricsOf(n)));
        const all = pages.flatMap((p) => p ?? []);
        return {
          source: 'metrics',
          relay: max(relayMetrics, 'ledger_relay_lag_events') ?? 0,
          projections: max(all, 'ledger_projection_lag_events') ?? 0,
          consumers: maxConsumerLag(pages),
        };
      }
      return sqlLags(db, schemas, lagTypes);
    };

    log(`load: ${RATE} commands/s for ${SECONDS} s from its own process`);
    const answers: AnswerLine[] = [];
    let loadSummary: Record<string, number> = {};
    const loader = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'load.ts'),
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SOAK_URL: `http://127.0.0.1:${port('gateway')}/graphql`,
          SOAK_TOKEN: token,
          SOAK_RATE: String(RATE),
          SOAK_SECONDS: String(SECONDS),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const loadStarted = Date.now();
    createInterface({ input: loader.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as AnswerLine | { summary: Record<string, number> };
      if ('summary' in parsed) loadSummary = parsed.summary;
      else answers.push(parsed);
    });
    const loaded = new Promise<number | null>((resolve) => loader.once('exit', resolve));

    // Halfway: the faults.
    await sleep((SECONDS * 1000) / 2);
    const faultAt = Date.now() - loadStarted;
    log('halfway: killing reporting-2 and the relay, and taking PostgreSQL away');
    const restarted = (async () => {
      await Promise.all([run.stop('reporting-2', 'SIGKILL'), run.stop('relay', 'SIGKILL')]);
      await sleep(KILL_DOWN_MS);
      await Promise.all([run.restart('reporting-2', 180_000), run.restart('relay', 180_000)]);
    })();
    const outageStart = Date.now() - loadStarted;
    if (proxy) {
      await proxy.cut();
      await sleep(OUTAGE_SECONDS * 1000);
      await proxy.open();
    } else {
      const version = readdirSync('/etc/postgresql')[0];
      const restart = spawnSync('pg_ctlcluster', [version ?? '15', 'main', 'restart'], {
        stdio: 'inherit',
      });
      if (restart.status !== 0) throw new Error('pg_ctlcluster restart failed');
      // The checks' own connection died with the server.
      await db.end().catch(() => undefined);
    }
    const outageEnd = Date.now() - loadStarted;
    const checks = proxy ? db : await reconnect(settings.databaseUrl);
    await restarted;
    const recoveryFrom = Date.now();
    let recoveredIn: number | null = null;
    let worst: Lags | null = null;
    while (Date.now() - recoveryFrom < 120_000) {
      const now = await lags().catch(() => null);
      if (now) {
        worst = now;
        if (
          now.relay <= LAG_EVENTS &&
          now.projections <= LAG_EVENTS &&
          now.consumers <= LAG_EVENTS
        ) {
          recoveredIn = (Date.now() - recoveryFrom) / 1000;
          break;
        }
      }
      await sleep(1000);
    }
    log(
      `lag under ${LAG_EVENTS} events ${recoveredIn === null ? 'not within 120 s' : `${recoveredIn.toFixed(1)} s after the faults`}`,
    );

    const loaderExit = await loaded;
    if (loaderExit !== 0) throw new Error(`the load process exited with ${loaderExit}`);
    // Quiet: wait until everything published is applied everywhere.
    const settled = Date.now();
    let last: Lags | null = null;
    while (Date.now() - settled < 180_000) {
      last = await sqlLags(checks, schemas, lagTypes);
      if (last.relay === 0 && last.projections === 0 && last.consumers === 0) break;
      await sleep(1000);
    }
    const endMetrics = new Map<string, Sample[] | null>();
    for (const name of run.names) endMetrics.set(name, await metricsOf(name));

    // What the client was told, by final answer per command.
    const final = new Map<string, AnswerLine>();
    for (const a of answers) final.set(a.key, a);
    const acceptedKeys = [...final.values()].filter(
      (a) => a.status === 'accepted' || a.status === 'replayed',
    );
    const expectedPerStream = new Map<string, number>();
    for (const a of acceptedKeys)
      expectedPerStream.set(a.stream, (expectedPerStream.get(a.stream) ?? 0) + 1);
    const stored = new Map<string, number>();
    for (const row of (
      await checks.query<{ stream_id: string; n: string }>(
        `SELECT stream_id, count(*) AS n FROM "${id}".events WHERE stream_id LIKE 'project-synthetic-%' GROUP BY stream_id`,
      )
    ).rows)
      stored.set(row.stream_id, Number(row.n));
    let lost = 0;
    let extra = 0;
    for (const [stream, n] of expectedPerStream) lost += Math.max(0, n - (stored.get(stream) ?? 0));
    for (const [stream, n] of stored)
      extra += Math.max(0, n - (expectedPerStream.get(stream) ?? 0));
    const unanswered = [...final.values()].filter(
      (a) => !['accepted', 'replayed', 'rejected'].includes(a.status),
    ).length;

    // Every Kafka-fed read model equals the same projection fed from the store.
    const readModels = await compareWithStore(settings.databaseUrl, id, schemas);

    const duringOutage = answers.filter((a) => a.t >= outageStart && a.t <= outageEnd + 5000);
    const byStatus = (list: AnswerLine[]) =>
      list.reduce<Record<string, number>>(
        (acc, a) => ({ ...acc, [a.status]: (acc[a.status] ?? 0) + 1 }),
        {},
      );
    const allStatus = byStatus(answers);
    const outageStatus = byStatus(duringOutage);
    const fiveHundreds = answers.filter((a) => a.status === 'failed').length;
    const latencies = answers
      .filter((a) => a.status === 'accepted' || a.status === 'replayed')
      .map((a) => a.ms)
      .sort((a, b) => a - b);

    const before = answers
      .filter((a) => a.t < faultAt && (a.status === 'accepted' || a.status === 'replayed'))
      .map((a) => a.ms)
      .sort((a, b) => a - b);
    const consumed = async (schema: string) =>
      (
        await checks.query<{ redeliveries: string; parked: string }>(
          `SELECT (SELECT coalesce(sum(redeliveries), 0) FROM "${schema}".consumed_events) AS redeliveries,
                  (SELECT count(*) FROM "${schema}".parked_messages) AS parked`,
        )
      ).rows[0]!;
    const reportingDedup = await consumed(schemas.REPORTING_SCHEMA);
    const assessmentDedup = await consumed(schemas.ASSESSMENT_SCHEMA);

    const check = (ok: boolean, what: string) => {
      if (!ok) failed = true;
      return `| ${ok ? 'PASS' : 'FAIL'} | ${what} |`;
    };
    const all = [...endMetrics.values()].flatMap((p) => p ?? []);
    const haveMetrics = [...endMetrics.values()].some(
      (p) => p !== null && p.some((s) => s.name.startsWith('ledger_')),
    );
    const seconds = (v: number | null) => (v === null ? 'n/a' : `${(v * 1000).toFixed(1)} ms`);
    report.push(
      `# Soak: ${new Date().toISOString()}`,
      '',
      `${SECONDS} s at ${RATE} commands/s (the SYNTHETIC programme's planning commands, from a process of its own) against \`npm run start:distributed\`'s processes (${plan.map((p) => p.name).join(', ')}). At ${(faultAt / 1000).toFixed(0)} s: reporting-2 and the relay killed (SIGKILL) and started again after ${KILL_DOWN_MS / 1000} s; PostgreSQL ${proxy ? `cut off for ${OUTAGE_SECONDS} s (SOAK_DB_OUTAGE=proxy: the connections through a proxy reset, new ones refused)` : 'restarted (pg_ctlcluster … restart)'}.`,
      '',
      '## Checks',
      '',
      '| | |',
      '| --- | --- |',
      check(
        lost === 0,
        `zero lost events: ${acceptedKeys.length} accepted commands, ${lost} without their event in the store`,
      ),
      check(extra === 0, `zero recorded twice: ${extra} events beyond the accepted commands`),
      check(
        readModels.every((r) => r.equal),
        `zero lost or applied twice in the Kafka-fed read models: ${readModels.map((r) => `${r.table} ${r.equal ? 'equals' : 'DIFFERS FROM'} the store's (${r.rows} rows)`).join('; ')}`,
      ),
      check(
        fiveHundreds === 0,
        `no 500 / INTERNAL_SERVER_ERROR: ${fiveHundreds}; during the outage ${outageStatus.unavailable ?? 0} UNAVAILABLE (503), ${outageStatus.accepted ?? 0} accepted`,
      ),
      check(
        unanswered === 0,
        `every command has a final answer: ${unanswered} still unanswered after the drain`,
      ),
      check(
        recoveredIn !== null && recoveredIn <= RECOVERY_BUDGET_S,
        `lag under ${LAG_EVENTS} events within ${RECOVERY_BUDGET_S} s of the faults: ${recoveredIn === null ? 'not within 120 s' : `${recoveredIn.toFixed(1)} s`} (${worst?.source ?? '-'}: relay ${worst?.relay ?? '-'}, projections ${worst?.projections ?? '-'}, consumers ${worst?.consumers ?? '-'})`,
      ),
      check(
        last !== null && last.relay === 0 && last.consumers === 0,
        `settled afterwards: relay ${last?.relay}, projections ${last?.projections}, consumers ${last?.consumers} events behind`,
      ),
      '',
      '## What the client saw',
      '',
      `| answers | ${Object.entries(allStatus)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |`,
      '| --- | --- |',
      `| sent | ${loadSummary.sent ?? '-'} in ${(loadSummary.seconds ?? 0).toFixed(0)} s (slots missed for want of a ready project: ${loadSummary.missedSlots ?? '-'}) |`,
      `| latency of accepted commands | p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies[latencies.length - 1] ?? NaN).toFixed(0)} ms |`,
      `| latency before the faults | p50 ${percentile(before, 50).toFixed(1)} ms, p99 ${percentile(before, 99).toFixed(1)} ms |`,
      `| during the outage (${(outageStart / 1000).toFixed(0)}-${(outageEnd / 1000 + 5).toFixed(0)} s) | ${
        Object.entries(outageStatus)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      } |`,
      `| redeliveries (consumed_events) | reporting ${reportingDedup.redeliveries}, assessment ${assessmentDedup.redeliveries} |`,
      `| parked messages | reporting ${reportingDedup.parked}, assessment ${assessmentDedup.parked} |`,
      '',
      '## From /metrics (at the end)',
      '',
      haveMetrics
        ? [
            '| metric | value |',
            '| --- | --- |',
            `| ledger_commands_total by outcome | ${Object.entries(
              byLabel(all, 'ledger_commands_total', 'outcome'),
            )
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')} |`,
            `| ledger_command_duration_seconds | p50 ${seconds(histogramQuantile(all, 'ledger_command_duration_seconds', 0.5))}, p99 ${seconds(histogramQuantile(all, 'ledger_command_duration_seconds', 0.99))} |`,
            `| ledger_gateway_request_duration_seconds | p50 ${seconds(histogramQuantile(all, 'ledger_gateway_request_duration_seconds', 0.5))}, p99 ${seconds(histogramQuantile(all, 'ledger_gateway_request_duration_seconds', 0.99))} |`,
            `| ledger_relay_lag_events | ${max(all, 'ledger_relay_lag_events') ?? 'n/a'} |`,
            `| ledger_projection_lag_events (max) | ${max(all, 'ledger_projection_lag_events') ?? 'n/a'} |`,
            `| ledger_consumer_lag_messages (max group) | ${maxConsumerLag([...endMetrics.values()])} |`,
            `| ledger_consumer_redeliveries_total | ${sum(all, 'ledger_consumer_redeliveries_total')} |`,
            `| ledger_consumer_parked_messages | ${sum(all, 'ledger_consumer_parked_messages')} |`,
            `| ledger_store_appended_events_total | ${sum(all, 'ledger_store_appended_events_total')} |`,
          ].join('\n')
        : "The processes serve no `ledger_` metrics in this build (the metrics are another change of issue 16): the figures above are the client's and the database's.",
      '',
    );
  } catch (error) {
    failed = true;
    report.push(`# Soak failed\n\n${error instanceof Error ? error.message : String(error)}\n`);
    for (const [name, lines] of outputs) report.push(`--- ${name}\n${lines.slice(-20).join('\n')}`);
  } finally {
    await run.stopAll();
    await proxy?.cut();
    await db.end().catch(() => undefined);
    if (process.env.SOAK_KEEP !== '1') await cleanUp(settings.databaseUrl, id, kafka);
  }
  const text = report.join('\n');
  writeFileSync(join(__dirname, 'RESULT.md'), `${text}\n`);
  process.stdout.write(`${text}\n`);
  process.exitCode = failed ? 1 : 0;
}

async function reconnect(url: string): Promise<Client> {
  for (let attempt = 0; ; attempt++) {
    const client = new Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      if (attempt > 60) throw error;
      await sleep(500);
    }
  }
}

/** The largest consumer group's lag, summed over its partitions. */
function maxConsumerLag(pages: Array<Sample[] | null>): number {
  let worst = 0;
  for (const page of pages) {
    if (!page) continue;
    for (const lag of Object.values(byLabel(page, 'ledger_consumer_lag_messages', 'group')))
      worst = Math.max(worst, lag);
  }
  return worst;
}

/** The event types each Kafka-fed schema consumes: those on the topics its projections read. */
async function consumerTypes(): Promise<
  Record<'reporting' | 'assessment', (type: string) => boolean>
> {
  const reads = (projections: Projection[]) => {
    const topics = new Set(topicsCarrying((type) => projections.some((p) => p.handles(type))));
    return (type: string) => {
      const topic = topicFor(type);
      return topic !== undefined && topics.has(topic);
    };
  };
  return {
    reporting: reads([new ProjectRegisterProjection('x')]),
    assessment: reads([new ProjectFactsProjection('x'), new AssessmentViewsProjection('x')]),
  };
}

/** Lag read from the database: the relay's checkpoint and the consumers' consumed events. */
async function sqlLags(
  db: Client,
  schemas: Record<string, string>,
  types: Record<'reporting' | 'assessment', (type: string) => boolean>,
): Promise<Lags> {
  const store = schemas.EVENT_STORE_SCHEMA!;
  const [head] = (
    await db.query<{ head: string | null }>(
      `SELECT max(global_position)::text AS head FROM "${store}".events`,
    )
  ).rows;
  const [relay] = (
    await db.query<{ position: string }>(
      `SELECT position::text FROM "${schemas.RELAY_SCHEMA}".relay_checkpoints WHERE name = 'kafka'`,
    )
  ).rows;
  const all = (
    await db.query<{ event_type: string }>(`SELECT DISTINCT event_type FROM "${store}".events`)
  ).rows.map((r) => r.event_type);
  const behind = async (schema: string, reads: (type: string) => boolean) => {
    const [row] = (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${store}".events e WHERE e.event_type = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM "${schema}".consumed_events c WHERE c.event_id = e.event_id)`,
        [all.filter(reads)],
      )
    ).rows;
    return Number(row?.n ?? 0);
  };
  // A store-fed projection's checkpoint moves only with a batch it writes: its lag is the
  // events after its checkpoint that it handles, not the distance to the head.
  const checkpoints = (
    await db.query<{ name: string; position: string | null }>(
      `SELECT name, position::text AS position FROM "${schemas.PLANNING_SCHEMA}".read_model_checkpoints`,
    )
  ).rows;
  let projections = 0;
  for (const projection of planningProjections.build('x')) {
    const at = checkpoints.find((c) => c.name === projection.name)?.position ?? '0';
    const [row] = (
      await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${store}".events WHERE global_position > $1 AND event_type = ANY($2)`,
        [at, all.filter((t) => projection.handles(t))],
      )
    ).rows;
    projections = Math.max(projections, Number(row?.n ?? 0));
  }
  const headPosition = Number(head?.head ?? 0);
  return {
    source: 'sql',
    relay: headPosition - Number(relay?.position ?? 0),
    projections,
    consumers: Math.max(
      await behind(schemas.REPORTING_SCHEMA!, types.reporting),
      await behind(schemas.ASSESSMENT_SCHEMA!, types.assessment),
    ),
  };
}

/** Replays the store into reference schemas and compares every Kafka-fed table with it. */
async function compareWithStore(
  url: string,
  id: string,
  schemas: Record<string, string>,
): Promise<Array<{ table: string; equal: boolean; rows: number }>> {
  const raw = await PostgresEventStore.open({ connectionString: url, schema: id, poolSize: 4 });
  const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
  const db = postgresDatabase(raw.pool);
  const reference = {
    reporting: [new ProjectRegisterProjection(`${id}_ref_reporting`)],
    assessment: [
      new ProjectFactsProjection(`${id}_ref_assessment`),
      new AssessmentViewsProjection(`${id}_ref_assessment`),
    ],
  };
  const runners = [...reference.reporting, ...reference.assessment].map(
    (p) => new ProjectionRunner(store, db, p),
  );
  try {
    for (const runner of runners) await runner.start();
    const head = (await store.headPosition())!;
    for (const runner of runners) await runner.catchUpTo(head);
    const out: Array<{ table: string; equal: boolean; rows: number }> = [];
    for (const service of ['reporting', 'assessment'] as const) {
      const live = service === 'reporting' ? schemas.REPORTING_SCHEMA : schemas.ASSESSMENT_SCHEMA;
      for (const table of TABLES[service]) {
        const [name] = table.split(' ');
        const rowsOf = async (schema: string) =>
          JSON.stringify(await db.query(`SELECT * FROM "${schema}".${table}`));
        const a = await rowsOf(live!);
        const b = await rowsOf(`${id}_ref_${service}`);
        out.push({ table: name!, equal: a === b, rows: (JSON.parse(a) as unknown[]).length });
      }
    }
    return out;
  } finally {
    for (const runner of runners) await runner.stop();
    await store.close();
  }
}

async function cleanUp(url: string, id: string, kafka: Kafka): Promise<void> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${id}%`],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } catch (error) {
    log(`could not drop the schemas ${id}*: ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${id}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(`${id}.`));
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } catch (error) {
    log(`could not delete the topics ${id}.*: ${String(error)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
