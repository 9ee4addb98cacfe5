import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { TokenRequest } from '@ledger/auth';
import { ProgressQueries } from '../../apps/reporting/src/progress/progress.queries';
import { ProjectLibraryQueries } from '../../apps/planning/src/project-library/project-library.queries';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { RunningApp, startStandalone } from '../support/standalone-app';

let n = 0;
const key = (label: string): string => `one-graph-${label}-${process.pid}-${++n}`;
const DEPARTMENT = 'housing-urban-rural-department';

/** The question of issue 12 in one request: a project, its money, reports, flags and its department's score. */
const PROJECT_OVERVIEW = `query Overview($projectId: String!, $period: String!) {
  project(projectId: $projectId) {
    projectId nameZh
    disbursements { disbursementId amount paidOn }
    dispatchReports(last: 6) { period cumulativeInvestment late }
    riskFlags(open: true) { rule severity status evidence { figures { name value } eventIds } }
    leadDepartment { code nameZh score(period: $period) { unit score rank } }
    regions { code nameZh }
  }
}`;

interface Overview {
  project: {
    projectId: string;
    disbursements: Array<{ disbursementId: string; amount: string; paidOn: string }>;
    dispatchReports: Array<{ period: string; cumulativeInvestment: string }>;
    riskFlags: Array<{ rule: string; severity: string; status: string }>;
    leadDepartment: { code: string; score: { unit: string; score: string; rank: number } | null };
    regions: Array<{ code: string }>;
  };
}

