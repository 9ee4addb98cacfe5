/**
 * npm run bench:planning — commands per second and latency through GraphQL on the
 * standalone app, loopback only, bounded in time. Runs on the embedded PGlite store and on
 * PostgreSQL side by side.
 *
 *   BENCH_DURATION=20      seconds per scenario (default 15)
 *   BENCH_STORES=pglite    only these stores (pglite,postgres)
 *   BENCH_RATE=200         commands/s of the paced (open-loop) scenarios
 *   DATABASE_URL=...       PostgreSQL for the postgres run (default: the local one)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStoreConfig } from '@ledger/event-store';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { AppModule } from '../../apps/gateway/src/app.module';
import { openLoop } from '../shared/open-loop';

/** The benchmark acts as the planning office, with a token of the app's standalone key. */
const benchAuth = {
  kind: 'local' as const,
  keyDirectory: mkdtempSync(join(tmpdir(), 'ledger-bench-auth-')),
  issuer: LOCAL_ISSUER,
  audience: DEFAULT_AUDIENCE,
};
const bearer = { header: '' };

const DURATION = Number(process.env.BENCH_DURATION ?? '15');
const STORES = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');

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
        amount: '1.00',
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
}

async function run(
  url: string,
  store: string,
  scenario: string,
  options: { connections: number; body: (i: number) => string },
): Promise<Figures> {
  let failures = 0;
  let i = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    duration: DURATION,
    connections: options.connections,
    headers: { 'content-type': 'application/json', authorization: bearer.header },
    requests: [
      {
        setupRequest: (request) => ({ ...request, body: options.body(i++) }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failures += 1;
        },
      },
    ],
  });
  return {
    scenario,
    store,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    failures: failures + result.errors + result.timeouts + result.non2xx,
  };
}

const RATE = Number(process.env.BENCH_RATE ?? '200');

async function paced(
  url: string,
  store: string,
  scenario: string,
  body: (i: number) => string,
): Promise<Figures> {
  const f = await openLoop({
    url,
    rate: RATE,
    seconds: DURATION,
    headers: { 'content-type': 'application/json', authorization: bearer.header },
    body,
    isFailure: (status, text) => status !== 200 || text.includes('"errors"'),
  });
  for (const [reason, count] of Object.entries(f.failureReasons))
    process.stderr.write(`${store}: ${scenario}: ${count} failed with ${reason}\n`);
  return {
    scenario: scenario.replace('200/s', `${RATE}/s`),
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

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: bearer.header },
    body,
  });
  return response.json();
}

async function approvedProjects(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const proposed = (await post(url, proposal())) as {
      data: { proposeProject: { project: { projectId: string } } };
    };
    const projectId = proposed.data.proposeProject.project.projectId;
    await post(
      url,
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

async function benchStore(name: string, store: EventStoreConfig): Promise<Figures[]> {
  const schemas = {
    planning: uniqueSchemaName('bench'),
    reporting: uniqueSchemaName('bench_reporting'),
    assessment: uniqueSchemaName('bench_assessment'),
  };
  const app: INestApplication = await NestFactory.create(
    AppModule.forRoot({
      store,
      planning: { readModelSchema: schemas.planning, loadSeed: true },
      reporting: { readModelSchema: schemas.reporting, deadlineCheckIntervalMs: 0 },
      assessment: { readModelSchema: schemas.assessment, sweepIntervalMs: 0 },
      auth: benchAuth,
    }),
    { logger: ['error'] },
  );
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`;
  const key = await loadOrCreateLocalKey(benchAuth.keyDirectory);
  bearer.header = `Bearer ${await mintLocalToken(key, benchAuth.issuer, benchAuth.audience, {
    role: 'planning_office',
    subject: 'bench-planning',
  })}`;
  try {
    const figures: Figures[] = [];
    process.stderr.write(`${name}: warming up\n`);
    await run(url, name, 'warm-up', { connections: 4, body: proposal }).catch(() => undefined);
    process.stderr.write(`${name}: proposals at ${RATE}/s\n`);
    figures.push(await paced(url, name, 'proposeProject at 200/s (open loop)', proposal));
    process.stderr.write(`${name}: proposals, as fast as it goes\n`);
    figures.push(
      await run(url, name, 'proposeProject, max rate', { connections: 16, body: proposal }),
    );
    const projects = await approvedProjects(url, 50);
    process.stderr.write(`${name}: disbursements at ${RATE}/s\n`);
    figures.push(
      await paced(url, name, 'disburseFunds at 200/s (open loop, 50 projects)', (i) =>
        disbursement(projects[i % projects.length]!),
      ),
    );
    return figures;
  } finally {
    await app.close();
    if (store.adapter === 'postgres') {
      // The benchmark's data goes with it: nothing left behind in the shared database.
      const client = new Client({ connectionString: store.connectionString });
      await client.connect();
      for (const schema of [store.schema, ...Object.values(schemas)]) {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
      await client.end();
    }
  }
}

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
  ];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const f of all) {
    console.log(
      `| ${f.scenario} | ${f.store} | ${f.requests} | ${f.perSecond.toFixed(0)} | ${f.p50} | ${f.p90} | ${f.p99} | ${f.max} | ${f.failures} |`,
    );
  }
  console.log(
    `\nNode ${process.version}, ${new Date().toISOString()}, ${DURATION} s per scenario, loopback HTTP, GraphQL mutations through the standalone app. Goal: p99 < 50 ms at 200 commands/s.`,
  );
}

async function main(): Promise<void> {
  const all: Figures[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-planning-'));
  try {
    if (STORES.includes('pglite')) {
      all.push(...(await benchStore('PGlite', { adapter: 'pglite', dataDir })));
    }
    if (STORES.includes('postgres')) {
      all.push(
        ...(await benchStore('PostgreSQL', {
          adapter: 'postgres',
          connectionString: databaseUrl(),
          schema: uniqueSchemaName('bench_store'),
          poolSize: 20,
        })),
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  print(all);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
