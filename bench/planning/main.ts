/**
 * npm run bench:planning — commands per second and latency through GraphQL on the
 * standalone app (`node dist/apps/gateway/src/main.js`, in a process of its own), loopback
 * only, bounded in time. Runs on each store of BENCH_STORES side by side, and reports the
 * server process's CPU next to each scenario.
 *
 *   BENCH_DURATION=20      seconds per scenario (default 15)
 *   BENCH_STORES=pglite    only these stores (default embedded-postgres,postgres,pglite; any EVENT_STORE kind)
 *   BENCH_RATE=200         commands/s of the paced (open-loop) scenarios
 *   DATABASE_URL=...       PostgreSQL for the postgres run (default: the local one)
 *   BENCH_JSON=file        also write the figures there, for bench:all
 */
import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import { Figure, failures, ms, rate, reportFigures } from '../shared/figures';
import { openLoop } from '../shared/open-loop';
import { ServerCpu, ServerProcess, withServer } from '../shared/server-process';
import { benchStores, storeTarget } from '../shared/store-targets';
import { AssessmentLag, assessmentLag } from '../shared/assessment-lag';

const DURATION = Number(process.env.BENCH_DURATION ?? '15');
const RATE = Number(process.env.BENCH_RATE ?? '200');

const PROPOSE = `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed project { projectId status } } }`;
const DISBURSE = `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed project { disbursedTotal } } }`;

let sequence = 0;
const unique = (): string => `${process.pid}-${Date.now().toString(36)}-${++sequence}`;

function proposal(): string {
  return JSON.stringify({
    query: PROPOSE,
    variables: {
      input: {
        idempotencyKey: `bench-${unique()}`,
        nameZh: '基准测试供热管网改造工程',
        networkCode: 'municipal',
        categoryCode: 'heating',
        regionCode: 'changchun',
        responsibleUnit: '基准测试单位',
        constructionNature: 'reconstruction',
        plannedTotalInvestment: '120000000.00',
        fundingPlan: [
          { source: 'special_bonds', amount: '80000000.00' },
          { source: 'city_county_self_raised', amount: '40000000.00' },
        ],
        plannedStart: '2021-04-01',
        plannedEnd: '2022-10-31',
        annualInvestmentPlan: [{ year: 2021, amount: '70000000.00' }],
      },
    },
  });
}

function disbursement(projectId: string): string {
  const id = unique();
  return JSON.stringify({
    query: DISBURSE,
    variables: {
      input: {
        idempotencyKey: `bench-pay-${id}`,
        projectId,
        disbursementId: `PAY-${id}`,
        // A thousandth of the approval: each payment moves the share paid, so the risk rules
        // that measure it update their flags, and assessment's lag is measured on real work.
        amount: '120000.00',
        source: 'special_bonds',
        paidOn: '2021-06-01',
        payee: '基准测试收款单位',
      },
    },
  });
}

interface Figures {
  scenario: string;
  store: string;
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failures: number;
  /** The server process's CPU over the scenario. */
  cpu: ServerCpu | null;
}

type Measured = Omit<Figures, 'cpu'>;

/** One scenario, with the server's CPU over it. */
async function scenario(server: ServerProcess, work: () => Promise<Measured>): Promise<Figures> {
  const { result, cpu } = await server.measure(work);
  return { ...result, cpu };
}

async function closedLoop(
  url: string,
  headers: Record<string, string>,
  store: string,
  name: string,
  options: { connections: number; body: (i: number) => string },
): Promise<Measured> {
  let failed = 0;
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    duration: DURATION,
    connections: options.connections,
    headers,
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: options.body(i++) }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failed += 1;
        },
      },
    ],
  });
  return {
    scenario: name,
    store,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: failed + result.errors + result.timeouts + result.non2xx,
  };
}

async function paced(
  url: string,
  headers: Record<string, string>,
  store: string,
  name: string,
  body: (i: number) => string,
): Promise<Measured> {
  const f = await openLoop({
    url,
    rate: RATE,
    seconds: DURATION,
    headers,
    body,
    isFailure: (status, text) => status !== 200 || text.includes('"errors"'),
  });
  for (const [reason, count] of Object.entries(f.failureReasons))
    process.stderr.write(`${store}: ${name}: ${count} failed with ${reason}\n`);
  return {
    scenario: name,
    store,
    requests: f.completed,
    perSecond: f.achievedPerSecond,
    p50: f.p50,
    p90: f.p90,
    p99: f.p99,
    max: f.max,
    failures: f.failures + (f.sent - f.completed),
  };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return response.json();
}