describe('one graph: Project, Region and Department entities across the four subgraphs', () => {
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  const projectId = `heating-one-graph-${process.pid}`;
  const base = () => running.url.replace(/\/graphql$/, '');
  const at = async <T>(
    subgraph: string,
    query: string,
    variables: Record<string, unknown>,
    as: Partial<TokenRequest>,
  ) => {
    const response = await fetch(`${base()}/subgraphs/${subgraph}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await running.token(as)}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      data?: T | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
  };
  const ok = async (query: string, input: Record<string, unknown>, as = {}) => {
    const response = await running.graphql(query, { input }, as);
    expect(response.errors).toBeUndefined();
  };
  const entities = (typename: string, keys: Array<Record<string, string>>) =>
    keys.map((k) => ({ __typename: typename, ...k }));

  beforeAll(async () => {
    running = await startStandalone({ clock });
    await ok(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      heatingProjectProposal(projectId, key('propose')),
    );
    await ok(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      heatingProjectApproval(projectId, key('approve')),
    );
    await ok(
      `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
      {
        idempotencyKey: key('pay'),
        projectId,
        disbursementId: 'PAY-1',
        amount: '600000.50',
        source: 'special_bonds',
        paidOn: '2021-02-01',
        payee: '长春热力集团',
      },
    );
    // Seven months reported, on time, by the region responsible.
    for (let month = 1; month <= 7; month++) {
      const period = `2021-${String(month).padStart(2, '0')}`;
      clock.set(`2021-${String(month + 1).padStart(2, '0')}-03` as LocalDate);
      await ok(
        `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
        {
          idempotencyKey: key(`report-${month}`),
          projectId,
          period,
          investmentInMonth: '50000.00',
          cumulativeInvestment: `${50000 * month}.00`,
          physicalProgressPercent: String(month * 5),
          physicalProgress: '管网施工',
          submittedBy: '长春热力集团',
        },
        { role: 'region', region: 'changchun' },
      );
    }
    const scored = await running.graphql(
      `mutation { scorePeriod(period: "2021-07", idempotencyKey: "${key('score')}") { unit } }`,
    );
    expect(scored.errors).toBeUndefined();
    const checked = await running.graphql(`mutation { checkRisks }`);
    expect(checked.errors).toBeUndefined();
  }, 180_000);

  afterAll(async () => {
    await running?.close();
  });

  it('answers the project, its disbursements, last six reports, open flags and department score in one gateway query', async () => {
    const response = await running.graphql<Overview>(
      PROJECT_OVERVIEW,
      { projectId, period: '2021-07' },
      { role: 'supervisor' },
    );
    expect(response.errors).toBeUndefined();
    const project = response.data!.project;
    expect(project.disbursements).toEqual([
      { disbursementId: 'PAY-1', amount: '600000.50', paidOn: '2021-02-01' },
    ]);
    expect(project.dispatchReports.map((r) => r.period)).toEqual([
      '2021-02',
      '2021-03',
      '2021-04',
      '2021-05',
      '2021-06',
      '2021-07',
    ]);
    expect(project.dispatchReports[5]!.cumulativeInvestment).toBe('350000.00');
    expect(project.regions.map((r) => r.code)).toEqual(['changchun']);

    // The same figures as the root fields that serve them.
    const roots = await running.graphql<{
      riskFlags: Array<{ projectId: string; rule: string; severity: string; status: string }>;
      scores: Array<{ unit: string; score: string; rank: number }>;
    }>(
      `{ riskFlags(filter: { status: "open" }, first: 200) { projectId rule severity status }
         scores(period: "2021-07", unitKind: "department") { unit score rank } }`,
      {},
      { role: 'supervisor' },
    );
    expect(roots.errors).toBeUndefined();
    const open = roots
      .data!.riskFlags.filter((f) => f.projectId === projectId)
      .map(({ rule, severity, status }) => ({ rule, severity, status }));
    expect(open.length).toBeGreaterThan(0);
    expect(
      project.riskFlags.map(({ rule, severity, status }) => ({ rule, severity, status })),
    ).toEqual(open);
    expect(project.leadDepartment.code).toBe(DEPARTMENT);
    expect(project.leadDepartment.score).toEqual(
      roots.data!.scores.find((s) => s.unit === DEPARTMENT),
    );
  });

  it("answers the project's facts as the risk rules see them, citing the events they come from", async () => {
    const response = await running.graphql<{
      project: {
        disbursements: Array<{ amount: string }>;
        facts: {
          status: string;
          disbursed: string;
          lastReportedPeriod: string | null;
          reportedCumulative: string | null;
          evidence: { approval: string | null; lastDisbursement: string | null };
        } | null;
        timeline: { edges: Array<{ node: { eventId: string; type: string } }> };
      };
    }>(
      `query($projectId: String!) { project(projectId: $projectId) {
         disbursements { amount }
         facts { status disbursed lastReportedPeriod reportedCumulative evidence { approval lastDisbursement } }
         timeline(first: 100) { edges { node { eventId type } } } } }`,
      { projectId },
      { role: 'auditor' },
    );
    expect(response.errors).toBeUndefined();
    const project = response.data!.project;
    expect(project.facts).toMatchObject({
      disbursed: project.disbursements[0]!.amount,
      lastReportedPeriod: '2021-07',
      reportedCumulative: '350000.00',
    });
    // The evidence names events of the project's own timeline (audit's field on the entity).
    const ids = new Map(project.timeline.edges.map((e) => [e.node.eventId, e.node.type]));
    expect(ids.get(project.facts!.evidence.approval!)).toBe('ProjectApproved');
    expect(ids.get(project.facts!.evidence.lastDisbursement!)).toBe('FundsDisbursed');
  });

  it('answers the same straight at each subgraph through _entities', async () => {
    const office = { role: 'planning_office' as const };
    const reps = entities('Project', [{ projectId }]);
    const planning = await at<{ _entities: Array<{ disbursements: Array<{ amount: string }> }> }>(
      'planning',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { disbursements { amount } } } }`,
      { r: reps },
      office,
    );
    expect(planning.errors).toBeUndefined();
    expect(planning.data!._entities[0]!.disbursements).toEqual([{ amount: '600000.50' }]);
    const reporting = await at<{
      _entities: Array<{ dispatchReports: Array<{ period: string }> }>;
    }>(
      'reporting',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { dispatchReports(last: 2) { period } } } }`,
      { r: reps },
      office,
    );
    expect(reporting.errors).toBeUndefined();
    expect(reporting.data!._entities[0]!.dispatchReports).toEqual([
      { period: '2021-06' },
      { period: '2021-07' },
    ]);
    const assessment = await at<{
      _entities: Array<{ riskFlags?: Array<{ status: string }>; score?: { unit: string } }>;
    }>(
      'assessment',
      `query($r: [_Any!]!) { _entities(representations: $r) {
         ... on Project { riskFlags(open: true) { status } }
         ... on Department { score(period: "2021-07") { unit } } } }`,
      { r: [...reps, ...entities('Department', [{ code: DEPARTMENT }])] },
      office,
    );
    expect(assessment.errors).toBeUndefined();
    expect(assessment.data!._entities[0]!.riskFlags!.length).toBeGreaterThan(0);
    expect(assessment.data!._entities[0]!.riskFlags!.every((f) => f.status === 'open')).toBe(true);
    expect(assessment.data!._entities[1]!.score).toEqual({ unit: DEPARTMENT });
    const audit = await at<{ _entities: Array<{ timeline: { edges: unknown[] } }> }>(
      'audit',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { timeline(first: 100) { edges { node { type } } } } } }`,
      { r: reps },
      { role: 'auditor' },
    );
    expect(audit.errors).toBeUndefined();
    // Proposed, approved, paid, seven reports: at least ten events in its history.
    expect(audit.data!._entities[0]!.timeline.edges.length).toBeGreaterThanOrEqual(10);
  });

  it.each(['planning', 'reporting', 'assessment'])(
    'refuses a project outside a region or department through _entities (%s), as at the root',
    async (subgraph) => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { projectId } } }`;
      const reps = entities('Project', [{ projectId }]);
      for (const as of [
        { role: 'region' as const, region: 'jilin-city' },
        { role: 'lead_department' as const, department: 'energy-bureau' },
      ]) {
        const response = await at(subgraph, query, { r: reps }, as);
        expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
      for (const as of [
        { role: 'region' as const, region: 'changchun' },
        { role: 'lead_department' as const, department: DEPARTMENT },
        { role: 'supervisor' as const },
      ]) {
        const response = await at<{ _entities: Array<{ projectId: string }> }>(
          subgraph,
          query,
          { r: reps },
          as,
        );
        expect(response.errors).toBeUndefined();
        expect(response.data!._entities).toEqual([{ projectId }]);
      }
    },
  );

  it('keeps the timeline to programme-wide readers and a department’s score to itself, through the gateway', async () => {
    const timeline = `query($id: String!) { project(projectId: $id) { timeline(first: 1) { edges { cursor } } } }`;
    // The project's own region sees the project, not its history.
    const refused = await running.graphql(
      timeline,
      { id: projectId },
      { role: 'region', region: 'changchun' },
    );
    expect(refused.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    for (const role of ['auditor', 'supervisor'] as const) {
      const allowed = await running.graphql(timeline, { id: projectId }, { role });
      expect(allowed.errors).toBeUndefined();
    }
    const other = await running.graphql<Overview>(
      PROJECT_OVERVIEW,
      { projectId, period: '2021-07' },
      { role: 'region', region: 'changchun' },
    );
    expect(other.errors).toBeUndefined();
    // A region sees its own score only, not the department's (as Query.scores).
    expect(other.data!.project.leadDepartment.score).toBeNull();
  });

  it('refuses bad input on an entity field with the field named, at the gateway', async () => {
    const response = await running.graphql(
      `query($id: String!) { project(projectId: $id) { dispatchReports(last: 0) { period } } }`,
      { id: projectId },
      { role: 'supervisor' },
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'last',
    });
    const period = await running.graphql(
      `{ programme { departments { score(period: "2021-13") { score } } } }`,
      {},
      { role: 'supervisor' },
    );
    expect(period.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('loads a page of projects’ entity fields with one query per service, not one per project', async () => {
    const reports = jest.spyOn(ProgressQueries.prototype, 'reportsOf');
    const units = jest.spyOn(ProgressQueries.prototype, 'unitsOf');
    const byIds = jest.spyOn(ProjectLibraryQueries.prototype, 'byIds');
    const flags = jest.spyOn(AssessmentReadModels.prototype, 'flags');
    try {
      const page = await running.graphql<{
        projects: { edges: Array<{ node: { dispatchReports: unknown[]; riskFlags: unknown[] } }> };
      }>(
        `{ projects(first: 50) { edges { node { projectId dispatchReports(last: 6) { period } riskFlags(open: true) { rule } } } } }`,
        {},
        { role: 'region', region: 'changchun' },
      );
      expect(page.errors).toBeUndefined();
      expect(page.data!.projects.edges.length).toBeGreaterThan(10);
      expect(reports).toHaveBeenCalledTimes(1);
      expect(units).toHaveBeenCalledTimes(1);
      expect(flags).toHaveBeenCalledTimes(1);
      // Straight at planning: _entities for many projects, one query.
      const ids = (
        await running.graphql<{ projects: { edges: Array<{ node: { projectId: string } }> } }>(
          `{ projects(first: 40) { edges { node { projectId } } } }`,
        )
      ).data!.projects.edges.map((e) => ({ projectId: e.node.projectId }));
      byIds.mockClear();
      const many = await at<{ _entities: unknown[] }>(
        'planning',
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Project { projectId nameZh } } }`,
        { r: entities('Project', ids) },
        { role: 'supervisor' },
      );
      expect(many.errors).toBeUndefined();
      expect(many.data!._entities).toHaveLength(40);
      expect(byIds).toHaveBeenCalledTimes(1);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
