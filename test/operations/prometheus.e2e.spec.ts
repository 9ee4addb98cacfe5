import { projectionProbes } from '@ledger/observability';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { RunningPrometheus, prometheusInstalled, startPrometheus } from './prometheus-server';

const enabled = requirePostgres('prometheus e2e') && prometheusInstalled('prometheus e2e');

const PROPOSE = `mutation Propose($input: ProposeProjectInput!) { proposeProject(input: $input) { position } }`;
const APPROVE = `mutation Approve($input: ApproveProjectInput!) { approveProject(input: $input) { position } }`;

function proposal(projectId: string, idempotencyKey: string): Record<string, unknown> {
  return {
    idempotencyKey,
    projectId,
    nameZh: '长春市南部新城供热管网改造工程',
    nameEn: 'Changchun south new town heating network renewal',
    networkCode: 'municipal',
    categoryCode: 'heating',
    tags: [],
    regionCode: 'changchun',
    responsibleUnit: '长春市城市开发建设投资集团',
    constructionNature: 'reconstruction',
    plannedTotalInvestment: '120000000.00',
    fundingPlan: [{ source: 'special_bonds', amount: '120000000.00' }],
    plannedStart: '2021-04-01',
    plannedEnd: '2022-10-31',
    annualInvestmentPlan: [{ year: 2021, amount: '120000000.00' }],
  };
}

/**
 * The standalone process scraped by a real Prometheus (Debian's) every second: after a
 * scripted scenario, PromQL over Prometheus's HTTP API gives back the scenario's counts.
 */
