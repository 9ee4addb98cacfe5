/**
 * npm run bench:gateway — what the federation gateway adds to a supervisor's dashboard:
 * the same query at a fixed rate through the gateway (/graphql) and straight at the one
 * subgraph that serves it (/subgraphs/reporting/graphql), p50/p90/p99/max of each and the
 * difference. Then a dashboard spanning two subgraphs (planning + assessment) through the
 * gateway only: the cost of a query plan with two fetches. The standalone app
 * (`node dist/apps/gateway/src/main.js`) runs in a process of its own with the seeded 761
 * plan, loopback HTTP, bounded in time; its CPU per request is reported next to each
 * scenario. Goal: the gateway adds < 5 ms at p99.
 *
 *   BENCH_RATE=100       requests/s, open loop (default 100)
 *   BENCH_DURATION=20    seconds per target, split over two rounds in alternating order
 *   BENCH_WARMUP=3       seconds of warm-up per target (JIT, query-plan cache, pools)
 *   BENCH_SCENARIOS=all  `pglite` (the three dashboard scenarios), `entity` (the entity
 *                        join) or `all` (default)
 *   BENCH_DASHBOARD_STORE=pglite   BENCH_ENTITY_STORE=postgres   the store kind of each
 *   BENCH_SERVER_NODE_ARGS   extra Node flags for the app's process, e.g.
 *                        "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server alone
 *   BENCH_JSON=file      also write the figures there, for bench:all
 */
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { heatingProjectApproval, heatingProjectProposal } from '../../test/support/heating-project';
import { Figure, failures, ms, reportFigures } from '../shared/figures';
import { ServerCpu, ServerProcess, withServer } from '../shared/server-process';
import { storeTarget } from '../shared/store-targets';

const RATE = Number(process.env.BENCH_RATE ?? '100');
const DURATION = Number(process.env.BENCH_DURATION ?? '20');
const WARMUP = Number(process.env.BENCH_WARMUP ?? '3');
const SCENARIOS = process.env.BENCH_SCENARIOS ?? 'all';
if (!['all', 'pglite', 'entity'].includes(SCENARIOS))
  throw new Error(`BENCH_SCENARIOS=${SCENARIOS}: one of all, pglite, entity`);
const DASHBOARD_STORE = process.env.BENCH_DASHBOARD_STORE ?? 'pglite';
const ENTITY_STORE = process.env.BENCH_ENTITY_STORE ?? 'postgres';

/**
 * A supervisor's dashboard served by ONE subgraph (reporting), so that the gateway and the
 * direct call do exactly the same work behind them: progress by network against the annual
 * plan, and the month's summary to the provincial government.
 */
const REPORTING_DASHBOARD = `query SupervisorDashboard {
  progress(by: network, through: "2021-06") {
    key projects approvedProjects completedProjects planned approved disbursed reported
    projectsWithOverdueReports annualPlan completedInYear annualPlanPercent timeElapsedPercent
  }
  monthlySummary(period: "2021-06") {
    networkCode projectsReporting reportsReceived reportsLate reportsOverdue
    investmentInMonth cumulativeReported
  }
}`;

/** Spans two subgraphs: the plan's programme (planning) beside open risk flags (assessment). */
const TWO_SUBGRAPH_DASHBOARD = `query SupervisorOverview {
  programme {
    code nameZh totalInvestment { valueYi }
    networks { code nameZh leadDepartment totalInvestment { valueYi } projectCount { value } }
  }
  riskFlags(first: 20) { subject rule severity status raisedOn networkCode }
}`;

/** The one graph's question: four subgraph fetches joined on the Project and Department keys. */
const ENTITY_JOIN = `query ProjectOverview($projectId: String!) {
  project(projectId: $projectId) {
    projectId nameZh status
    disbursements { amount paidOn }
    dispatchReports(last: 6) { period cumulativeInvestment physicalProgressPercent late }
    riskFlags(open: true) { rule severity evidence { figures { name value } } }
    leadDepartment { code nameZh score(period: "2021-07") { score rank } }
  }
}`;

