import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { AppProcess, freePort, graphqlAt, spawnApp, stopApp, until } from '../support/processes';

/**
 * LEDGER_CLOCK on the process `npm start` runs (apps/gateway/src/main.ts), over HTTP as a
 * client would see it. The clock is set to Tuesday 6 July 2021, 09:00 in Beijing, frozen:
 * the day before June's report falls due (Wednesday 7 July, the 5th working day of July),
 * long after May's. The machine's own date is years later, so every answer below that
 * follows the ledger clock differs from one that follows the system clock.
 */
const LEDGER_CLOCK = '2021-07-06T09:00+08:00';
const RECORDED_AT = '2021-07-06T01:00:00.000Z';
const TODAY = '2021-07-06';

const SUBMIT = `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) {
  reports { period dueOn submittedOn late } } }`;
const EVENTS = `query($filter: EventLogFilter, $after: String) {
  eventLog(filter: $filter, first: 100, after: $after) {
    edges { node { type recordedAt data } } pageInfo { hasNextPage endCursor } } }`;

interface LoggedEvent {
  type: string;
  recordedAt: string;
  data: string;
}
interface EventLogPage {
  eventLog: {
    edges: Array<{ node: LoggedEvent }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Waits for a process to exit by itself; kills it after `ms` (then the test fails). */
async function exitOf(
  app: AppProcess,
  ms: number,
): Promise<{ code: number | null; output: string }> {
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      app.child.kill('SIGKILL');
      resolve(null);
    }, ms);
    app.child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output: app.output.join('') };
}

