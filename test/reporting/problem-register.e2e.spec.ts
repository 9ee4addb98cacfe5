import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { GraphQLResponse, RunningApp, startStandalone } from '../support/standalone-app';

/**
 * The problem register (要素保障) end to end, through the gateway on a real store: a region
 * raises a problem of its project, the office escalates it to the joint meeting and assigns
 * it, the due date passes on the ledger's clock (the test sets it), the risk check flags it
 * citing the problem's events, the assigned department answers, the office closes it. Every
 * refused step is refused with its rule and appends nothing to the problem's stream.
 */
const REGION = { role: 'region' as const, region: 'changchun' };
const OTHER_REGION = { role: 'region' as const, region: 'jilin-city' };
const LAND_BUREAU = {
  role: 'lead_department' as const,
  department: 'natural-resources-department',
};
const FINANCE = { role: 'lead_department' as const, department: 'finance-department' };

const PROBLEM = `problemId projectId networkCode kind raisedBy raisedOn status escalatedTo
  departmentCode dueOn answeredBy answeredOn late resolution closedOn daysOpen overdue eventIds`;
const STEP = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { replayed projected problem { ${PROBLEM} } } }`;
const RAISE = STEP('raiseProblem', 'RaiseProblemInput');
const ESCALATE = STEP('escalateProblem', 'EscalateProblemInput');
const ASSIGN = STEP('assignProblem', 'AssignProblemInput');
const ANSWER = STEP('answerProblem', 'AnswerProblemInput');
const CLOSE = STEP('closeProblem', 'CloseProblemInput');

interface Problem {
  problemId: string;
  status: string;
  overdue: boolean;
  daysOpen: number;
  late: boolean | null;
  eventIds: string[];
  [field: string]: unknown;
}
type StepResult = { [name: string]: { replayed: boolean; problem: Problem | null } };
interface Flag {
  rule: string;
  severity: string;
  status: string;
  evidence: { figures: Array<{ name: string; value: string }>; eventIds: string[] };
}

let n = 0;
const key = (label: string): string => `problem-e2e-${label}-${process.pid}-${++n}`;

describe('the problem register over GraphQL: raised, escalated, assigned, overdue, answered, closed', () => {
  const clock = new FixedClock('2021-03-01' as LocalDate);
  let running: RunningApp;
  const projectId = `heating-problem-${process.pid}`;
  const problemId = `PRB-${process.pid}`;

  const ok = async (query: string, input: Record<string, unknown>, as = {}) => {
    const response = await running.graphql<StepResult>(query, { input }, as);
    expect(response.errors).toBeUndefined();
    return Object.values(response.data!)[0]!;
  };
  /** The problem's stream as the store holds it (through the audit subgraph). */
  const stream = async (): Promise<string[]> => {
    const response = await running.graphql<{ streamHistory: Array<{ type: string }> }>(
      `query($s: String!) { streamHistory(streamId: $s) { type } }`,
      { s: `problem-${problemId}` },
      // Streams other than a project's own are the auditors' to read.
      { role: 'auditor' },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.streamHistory.map((e) => e.type);
  };
  /** Refused with this code (and rule), and the problem's stream is as it was. */
  const refused = async (
    query: string,
    input: Record<string, unknown>,
    as: object,
    code: string,
    rule?: string,
  ) => {
    const before = await stream();
    const response: GraphQLResponse = await running.graphql(query, { input }, as);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(rule ? { rule } : {}) });
    expect(await stream()).toEqual(before);
  };
  const projectView = async () => {
    const response = await running.graphql<{
      project: { problems: Problem[]; riskFlags: Flag[] };
    }>(
      `query($id: String!) { project(projectId: $id) { problems { ${PROBLEM} }
         riskFlags { rule severity status evidence { figures { name value } eventIds } } } }`,
      { id: projectId },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.project;
  };

  beforeAll(async () => {
    running = await startStandalone({ clock });
    const office = {};
    for (const [query, input] of [
      [
        `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
        heatingProjectProposal(projectId, key('propose')),
      ],
      [
        `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
        heatingProjectApproval(projectId, key('approve')),
      ],
    ] as const) {
      const response = await running.graphql(query, { input }, office);
      expect(response.errors).toBeUndefined();
    }
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  const raise = (extra: Record<string, unknown> = {}) => ({
    idempotencyKey: key('raise'),
    problemId,
    projectId,
    kind: 'land',
    description: '供热站建设用地预审未批复,影响开工',
    ...extra,
  });

  it('lets a region raise a problem for its own project only, as itself', async () => {
    await refused(RAISE, raise(), OTHER_REGION, 'FORBIDDEN');
    await refused(RAISE, raise({ raisedBy: 'siping' }), REGION, 'FORBIDDEN');
    await refused(RAISE, raise({ kind: 'weather' }), REGION, 'BAD_USER_INPUT');
    const input = raise();
    const { problem } = await ok(RAISE, input, REGION);
    expect(problem).toMatchObject({
      problemId,
      projectId,
      networkCode: 'municipal',
      kind: 'land',
      raisedBy: 'changchun',
      raisedOn: '2021-03-01',
      status: 'RAISED',
      overdue: false,
    });
    expect(await stream()).toEqual(['ProblemRaised']);
    // The same request again is a replay: nothing new.
    expect((await ok(RAISE, input, REGION)).replayed).toBe(true);
    expect(await stream()).toEqual(['ProblemRaised']);
  });

  it('takes it to the joint meeting (the office), once, and refuses an answer before assignment', async () => {
    clock.set('2021-03-02' as LocalDate);
    const escalate = { idempotencyKey: key('escalate'), problemId, to: 'joint-meeting' };
    await refused(ESCALATE, escalate, REGION, 'FORBIDDEN');
    const { problem } = await ok(ESCALATE, escalate);
    expect(problem).toMatchObject({ status: 'ESCALATED', escalatedTo: 'joint-meeting' });
    await refused(
      ESCALATE,
      { ...escalate, idempotencyKey: key('again') },
      {},
      'RULE_VIOLATED',
      'ESCALATION_NOT_HIGHER',
    );
    await refused(
      ANSWER,
      { idempotencyKey: key('early'), problemId, answer: '已受理' },
      LAND_BUREAU,
      'RULE_VIOLATED',
      'NOT_ASSIGNED',
    );
    await refused(
      CLOSE,
      { idempotencyKey: key('early-close'), problemId, resolution: '已解决' },
      {},
      'RULE_VIOLATED',
      'NOT_ANSWERED',
    );
  });

  it('assigns it to a department of the plan with a due date', async () => {
    clock.set('2021-03-03' as LocalDate);
    const assign = {
      idempotencyKey: key('assign'),
      problemId,
      departmentCode: 'natural-resources-department',
      dueOn: '2021-03-10',
    };
    await refused(ASSIGN, { ...assign, departmentCode: 'no-such-bureau' }, {}, 'BAD_USER_INPUT');
    await refused(
      ASSIGN,
      { ...assign, dueOn: '2021-03-02' },
      {},
      'RULE_VIOLATED',
      'DUE_BEFORE_ASSIGNMENT',
    );
    const { problem } = await ok(ASSIGN, assign);
    expect(problem).toMatchObject({
      status: 'ASSIGNED',
      departmentCode: 'natural-resources-department',
      dueOn: '2021-03-10',
      overdue: false,
    });
    // Nothing is late yet: no flag.
    const checked = await running.graphql(`mutation { checkRisks }`);
    expect(checked.errors).toBeUndefined();
    expect((await projectView()).riskFlags.filter((f) => f.rule === 'problem-unanswered')).toEqual(
      [],
    );
  });

  it('is overdue once the due date passes on the ledger clock, and the risk check flags it citing its events', async () => {
    clock.set('2021-03-15' as LocalDate);
    const overdue = await running.graphql<{ problems: Problem[] }>(
      `{ problems(overdue: true) { ${PROBLEM} } }`,
    );
    expect(overdue.errors).toBeUndefined();
    const [problem] = overdue.data!.problems.filter((p) => p.problemId === problemId);
    expect(problem).toMatchObject({ overdue: true, daysOpen: 14 });
    expect(problem!.eventIds).toHaveLength(3);

    const byUnit = await running.graphql<{
      problemsByUnit: Array<{
        unit: string;
        open: number;
        oldestOpenDays: number;
        overdueAnswers: number;
      }>;
    }>(`{ problemsByUnit { unit open oldestOpenDays overdueAnswers } }`);
    expect(byUnit.errors).toBeUndefined();
    expect(byUnit.data!.problemsByUnit).toEqual(
      expect.arrayContaining([
        { unit: 'changchun', open: 1, oldestOpenDays: 14, overdueAnswers: 0 },
        { unit: 'natural-resources-department', open: 1, oldestOpenDays: 14, overdueAnswers: 1 },
      ]),
    );
    // As the units stood on an earlier day: open, and nothing owed yet.
    const before = await running.graphql<{ problemsByUnit: Array<{ unit: string }> }>(
      `{ problemsByUnit(asOf: "2021-03-02") { unit open overdueAnswers } }`,
    );
    expect(before.data!.problemsByUnit).toEqual([
      { unit: 'changchun', open: 1, overdueAnswers: 0 },
    ]);

    const summary = await running.graphql<{
      monthlySummary: Array<Record<string, number | string>>;
    }>(
      `{ monthlySummary(period: "2021-03") { networkCode problemsRaised problemsClosed problemsOpen problemsOverdue } }`,
    );
    expect(summary.errors).toBeUndefined();
    expect(summary.data!.monthlySummary.find((l) => l.networkCode === 'municipal')).toEqual({
      networkCode: 'municipal',
      problemsRaised: 1,
      problemsClosed: 0,
      problemsOpen: 1,
      problemsOverdue: 1,
    });

    const checked = await running.graphql(`mutation { checkRisks }`);
    expect(checked.errors).toBeUndefined();
    const view = await projectView();
    const flag = view.riskFlags.find((f) => f.rule === 'problem-unanswered');
    expect(flag).toMatchObject({ severity: 'amber', status: 'open' });
    // The evidence is the problem's own events: raised, escalated, assigned.
    expect(flag!.evidence.eventIds).toEqual(problem!.eventIds);
    expect(flag!.evidence.figures).toEqual(
      expect.arrayContaining([
        { name: 'problems', value: problemId },
        { name: 'departments', value: 'natural-resources-department' },
        { name: 'mostDaysOverdue', value: '5' },
      ]),
    );
    expect(view.problems.map((p) => p.problemId)).toEqual([problemId]);
  });

  it('takes the answer from the assigned department alone, late, and the flag resolves', async () => {
    clock.set('2021-03-16' as LocalDate);
    const answer = { idempotencyKey: key('answer'), problemId, answer: '已开辟用地预审绿色通道' };
    await refused(ANSWER, answer, FINANCE, 'RULE_VIOLATED', 'NOT_ASSIGNED_DEPARTMENT');
    await refused(ANSWER, answer, REGION, 'FORBIDDEN');
    const { problem } = await ok(ANSWER, answer, LAND_BUREAU);
    expect(problem).toMatchObject({
      status: 'ANSWERED',
      answeredBy: 'natural-resources-department',
      answeredOn: '2021-03-16',
      late: true,
      overdue: false,
    });
    const checked = await running.graphql(`mutation { checkRisks }`);
    expect(checked.errors).toBeUndefined();
    const flag = (await projectView()).riskFlags.find((f) => f.rule === 'problem-unanswered');
    expect(flag?.status).toBe('resolved');
  });

  it('is closed by the office with its resolution, and then takes no step at all', async () => {
    clock.set('2021-03-20' as LocalDate);
    const close = { idempotencyKey: key('close'), problemId, resolution: '用地预审已批复' };
    await refused(CLOSE, close, LAND_BUREAU, 'FORBIDDEN');
    const { problem } = await ok(CLOSE, close);
    expect(problem).toMatchObject({ status: 'CLOSED', closedOn: '2021-03-20', daysOpen: 19 });
    for (const [query, input] of [
      [ESCALATE, { idempotencyKey: key('x1'), problemId, to: 'leading-group' }],
      [
        ASSIGN,
        {
          idempotencyKey: key('x2'),
          problemId,
          departmentCode: 'finance-department',
          dueOn: '2021-04-01',
        },
      ],
      [CLOSE, { idempotencyKey: key('x3'), problemId, resolution: '再次关闭' }],
    ] as const) {
      await refused(query, input, {}, 'RULE_VIOLATED', 'PROBLEM_CLOSED');
    }
    expect(await stream()).toEqual([
      'ProblemRaised',
      'ProblemEscalated',
      'ProblemAssigned',
      'ProblemAnswered',
      'ProblemClosed',
    ]);
    const summary = await running.graphql<{
      monthlySummary: Array<Record<string, number | string>>;
    }>(
      `{ monthlySummary(period: "2021-03") { networkCode problemsClosed problemsOpen problemsOverdue } }`,
    );
    expect(summary.data!.monthlySummary.find((l) => l.networkCode === 'municipal')).toEqual({
      networkCode: 'municipal',
      problemsClosed: 1,
      problemsOpen: 0,
      problemsOverdue: 0,
    });
  });

  it('counts a due date in PRC working days: the National Day holiday is skipped, its exchanged Saturday counted', async () => {
    // 2021: 1-7 October off, Saturday 9 October a working day (国办发明电〔2020〕27号). Five
    // working days after Thursday 30 September: 8, 9, 11, 12 and 13 October.
    clock.set('2021-09-30' as LocalDate);
    const second = `${problemId}-funds`;
    await ok(
      RAISE,
      { ...raise(), idempotencyKey: key('raise-2'), problemId: second, kind: 'funds' },
      REGION,
    );
    const assign = {
      idempotencyKey: key('assign-2'),
      problemId: second,
      departmentCode: 'finance-department',
      dueInWorkingDays: 5,
    };
    const both = await running.graphql(ASSIGN, { input: { ...assign, dueOn: '2021-10-13' } });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const { problem } = await ok(ASSIGN, assign);
    expect(problem).toMatchObject({ departmentCode: 'finance-department', dueOn: '2021-10-13' });
  });

  it('shows a region only its own projects’ problems', async () => {
    const mine = await running.graphql<{ problems: Problem[] }>(
      `{ problems { problemId } }`,
      {},
      REGION,
    );
    const theirs = await running.graphql<{ problems: Problem[] }>(
      `{ problems { problemId } }`,
      {},
      OTHER_REGION,
    );
    expect(mine.data!.problems.map((p) => p.problemId)).toContain(problemId);
    expect(theirs.data!.problems.map((p) => p.problemId)).not.toContain(problemId);
  });
});