interface Samples {
  label: string;
  sent: number;
  latencies: number[];
  failures: number;
  seconds: number;
}

/**
 * Sends on a fixed schedule whatever the answers (open loop), timing each request from its
 * scheduled start, and keeps every latency: the alternating rounds of one target are merged
 * before percentiles are taken (bench/shared/open-loop only returns percentiles).
 */
async function paced(url: string, headers: Record<string, string>, body: string, seconds: number) {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const interval = 1000 / RATE;
  const total = Math.round(RATE * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(
          {
            hostname: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { ...headers, 'content-length': Buffer.byteLength(body) },
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              latencies.push(performance.now() - scheduled);
              const text = Buffer.concat(chunks).toString('utf8');
              // An answer with errors is no dashboard: counted, so a fast failure cannot pass.
              if (res.statusCode !== 200 || text.includes('"errors"')) failures += 1;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failures += 1;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { sent: total, latencies, failures, seconds: (performance.now() - start) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  label: string;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  /** CPU the app's process spent per answered request. */
  cpuMsPerRequest?: number;
}

function figures(s: Samples): Figures {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    label: s.label,
    requests: s.latencies.length,
    perSecond: s.latencies.length / s.seconds,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    // Sent but never answered counts as failed too.
    failures: s.failures + (s.sent - s.latencies.length),
  };
}

async function main(): Promise<void> {
  const rows = SCENARIOS === 'entity' ? [] : await dashboards();
  const joined = SCENARIOS === 'pglite' ? undefined : await entityJoin();
  print(rows, joined);
  reportFigures('gateway', figuresOf(joined ? [...rows, joined] : rows));
}

/** A round's samples and the server's CPU over them, merged across rounds per label. */
function merger() {
  const merged = new Map<string, Samples & { cpuMs: number | null }>();
  return {
    add(label: string, s: Awaited<ReturnType<typeof paced>>, cpu: ServerCpu | null): void {
      const m = merged.get(label) ?? {
        label,
        sent: 0,
        latencies: [],
        failures: 0,
        seconds: 0,
        cpuMs: 0,
      };
      m.sent += s.sent;
      m.latencies.push(...s.latencies);
      m.failures += s.failures;
      m.seconds += s.seconds;
      m.cpuMs = m.cpuMs === null || cpu === null ? null : m.cpuMs + cpu.cpuMs;
      merged.set(label, m);
    },
    figures(label: string): Figures {
      const m = merged.get(label)!;
      const f = figures(m);
      if (m.cpuMs !== null && m.latencies.length > 0)
        f.cpuMsPerRequest = Math.round((m.cpuMs / m.latencies.length) * 100) / 100;
      return f;
    },
  };
}

/**
 * The reporting dashboard via the gateway and direct, and the two-subgraph one, on the
 * standalone app with the seeded plan, in a process of its own (BENCH_DASHBOARD_STORE,
 * default the embedded PGlite).
 */
async function dashboards(): Promise<Figures[]> {
  const target = storeTarget(DASHBOARD_STORE, 'bench_gateway');
  try {
    process.stderr.write(
      `starting the standalone app on ${target.label} with the seeded plan, in its own process\n`,
    );
    return await withServer(
      {
        service: 'gateway',
        store: target,
        env: { LOAD_SEED: 'true', DEADLINE_CHECK_INTERVAL_MS: '0', RISK_SWEEP_INTERVAL_MS: '0' },
      },
      async (server) => {
        const headers = await server.headers({ role: 'supervisor', subject: 'bench-gateway' });
        const gateway = server.graphql;
        const reporting = `${server.base}/subgraphs/reporting/graphql`;
        const dashboard = JSON.stringify({ query: REPORTING_DASHBOARD });
        const overview = JSON.stringify({ query: TWO_SUBGRAPH_DASHBOARD });

        // Both dashboards must answer in full before their latencies mean anything.
        for (const [url, body] of [
          [gateway, dashboard],
          [reporting, dashboard],
          [gateway, overview],
        ] as const) {
          const response = await fetch(url, { method: 'POST', headers, body });
          const text = await response.text();
          if (response.status !== 200 || text.includes('"errors"'))
            throw new Error(`${url} does not answer the dashboard: ${text.slice(0, 500)}`);
          process.stderr.write(`${url}: ${text.length} bytes of dashboard\n`);
        }

        process.stderr.write(`warming up ${WARMUP} s per target\n`);
        for (const [url, body] of [
          [gateway, dashboard],
          [reporting, dashboard],
          [gateway, overview],
        ] as const) {
          await paced(url, headers, body, WARMUP);
        }

        // Two rounds in alternating order (G D, then D G): a drift over time (GC, caches,
        // thermal) falls on both sides alike instead of on whichever ran second.
        const merged = merger();
        const half = DURATION / 2;
        const through = `reporting dashboard via gateway, ${target.label}`;
        const direct = `reporting dashboard direct to subgraph, ${target.label}`;
        for (const order of [
          [through, direct],
          [direct, through],
        ]) {
          for (const label of order) {
            process.stderr.write(`${label}: ${RATE}/s for ${half} s`);
            const { result: round, cpu } = await server.measure(() =>
              paced(label === through ? gateway : reporting, headers, dashboard, half),
            );
            // Per round too: a spike confined to one round points at the machine, not the path.
            const f = figures({ label, ...round });
            process.stderr.write(` → p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms\n`);
            merged.add(label, round, cpu);
          }
        }
        const spanning = `planning + assessment dashboard via gateway, ${target.label}`;
        process.stderr.write(`${spanning}: ${RATE}/s for ${DURATION} s\n`);
        const { result, cpu } = await server.measure(() =>
          paced(gateway, headers, overview, DURATION),
        );
        merged.add(spanning, result, cpu);
        return [through, direct, spanning].map((label) => merged.figures(label));
      },
    );
  } finally {
    await target.dispose();
  }
}

function print(rows: Figures[], join: Figures | undefined): void {
  const header = [
    'scenario',
    'requests',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'failed',
    'server CPU ms/request',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of join ? [...rows, join] : rows) {
    console.log(
      `| ${f.label} | ${f.requests} | ${f.perSecond.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p99} | ${f.max} | ${f.failures} | ${f.cpuMsPerRequest ?? 'n/a'} |`,
    );
  }
  console.log('');
  const [gateway, direct] = rows;
  const added = (a: number, b: number): string => (a - b).toFixed(2);
  if (gateway && direct)
    console.log(
      `Gateway's added latency (same query, same subgraph): p50 ${added(gateway.p50, direct.p50)} ms, p99 ${added(gateway.p99, direct.p99)} ms (goal: < 5 ms at p99: ${gateway.p99 - direct.p99 < 5 ? 'met' : 'NOT met'}).`,
    );
  if (join)
    console.log(
      `Entity join on ${ENTITY_STORE}: p50 ${join.p50} ms, p99 ${join.p99} ms (goal: < 20 ms at p99: ${join.p99 < 20 && join.failures === 0 ? 'met' : 'NOT met'})${join.cpuMsPerRequest === undefined ? '' : `; the app's CPU ${join.cpuMsPerRequest} ms per request`}.`,
    );
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )} at the end: other work on the machine shows in the tail), ${new Date().toISOString()}, ${RATE} requests/s open loop, ${DURATION} s per scenario (the first two in alternating halves), ${WARMUP} s warm-up each, loopback HTTP, the standalone app in its own process with the seeded 761 plan (dashboards on ${DASHBOARD_STORE}), a supervisor's token.`,
  );
}