describe('LEDGER_CLOCK on the standalone process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-clock-'));
  const projectId = `clock-heating-${process.pid}`;
  let app: AppProcess;
  let url: string;
  let token: (request: Partial<TokenRequest>) => Promise<string>;

  const graphql = async <T>(
    query: string,
    variables: Record<string, unknown>,
    as: Partial<TokenRequest>,
  ) => graphqlAt<T>(url, query, variables, await token(as));
  const office = { role: 'planning_office' as const, subject: 'clock-test' };
  const region = { role: 'region' as const, region: 'changchun', subject: 'clock-test' };
  const auditor = { role: 'auditor' as const, subject: 'clock-test' };

  async function events(filter: Record<string, unknown>): Promise<LoggedEvent[]> {
    const found: LoggedEvent[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { data?: EventLogPage | null; errors?: unknown } = await graphql<EventLogPage>(
        EVENTS,
        { filter, after },
        auditor,
      );
      expect(page.errors).toBeUndefined();
      const { edges, pageInfo } = page.data!.eventLog;
      found.push(...edges.map((e) => e.node));
      if (!pageInfo.hasNextPage) return found;
      after = pageInfo.endCursor;
    }
  }
  const overduePeriods = async () =>
    (await events({ projectId, types: ['DispatchReportOverdue'] })).map(
      (e) => (JSON.parse(e.data) as { period: string }).period,
    );

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    app = spawnApp('gateway', {
      LEDGER_CLOCK,
      LEDGER_CLOCK_ADVANCE: '',
      EVENT_STORE: 'pglite',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      // The deadline watcher on a short timer; risk sweeps only after facts change.
      DEADLINE_CHECK_INTERVAL_MS: '300',
      RISK_SWEEP_INTERVAL_MS: '0',
    });
    await until(
      () => fetch(url, { method: 'POST' }).then(() => true),
      'the standalone process to listen',
      120_000,
      [app],
    );
    const key = await loadOrCreateLocalKey(join(dataDir, 'auth'));
    token = (request) =>
      mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
        role: 'supervisor',
        subject: 'clock-test',
        ...request,
      });

    const proposed = await graphql(
      `
        mutation ($input: ProposeProjectInput!) {
          proposeProject(input: $input) {
            replayed
          }
        }
      `,
      { input: heatingProjectProposal(projectId, `clock-propose-${process.pid}`) },
      office,
    );
    expect(proposed.errors).toBeUndefined();
    const approved = await graphql(
      `
        mutation ($input: ApproveProjectInput!) {
          approveProject(input: $input) {
            replayed
          }
        }
      `,
      { input: heatingProjectApproval(projectId, `clock-approve-${process.pid}`) },
      office,
    );
    expect(approved.errors).toBeUndefined();
  }, 180_000);

  afterAll(async () => {
    await stopApp(app, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const report = (period: string, cumulative: string) => ({
    idempotencyKey: `clock-report-${period}-${process.pid}`,
    projectId,
    period,
    investmentInMonth: '100000',
    cumulativeInvestment: cumulative,
    physicalProgressPercent: '10',
    physicalProgress: '管网铺设开始',
    quantities: [],
    submittedBy: '长春热力集团',
  });

  it('judges a report submitted "today" by the ledger clock: on time, due tomorrow', async () => {
    const response = await graphql<{
      submitDispatchReport: { reports: Array<Record<string, unknown>> };
    }>(SUBMIT, { input: report('2021-06', '100000') }, region);
    expect(response.errors).toBeUndefined();
    expect(response.data!.submitDispatchReport.reports).toContainEqual({
      period: '2021-06',
      dueOn: '2021-07-07',
      submittedOn: TODAY,
      late: false,
    });
    // August has not begun on the ledger's 6 July, whatever the machine's date.
    const august = await graphql(SUBMIT, { input: report('2021-08', '200000') }, region);
    expect(august.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'PERIOD_IN_FUTURE',
    });
  });

  it('sweeps for overdue reports by the ledger clock: January to May, not June, nothing later', async () => {
    await until(
      async () => (await overduePeriods()).length >= 5,
      'the deadline watcher to record the missed months',
      30_000,
      [app],
    );
    // A few more sweeps: a clock that moved on would record later months by now.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await overduePeriods()).toEqual(['2021-01', '2021-02', '2021-03', '2021-04', '2021-05']);
  });

  it('checks risks as of the ledger date', async () => {
    const checked = await graphql(
      `
        mutation {
          checkRisks
        }
      `,
      {},
      office,
    );
    expect(checked.errors).toBeUndefined();
    const flags = await graphql<{
      riskFlags: Array<{ projectId: string | null; rule: string; raisedOn: string }>;
    }>(
      `
        {
          riskFlags(first: 200) {
            projectId
            rule
            raisedOn
          }
        }
      `,
      {},
      office,
    );
    expect(flags.errors).toBeUndefined();
    const ours = flags.data!.riskFlags.filter((f) => f.projectId === projectId);
    // Planned to start on 1 January 2021 and not started by the ledger's 6 July.
    expect(ours.map((f) => f.rule)).toContain('not-started');
    expect(new Set(ours.map((f) => f.raisedOn))).toEqual(new Set([TODAY]));
    const raised = await events({ projectId, types: ['RiskFlagRaised'] });
    const notStarted = raised
      .map((e) => JSON.parse(e.data) as { rule: string; asOf: string; evidence: unknown })
      .find((d) => d.rule === 'not-started');
    expect(notStarted).toMatchObject({
      asOf: TODAY,
      evidence: { figures: { plannedStart: '2021-01-01', monthsLate: '6' } },
    });
  });

  it('records every event at the ledger clock: the seed, commands, reports, sweeps and flags', async () => {
    const all = await events({});
    expect(all.length).toBeGreaterThan(160);
    const types = new Set(all.map((e) => e.type));
    for (const type of [
      'ProjectListedInPlan',
      'ProjectProposed',
      'ProjectApproved',
      'DispatchReportSubmitted',
      'DispatchReportOverdue',
      'RiskFlagRaised',
    ]) {
      expect(types).toContain(type);
    }
    expect(new Set(all.map((e) => e.recordedAt))).toEqual(new Set([RECORDED_AT]));
  });

  it('bounds as-of questions by the ledger clock', async () => {
    const asOf = (at: Record<string, string>) =>
      graphql<{ riskFlagsAsOf: Array<{ projectId: string | null; rule: string }> }>(
        `
          query ($asOf: AsOf!) {
            riskFlagsAsOf(asOf: $asOf, first: 200) {
              projectId
              rule
            }
          }
        `,
        { asOf: at },
        office,
      );
    // Years before the machine's date, but after the ledger's now: nothing recorded there yet.
    const later = await asOf({ recordedAt: '2024-01-01T00:00:00Z' });
    expect(later.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'asOf.recordedAt',
    });
    const tomorrow = await asOf({ validAt: '2021-07-07' });
    expect(tomorrow.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'asOf.validAt',
    });
    const now = await asOf({ recordedAt: RECORDED_AT });
    expect(now.errors).toBeUndefined();
    expect(now.data!.riskFlagsAsOf.filter((f) => f.projectId === projectId)).toContainEqual({
      projectId,
      rule: 'not-started',
    });
  });
});

describe('LEDGER_CLOCK with NODE_ENV=production', () => {
  it('stops the standalone process and a service alone at start-up, saying why', async () => {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'ledger-clock-prod-')));
    try {
      const env = async (dataDir: string) => ({
        NODE_ENV: 'production',
        LEDGER_CLOCK,
        EVENT_STORE: 'pglite',
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        // Everything else production needs is there: the clock is the only reason to stop.
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
        AUTH_ISSUER: 'https://idp.example',
        LOAD_SEED: 'false',
      });
      const started = [
        spawnApp('gateway', await env(dirs[0]!)),
        spawnApp('reporting', await env(dirs[1]!)),
      ];
      for (const { code, output } of await Promise.all(started.map((p) => exitOf(p, 90_000)))) {
        expect(output).toContain('LEDGER_CLOCK is refused with NODE_ENV=production');
        expect(code).not.toBe(0);
        expect(code).not.toBeNull();
      }
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
