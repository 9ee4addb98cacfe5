/**
 * npm run bench:gateway — what the federation gateway adds to a supervisor's dashboard:
 * the same query at a fixed rate through the gateway (/graphql) and straight at the one
 * subgraph that serves it (/subgraphs/reporting/graphql), p50/p90/p99/max of each and the
 * difference. Then a dashboard spanning two subgraphs (planning + assessment) through the
 * gateway only: the cost of a query plan with two fetches. Standalone app on PGlite with
 * the seeded 761 plan, loopback HTTP, bounded in time. Goal: the gateway adds < 5 ms at p99.
 *
 *   BENCH_RATE=100       requests/s, open loop (default 100)
 *   BENCH_DURATION=20    seconds per target, split over two rounds in alternating order
 *   BENCH_WARMUP=3       seconds of warm-up per target (JIT, query-plan cache, pools)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { AppModule } from '../../apps/gateway/src/app.module';

const RATE = Number(process.env.BENCH_RATE ?? '100');
const DURATION = Number(process.env.BENCH_DURATION ?? '20');
const WARMUP = Number(process.env.BENCH_WARMUP ?? '3');

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
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-gateway-'));
  const auth = {
    kind: 'local' as const,
    keyDirectory: join(dataDir, 'auth'),
    issuer: LOCAL_ISSUER,
    audience: DEFAULT_AUDIENCE,
  };
  let app: INestApplication | undefined;
  try {
    process.stderr.write('starting the standalone app on PGlite with the seeded plan\n');
    app = await NestFactory.create(
      AppModule.forRoot({
        store: { adapter: 'pglite', dataDir: join(dataDir, 'store') },
        planning: { readModelSchema: 'planning', loadSeed: true },
        reporting: { readModelSchema: 'planning_reporting', deadlineCheckIntervalMs: 0 },
        assessment: { readModelSchema: 'planning_assessment', sweepIntervalMs: 0 },
        auth,
      }),
      { logger: ['error'] },
    );
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const token = await mintLocalToken(
      await loadOrCreateLocalKey(auth.keyDirectory),
      auth.issuer,
      auth.audience,
      { role: 'supervisor', subject: 'bench-gateway' },
    );
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const gateway = `${base}/graphql`;
    const reporting = `${base}/subgraphs/reporting/graphql`;
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
    const merged = new Map<string, Samples>();
    const add = (label: string, s: Awaited<ReturnType<typeof paced>>) => {
      const m = merged.get(label) ?? { label, sent: 0, latencies: [], failures: 0, seconds: 0 };
      m.sent += s.sent;
      m.latencies.push(...s.latencies);
      m.failures += s.failures;
      m.seconds += s.seconds;
      merged.set(label, m);
    };
    const half = DURATION / 2;
    const through = 'reporting dashboard via gateway';
    const direct = 'reporting dashboard direct to subgraph';
    for (const order of [
      [through, direct],
      [direct, through],
    ]) {
      for (const label of order) {
        process.stderr.write(`${label}: ${RATE}/s for ${half} s`);
        const round = await paced(
          label === through ? gateway : reporting,
          headers,
          dashboard,
          half,
        );
        // Per round too: a spike confined to one round points at the machine, not the path.
        const f = figures({ label, ...round });
        process.stderr.write(` → p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms\n`);
        add(label, round);
      }
    }
    const spanning = 'planning + assessment dashboard via gateway';
    process.stderr.write(`${spanning}: ${RATE}/s for ${DURATION} s\n`);
    add(spanning, await paced(gateway, headers, overview, DURATION));

    const rows = [through, direct, spanning].map((label) => figures(merged.get(label)!));
    print(rows);
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function print(rows: Figures[]): void {
  const header = [
    'scenario',
    'requests',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'failed',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of rows) {
    console.log(
      `| ${f.label} | ${f.requests} | ${f.perSecond.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p99} | ${f.max} | ${f.failures} |`,
    );
  }
  const [gateway, direct] = rows as [Figures, Figures, Figures];
  const added = (a: number, b: number): string => (a - b).toFixed(2);
  console.log(
    `\nGateway's added latency (same query, same subgraph): p50 ${added(gateway.p50, direct.p50)} ms, p99 ${added(gateway.p99, direct.p99)} ms (goal: < 5 ms at p99: ${gateway.p99 - direct.p99 < 5 ? 'met' : 'NOT met'}).`,
  );
  console.log(
    `Node ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )} at the end: other work on the machine shows in the tail), ${new Date().toISOString()}, ${RATE} requests/s open loop, ${DURATION} s per scenario (the first two in alternating halves), ${WARMUP} s warm-up each, loopback HTTP, standalone app on PGlite with the seeded 761 plan, a supervisor's token.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