/**
 * The entity join at RATE/s through the gateway of the standalone app in its own process
 * (BENCH_ENTITY_STORE, default PostgreSQL): one project with a disbursement, seven monthly
 * reports, its flags and its department's score.
 */
async function entityJoin(): Promise<Figures> {
  const target = storeTarget(ENTITY_STORE, 'bench_entity');
  try {
    process.stderr.write(
      `\nentity join: the standalone app in its own process on ${target.label}\n`,
    );
    return await withServer(
      {
        service: 'gateway',
        store: target,
        env: { LOAD_SEED: 'true', DEADLINE_CHECK_INTERVAL_MS: '0', RISK_SWEEP_INTERVAL_MS: '0' },
      },
      (server) => joinOn(server, target.label),
    );
  } finally {
    await target.dispose();
  }
}

async function joinOn(server: ServerProcess, store: string): Promise<Figures> {
  const url = server.graphql;
  const tokens = {
    planning_office: await server.headers({ role: 'planning_office', subject: 'bench-entity' }),
    region: await server.headers({ role: 'region', subject: 'bench-entity', region: 'changchun' }),
  };
  const send = async (role: 'planning_office' | 'region', query: string, input?: object) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: tokens[role],
      body: JSON.stringify({ query, variables: input ? { input } : {} }),
    });
    const text = await response.text();
    if (text.includes('"errors"')) throw new Error(`${query.slice(0, 60)}: ${text.slice(0, 400)}`);
  };
  const projectId = `bench-heating-${process.pid}`;
  const k = (label: string) => `bench-entity-${label}-${process.pid}`;
  await send(
    'planning_office',
    `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
    heatingProjectProposal(projectId, k('propose')),
  );
  await send(
    'planning_office',
    `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
    heatingProjectApproval(projectId, k('approve')),
  );
  await send(
    'planning_office',
    `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
    {
      idempotencyKey: k('pay'),
      projectId,
      disbursementId: 'PAY-1',
      amount: '600000.00',
      source: 'special_bonds',
      paidOn: '2021-02-01',
      payee: '长春热力集团',
    },
  );
  for (let month = 1; month <= 7; month++) {
    await send(
      'region',
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      {
        idempotencyKey: k(`report-${month}`),
        projectId,
        period: `2021-${String(month).padStart(2, '0')}`,
        investmentInMonth: '50000.00',
        cumulativeInvestment: `${50000 * month}.00`,
        physicalProgressPercent: String(month * 5),
        physicalProgress: '管网施工',
        submittedBy: '长春热力集团',
      },
    );
  }
  await send(
    'planning_office',
    `mutation { scorePeriod(period: "2021-07", idempotencyKey: "${k('score')}") { unit } }`,
  );
  await send('planning_office', `mutation { checkRisks }`);

  const headers = await server.headers({ role: 'supervisor', subject: 'bench-entity' });
  const body = JSON.stringify({ query: ENTITY_JOIN, variables: { projectId } });
  const probe = await (await fetch(url, { method: 'POST', headers, body })).text();
  if (probe.includes('"errors"') || !probe.includes('"score"'))
    throw new Error(`the entity join does not answer in full: ${probe.slice(0, 500)}`);
  process.stderr.write(`${url}: ${probe.length} bytes of project overview\n`);
  await paced(url, headers, body, WARMUP);
  process.stderr.write(`entity join via gateway: ${RATE}/s for ${DURATION} s\n`);
  const { result: samples, cpu } = await server.measure(() => paced(url, headers, body, DURATION));
  const merged = merger();
  const label = `entity join (project + 6 reports + open flags + department score) via gateway, ${store}`;
  merged.add(label, samples, cpu);
  return merged.figures(label);
}

function figuresOf(rows: Figures[]): Figure[] {
  return rows.flatMap((f) => [
    ms(`${f.label}: p50`, f.p50),
    ms(`${f.label}: p99`, f.p99),
    failures(`${f.label}: failed`, f.failures),
    {
      name: `${f.label}: server CPU per request`,
      value: f.cpuMsPerRequest ?? NaN,
      unit: 'ms',
      better: 'lower' as const,
    },
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