(enabled ? describe : describe.skip)('operations: a real Prometheus scrapes /metrics', () => {
  const ACCEPTED = 5;
  const REFUSED = 3;
  let running: RunningApp;
  let origin: string;
  let prometheus: RunningPrometheus;
  const schema = uniqueSchemaName('prom');
  const value = (promql: string) => prometheus.value(promql);

  beforeAll(async () => {
    running = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: `${schema}_store`,
        poolSize: 6,
      },
      schema,
      // The programme's networks and regions, which proposals are checked against.
      loadSeed: true,
    });
    origin = new URL(running.url).origin;
    prometheus = await startPrometheus([new URL(origin).host]);
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await running?.close();
  });

  it('serves /health/live, /health/ready and /metrics outside the console and without a token', async () => {
    const live = await fetch(`${origin}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${origin}/health/ready`);
    const body = (await ready.json()) as { status: string; details: Record<string, unknown> };
    expect({ status: ready.status, body: body.status }).toEqual({ status: 200, body: 'ok' });
    expect(body.details).toMatchObject({
      store: { status: 'up', adapter: 'postgres' },
      'projection:planning.project-library': { status: 'up' },
    });
    const metrics = await fetch(`${origin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toMatch(/^# HELP ledger_commands_total /m);
  });

  it('answers 503 from /health/ready, naming the projection that is catching up', async () => {
    const remove = projectionProbes.add('probe-catching-up', {
      name: 'probe-catching-up',
      state: () => ({ position: 3n, running: true, catchingUp: true, lastError: null }),
      lag: () => Promise.resolve({ events: 0, seconds: 0 }),
    });
    try {
      const ready = await fetch(`${origin}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'error',
        error: {
          'projection:probe-catching-up': {
            status: 'down',
            message: 'catching up with the history',
          },
        },
      });
    } finally {
      remove();
    }
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);
  });

  it('gives back the scenario’s counts through PromQL', async () => {
    // What the seed recorded before the scenario: the scenario's figures are on top of it.
    await prometheus.nextScrape();
    const totals = {
      accepted: 'sum(ledger_commands_total{outcome="accepted"})',
      appends: 'sum(ledger_store_appends_total{outcome="appended"})',
      events: 'sum(ledger_store_appended_events_total)',
    };
    const before = {
      accepted: (await value(totals.accepted)) ?? 0,
      appends: (await value(totals.appends)) ?? 0,
      events: (await value(totals.events)) ?? 0,
    };
    const ids = Array.from({ length: ACCEPTED }, (_, i) => `prom-${process.pid}-${i}`);
    for (const [i, id] of ids.entries()) {
      const answer = await running.graphql(PROPOSE, { input: proposal(id, `prom-propose-${i}`) });
      expect(answer.errors).toBeUndefined();
    }
    // The same projects proposed again under new keys: refused by the rule, nothing written.
    for (let i = 0; i < REFUSED; i++) {
      const answer = await running.graphql(PROPOSE, {
        input: proposal(ids[i]!, `prom-again-${i}`),
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe('RULE_VIOLATED');
    }
    // An approval decided on a version the project is not at: a conflict.
    const conflict = await running.graphql(APPROVE, {
      input: {
        idempotencyKey: 'prom-approve-stale',
        expectedVersion: '7',
        projectId: ids[0],
        authority: '长春市发展和改革委员会',
        documentNumber: '长发改审批〔2021〕100号',
        approvedInvestment: '100000000.00',
        approvedOn: '2021-03-15',
      },
    });
    expect(conflict.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Only a scrape taken after the scenario counts.
    await prometheus.nextScrape();

    const planning = (command: string, outcome: string) =>
      value(
        `sum(ledger_commands_total{service="planning",command="${command}",outcome="${outcome}"})`,
      );
    expect({
      up: await value('up{job="ledger"}'),
      ready: await value('ledger_ready{job="ledger"}'),
      accepted: ((await value(totals.accepted)) ?? 0) - before.accepted,
      proposed: await planning('ProposeProject', 'accepted'),
      refused: await planning('ProposeProject', 'rejected'),
      conflicts: await planning('ApproveProject', 'conflict'),
      timed: await value(
        'sum(ledger_command_duration_seconds_count{service="planning",command="ProposeProject"})',
      ),
      appends: ((await value(totals.appends)) ?? 0) - before.appends,
      events: ((await value(totals.events)) ?? 0) - before.events,
      proposeRequests: await value('sum(ledger_gateway_requests_total{operation="Propose"})'),
      proposeOk: await value(
        'sum(ledger_gateway_requests_total{operation="Propose",outcome="ok"})',
      ),
      proposeRefused: await value(
        'sum(ledger_gateway_requests_total{operation="Propose",outcome="rejected"})',
      ),
      approveConflict: await value(
        'sum(ledger_gateway_requests_total{operation="Approve",outcome="conflict"})',
      ),
      proposeTimed: await value(
        'sum(ledger_gateway_request_duration_seconds_count{operation="Propose"})',
      ),
    }).toEqual({
      up: 1,
      ready: 1,
      accepted: ACCEPTED,
      proposed: ACCEPTED,
      refused: REFUSED,
      conflicts: 1,
      timed: ACCEPTED + REFUSED,
      appends: ACCEPTED,
      events: ACCEPTED,
      proposeRequests: ACCEPTED + REFUSED,
      proposeOk: ACCEPTED,
      proposeRefused: REFUSED,
      approveConflict: 1,
      proposeTimed: ACCEPTED + REFUSED,
    });

    // The store's head is the last proposal's position, and every projection gets there.
    const head = await value('ledger_store_head_position');
    expect(head).toBeGreaterThanOrEqual(ACCEPTED);
    await prometheus.until(
      async () =>
        (await value('max(ledger_projection_lag_events)')) === 0 &&
        (await value('min(ledger_projection_position)')) === head,
      'every projection at the head, lag 0',
    );
    expect({
      lagSeconds: await value('max(ledger_projection_lag_seconds)'),
      notRunning: await value('count(ledger_projection_running == 0)'),
      running: ((await value('count(ledger_projection_running == 1)')) ?? 0) > 0,
      failures: await value('sum(ledger_projection_failures_total)'),
    }).toEqual({ lagSeconds: 0, notRunning: null, running: true, failures: null });
  });

  it('times a risk check from the facts that caused it to its flag', async () => {
    const id = `prom-${process.pid}-risk`;
    expect(
      (await running.graphql(PROPOSE, { input: proposal(id, 'prom-risk-propose') })).errors,
    ).toBeUndefined();
    // An approval gives assessment a project to check: its reaction records the checks.
    const approved = await running.graphql(APPROVE, {
      input: {
        idempotencyKey: 'prom-risk-approve',
        projectId: id,
        authority: '长春市发展和改革委员会',
        documentNumber: '长发改审批〔2021〕200号',
        approvedInvestment: '100000000.00',
        approvedOn: '2021-03-15',
      },
    });
    expect(approved.errors).toBeUndefined();
    await prometheus.until(
      async () => ((await value('sum(ledger_assessment_lag_seconds_count)')) ?? 0) >= 1,
      'the assessment lag of the approval’s risk check',
    );
    const checks = await value(
      'sum(ledger_commands_total{service="assessment",command="RecordRiskChecks",outcome="accepted"})',
    );
    // Each flag recorded by the reaction is timed once; a check that records nothing is not.
    expect(checks).toBeGreaterThanOrEqual(
      (await value('sum(ledger_assessment_lag_seconds_count)'))!,
    );
    expect(await value('sum(ledger_assessment_lag_seconds_sum)')).toBeGreaterThanOrEqual(0);
  });
});