async function approvedProjects(
  url: string,
  headers: Record<string, string>,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const proposed = (await post(url, headers, proposal())) as {
      data: { proposeProject: { project: { projectId: string } } };
    };
    const projectId = proposed.data.proposeProject.project.projectId;
    await post(
      url,
      headers,
      JSON.stringify({
        query: `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
        variables: {
          input: {
            idempotencyKey: `bench-approve-${unique()}`,
            projectId,
            authority: '基准测试审批机关',
            documentNumber: `基准〔2021〕${i}号`,
            approvedInvestment: '120000000.00',
            approvedOn: '2021-03-01',
          },
        },
      }),
    );
    ids.push(projectId);
  }
  return ids;
}

/** Per store: from a payment's record to the flag that cites it, over the paced payments. */
const lags = new Map<string, AssessmentLag>();

async function benchStore(kind: string): Promise<Figures[]> {
  const target = storeTarget(kind, 'bench_planning', { poolSize: 20 });
  const name = target.label;
  try {
    process.stderr.write(`${name}: starting the standalone app in its own process\n`);
    return await withServer(
      {
        service: 'gateway',
        store: target,
        env: { LOAD_SEED: 'true', DEADLINE_CHECK_INTERVAL_MS: '0', RISK_SWEEP_INTERVAL_MS: '0' },
      },
      async (server) => {
        const url = server.graphql;
        // The benchmark acts as the planning office.
        const headers = await server.headers({
          role: 'planning_office',
          subject: 'bench-planning',
        });
        const figures: Figures[] = [];
        process.stderr.write(`${name}: warming up\n`);
        await closedLoop(url, headers, name, 'warm-up', { connections: 4, body: proposal }).catch(
          () => undefined,
        );
        process.stderr.write(`${name}: proposals at ${RATE}/s\n`);
        figures.push(
          await scenario(server, () =>
            paced(url, headers, name, `proposeProject at ${RATE}/s (open loop)`, proposal),
          ),
        );
        process.stderr.write(`${name}: proposals, as fast as it goes\n`);
        figures.push(
          await scenario(server, () =>
            closedLoop(url, headers, name, 'proposeProject, max rate', {
              connections: 16,
              body: proposal,
            }),
          ),
        );
        const projects = await approvedProjects(url, headers, 50);
        process.stderr.write(`${name}: disbursements at ${RATE}/s\n`);
        const pacedFrom = new Date();
        figures.push(
          await scenario(server, () =>
            paced(url, headers, name, `disburseFunds at ${RATE}/s (open loop, 50 projects)`, (i) =>
              disbursement(projects[i % projects.length]!),
            ),
          ),
        );
        // Flags follow the payments on their own time: let them land before reading the lag.
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        const auditor = await server.headers({ role: 'auditor', subject: 'bench-auditor' });
        lags.set(name, await assessmentLag(url, auditor, pacedFrom, ['FundsDisbursed']));
        process.stderr.write(`${name}: disbursements, as fast as they go\n`);
        figures.push(
          await scenario(server, () =>
            closedLoop(url, headers, name, 'disburseFunds, max rate (50 projects)', {
              connections: 16,
              body: (i) => disbursement(projects[i % projects.length]!),
            }),
          ),
        );
        return figures;
      },
    );
  } finally {
    await target.dispose();
  }
}

const cpuPerRequest = (f: Figures): number =>
  f.cpu && f.requests > 0 ? Math.round((f.cpu.cpuMs / f.requests) * 100) / 100 : NaN;

function print(all: Figures[]): void {
  const header = [
    'scenario',
    'store',
    'requests',
    'commands/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'failed',
    'server CPU ms/command',
    'server CPU % of a core',
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.scenario} | ${f.store} | ${f.requests} | ${f.perSecond.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p99} | ${f.max} | ${f.failures} | ${cpuPerRequest(f)} | ${f.cpu ? f.cpu.percentOfCore.toFixed(0) : 'n/a'} |`,
    );
  }
  console.log(
    '\n| store | flags raised or updated | assessment lag p50 ms | p99 ms | max ms |\n|---|---|---|---|---|',
  );
  for (const [store, lag] of lags) {
    console.log(`| ${store} | ${lag.flags} | ${lag.p50Ms} | ${lag.p99Ms} | ${lag.maxMs} |`);
  }
  console.log(
    `\nNode ${process.version}, ${cpus().length} CPUs (load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(
        ' ',
      )} at the end), ${new Date().toISOString()}, ${DURATION} s per scenario, loopback HTTP, GraphQL mutations through the standalone app in its own process (the server's CPU is that process's; PostgreSQL's own work is not in it). Goals: p99 < 50 ms at 200 commands/s; max rate >= 1,000 disbursements/s on PostgreSQL, >= 300/s on the embedded default; assessment lag p99 < 1 s.`,
  );
}

function figuresOf(all: Figures[]): Figure[] {
  return all.flatMap((f) => {
    const at = `${f.store}: ${f.scenario}`;
    return [
      rate(`${at}: commands/s`, f.perSecond, 'commands/s'),
      ms(`${at}: p50`, f.p50),
      ms(`${at}: p99`, f.p99),
      failures(`${at}: failed`, f.failures),
      {
        name: `${at}: server CPU per command`,
        value: cpuPerRequest(f),
        unit: 'ms',
        better: 'lower',
      },
    ];
  });
}

async function main(): Promise<void> {
  const all: Figures[] = [];
  for (const kind of benchStores()) all.push(...(await benchStore(kind)));
  print(all);
  const lagFigures = [...lags].flatMap(([store, lag]) => [
    ms(`${store}: assessment lag, payment to flag: p50`, lag.p50Ms),
    ms(`${store}: assessment lag, payment to flag: p99`, lag.p99Ms),
  ]);
  reportFigures('planning', [...figuresOf(all), ...lagFigures]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
