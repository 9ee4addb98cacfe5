import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { asStoreRunner } from '@ledger/event-sourcing';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { SupervisionWriter } from '../../apps/assessment/src/supervision/write/supervision-writer';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { GraphQLResponse, RunningApp, startStandalone } from '../support/standalone-app';
import { footnotesOf, paragraphsOf, readZipEntry, tablesOf } from '../support/docx-reader';
import { appendedSince } from '../support/appended-since';

/**
 * Issue 17's governance path as one story, through the gateway with signed tokens on the
 * real PostgreSQL (schemas of its own, dropped at the end): a region raises a problem of its
 * project, the office takes it to the joint meeting and assigns it to a department with a due
 * date, the department answers, the office closes it; a second problem stays open past its
 * due date. A red flag is raised (June's report far behind plan), a summons is recorded citing
 * it. The office issues July's 通报 and the ledger gives it as a Word document; read back, every
 * figure in it is what the API answers (monthlySummary's problem and overdue counts, riskFlags,
 * summonses), with the events it was counted from. Refused steps append nothing.
 */
const REGION = { role: 'region' as const, region: 'changchun' };
const LAND_BUREAU = {
  role: 'lead_department' as const,
  department: 'natural-resources-department',
};
const FINANCE = { role: 'lead_department' as const, department: 'finance-department' };
const OFFICE = {};

const PROBLEM = `problemId status raisedOn dueOn answeredOn closedOn overdue eventIds`;
const STEP = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { replayed problem { ${PROBLEM} } } }`;
const RAISE = STEP('raiseProblem', 'RaiseProblemInput');
const ESCALATE = STEP('escalateProblem', 'EscalateProblemInput');
const ASSIGN = STEP('assignProblem', 'AssignProblemInput');
const ANSWER = STEP('answerProblem', 'AnswerProblemInput');
const CLOSE = STEP('closeProblem', 'CloseProblemInput');
const SUMMONS = `mutation($input: RecordSummonsInput!) { recordSummons(input: $input) {
  summonsId flagIds heldOn eventId } }`;

interface Problem {
  problemId: string;
  status: string;
  overdue: boolean;
  eventIds: string[];
}
interface Figure {
  key: string;
  value: string;
  eventIds: string[];
}
interface Circular {
  circularId: string;
  month: string;
  issuedOn: string;
  namedUnits: Array<{ unitCode: string; reason: string; flagIds: string[] }>;
  figures: Figure[];
  eventId: string;
}
type SummaryLine = {
  networkCode: string;
  reportsOverdue: number;
  problemsRaised: number;
  problemsClosed: number;
  problemsOpen: number;
  problemsOverdue: number;
};

let n = 0;
const key = (label: string): string => `governance-e2e-${label}-${process.pid}-${++n}`;

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the governance path: a problem through the register, a summons from a red flag, the month’s 通报 read back', () => {
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  let store: EventStore;
  const projectId = `heating-governance-${process.pid}`;
  const landProblem = `PRB-LAND-${process.pid}`;
  const fundsProblem = `PRB-FUNDS-${process.pid}`;
  const summonsId = `YT-GOV-${process.pid}`;

  const ok = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    as: Record<string, unknown> = OFFICE,
  ): Promise<T> => {
    const response = await running.graphql<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const step = async (
    query: string,
    input: Record<string, unknown>,
    as: Record<string, unknown> = OFFICE,
  ) =>
    Object.values(
      await ok<Record<string, { replayed: boolean; problem: Problem }>>(query, { input }, as),
    )[0]!.problem;
  /**
   * Refused with this code and rule; the stream is as it was, and nothing was appended since
   * but the ledger's own reactions (assessment's flags and scores follow earlier facts on
   * their own time, and may land while the refused request is answered).
   */
  const refused = async (
    query: string,
    variables: Record<string, unknown>,
    as: object,
    streamId: string,
    expected: { code: string; rule?: string },
  ): Promise<void> => {
    const head = await store.headPosition();
    const before = await store.readStream(streamId);
    const response: GraphQLResponse = await running.graphql(query, variables, as);
    expect(response.errors?.[0]?.extensions).toMatchObject(expected);
    expect(await appendedSince(store, head)).toEqual([]);
    expect(await store.readStream(streamId)).toEqual(before);
  };
  const redFlags = async (filter = '') =>
    (
      await ok<{ riskFlags: Array<{ flagId: string; projectId: string | null; rule: string }> }>(
        `{ riskFlags(filter: { severity: "red", status: "open" ${filter} }, first: 200) {
            flagId projectId rule } }`,
      )
    ).riskFlags;

  beforeAll(async () => {
    // PostgreSQL by name, not by whatever the suites' default finds: the path runs on it.
    running = await startStandalone({
      clock,
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: uniqueSchemaName('store'),
        poolSize: 5,
      },
      schema: uniqueSchemaName('rm'),
    });
    store = running.app.get(EVENT_STORE);
    await ok(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, key('propose')) },
    );
    await ok(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      { input: heatingProjectApproval(projectId, key('approve')) },
    );
    await ok(
      `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
      { input: { idempotencyKey: key('start'), projectId, date: '2021-01-10' } },
    );
    await ok(
      `mutation($input: RecordMilestoneMetInput!) { recordMilestoneMet(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('commenced'),
          projectId,
          kind: 'commencement',
          metOn: '2021-01-10',
        },
      },
    );
  }, 180_000);

  afterAll(async () => {
    await running?.close();
  });

  let closedProblem: Problem;
  let openProblem: Problem;
  let flagId: string;
  let summonsEventId: string;
  let circular: Circular;

  it('takes a problem from the region through the joint meeting to the department and back, closed by the office', async () => {
    clock.set('2021-07-01' as LocalDate);
    const raised = await step(
      RAISE,
      {
        idempotencyKey: key('raise'),
        problemId: landProblem,
        projectId,
        kind: 'land',
        description: '供热站建设用地预审未批复，影响施工',
      },
      REGION,
    );
    expect(raised).toMatchObject({ status: 'RAISED', raisedOn: '2021-07-01' });

    clock.set('2021-07-02' as LocalDate);
    const escalate = {
      idempotencyKey: key('escalate'),
      problemId: landProblem,
      to: 'joint-meeting',
    };
    // A region may not take it to the joint meeting: the office does.
    await refused(ESCALATE, { input: escalate }, REGION, `problem-${landProblem}`, {
      code: 'FORBIDDEN',
    });
    expect(await step(ESCALATE, escalate)).toMatchObject({ status: 'ESCALATED' });

    clock.set('2021-07-05' as LocalDate);
    expect(
      await step(ASSIGN, {
        idempotencyKey: key('assign'),
        problemId: landProblem,
        departmentCode: 'natural-resources-department',
        dueOn: '2021-07-09',
      }),
    ).toMatchObject({ status: 'ASSIGNED', dueOn: '2021-07-09' });

    clock.set('2021-07-08' as LocalDate);
    const answer = {
      idempotencyKey: key('answer'),
      problemId: landProblem,
      answer: '已开辟用地预审绿色通道，7月底前批复',
    };
    // Another department may not answer what was assigned to the land bureau.
    await refused(ANSWER, { input: answer }, FINANCE, `problem-${landProblem}`, {
      code: 'RULE_VIOLATED',
      rule: 'NOT_ASSIGNED_DEPARTMENT',
    });
    expect(await step(ANSWER, answer, LAND_BUREAU)).toMatchObject({
      status: 'ANSWERED',
      answeredOn: '2021-07-08',
    });

    clock.set('2021-07-15' as LocalDate);
    closedProblem = await step(CLOSE, {
      idempotencyKey: key('close'),
      problemId: landProblem,
      resolution: '用地预审已批复',
    });
    expect(closedProblem).toMatchObject({ status: 'CLOSED', closedOn: '2021-07-15' });
    expect((await store.readStream(`problem-${landProblem}`)).map((e) => e.type)).toEqual([
      'ProblemRaised',
      'ProblemEscalated',
      'ProblemAssigned',
      'ProblemAnswered',
      'ProblemClosed',
    ]);
    expect(closedProblem.eventIds).toEqual(
      (await store.readStream(`problem-${landProblem}`)).map((e) => e.eventId),
    );

    // A second problem, assigned and left unanswered past its due date.
    await step(
      RAISE,
      {
        idempotencyKey: key('raise-funds'),
        problemId: fundsProblem,
        projectId,
        kind: 'funds',
        description: '中央预算内资金未下达',
      },
      REGION,
    );
    openProblem = await step(ASSIGN, {
      idempotencyKey: key('assign-funds'),
      problemId: fundsProblem,
      departmentCode: 'finance-department',
      dueOn: '2021-07-20',
    });
    expect(openProblem).toMatchObject({ status: 'ASSIGNED', overdue: false });
  });

  it('records a summons citing the red flag June’s report raised, and refuses one citing no flag', async () => {
    clock.set('2021-07-16' as LocalDate);
    // Half of a 1,200,000 plan is due by June; 420,000 done is an SPI of 70%: red.
    await ok(
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('report'),
          projectId,
          period: '2021-06',
          investmentInMonth: '420000',
          cumulativeInvestment: '420000',
          physicalProgressPercent: '50',
          physicalProgress: '主体施工',
          submittedBy: '长春热力集团',
        },
      },
      REGION,
    );
    const flags = await eventually(
      () => redFlags(),
      (f) => f.some((x) => x.projectId === projectId && x.rule === 'behind-schedule'),
    );
    flagId = flags.find((x) => x.projectId === projectId && x.rule === 'behind-schedule')!.flagId;
    expect(flagId).toBeDefined();

    const input = {
      idempotencyKey: key('summons'),
      summonsId,
      projectId,
      unitCode: '长春热力集团',
      reason: '供热管网改造投资完成率仅为计划的七成，约谈项目业主',
      flagIds: [flagId],
      heldOn: '2021-07-16',
    };
    await refused(
      SUMMONS,
      { input: { ...input, flagIds: ['0190f000-0000-7000-8000-00000000dead'] } },
      OFFICE,
      `summons-${summonsId}`,
      { code: 'NOT_FOUND', rule: 'FLAG_NOT_FOUND' },
    );
    const { recordSummons } = await ok<{ recordSummons: { flagIds: string[]; eventId: string } }>(
      SUMMONS,
      { input },
    );
    expect(recordSummons.flagIds).toEqual([flagId]);
    summonsEventId = recordSummons.eventId;
  });

  it("issues July's 通报 once, each figure what the API answers, the problem register's among them", async () => {
    clock.set('2021-08-10' as LocalDate);
    const issueKey = key('circular');
    const issue = (k: string) =>
      running.graphql<{ issueCircular: Circular }>(
        `mutation { issueCircular(month: "2021-07", idempotencyKey: "${k}") {
           circularId month issuedOn namedUnits { unitCode reason flagIds }
           figures { key value eventIds } eventId } }`,
      );
    const first = await issue(issueKey);
    expect(first.errors).toBeUndefined();
    circular = first.data!.issueCircular;
    expect(circular).toMatchObject({ month: '2021-07', issuedOn: '2021-08-10' });
    expect(circular.namedUnits).toEqual([
      expect.objectContaining({ unitCode: '长春热力集团', flagIds: [flagId] }),
    ]);
    // A second circular of the month is refused and appends nothing.
    await refused(
      `mutation { issueCircular(month: "2021-07", idempotencyKey: "${key('again')}") { eventId } }`,
      {},
      OFFICE,
      'circular-2021-07',
      { code: 'CONFLICT', rule: 'CIRCULAR_ALREADY_ISSUED' },
    );

    const figures = new Map(circular.figures.map((f) => [f.key, f]));
    const checked = new Set<string>();
    const check = (k: string, value: string, eventIds: string[]) => {
      expect(figures.get(k)).toEqual({ key: k, value, eventIds: [...eventIds].sort() });
      checked.add(k);
    };

    // The problem register, as monthlySummary counts it, and by the problems' own events.
    const { monthlySummary } = await ok<{ monthlySummary: SummaryLine[] }>(
      `{ monthlySummary(period: "2021-07") { networkCode reportsOverdue
          problemsRaised problemsClosed problemsOpen problemsOverdue } }`,
    );
    const sum = (field: keyof Omit<SummaryLine, 'networkCode'>) =>
      String(monthlySummary.reduce((total, l) => total + l[field], 0));
    expect(monthlySummary.find((l) => l.networkCode === 'municipal')).toMatchObject({
      problemsRaised: 2,
      problemsClosed: 1,
      problemsOpen: 1,
      problemsOverdue: 1,
    });
    const { problems } = await ok<{ problems: Problem[] }>(`{ problems { ${PROBLEM} } }`);
    const byId = new Map(problems.map((p) => [p.problemId, p]));
    const land = byId.get(landProblem)!.eventIds;
    const funds = byId.get(fundsProblem)!.eventIds;
    expect(byId.get(fundsProblem)?.overdue).toBe(true);
    check('problems.raised', sum('problemsRaised'), [land[0]!, funds[0]!]);
    check('problems.closed', sum('problemsClosed'), [land[4]!]);
    check('problems.open', sum('problemsOpen'), [funds[0]!]);
    // Overdue by the assignment it is late against.
    check('problems.overdue', sum('problemsOverdue'), [funds[1]!]);

    // Red flags open, in all and by network and region, as riskFlags answers.
    const allRed = await redFlags();
    expect(allRed.map((f) => f.flagId)).toContain(flagId);
    check(
      'openRedFlags.total',
      String(allRed.length),
      allRed.map((f) => f.flagId),
    );
    for (const f of circular.figures) {
      const network = /^openRedFlags\.network\.(.+)$/.exec(f.key)?.[1];
      const region = /^openRedFlags\.region\.(.+)$/.exec(f.key)?.[1];
      const filtered = network
        ? await redFlags(`networkCode: "${network}"`)
        : region
          ? await redFlags(`regionCode: "${region}"`)
          : null;
      if (filtered)
        check(
          f.key,
          String(filtered.length),
          filtered.map((x) => x.flagId),
        );
    }
    expect(figures.get('openRedFlags.region.changchun')?.eventIds).toContain(flagId);

    // Overdue dispatch reports as the summary counts them.
    expect(figures.get('overdueReports.total')?.value).toBe(sum('reportsOverdue'));
    checked.add('overdueReports.total');
    for (const line of monthlySummary.filter((l) => l.reportsOverdue > 0)) {
      const k = `overdueReports.network.${line.networkCode}`;
      expect(figures.get(k)?.value).toBe(String(line.reportsOverdue));
      checked.add(k);
    }

    // Summonses held in July, as summonses answers.
    const { summonses } = await ok<{ summonses: Array<{ heldOn: string; eventId: string }> }>(
      `{ summonses { heldOn eventId } }`,
    );
    const july = summonses.filter((s) => s.heldOn.startsWith('2021-07'));
    expect(july.map((s) => s.eventId)).toEqual([summonsEventId]);
    check(
      'summonses.total',
      String(july.length),
      july.map((s) => s.eventId),
    );

    // Nothing stated that was not checked (no scores were recorded in this story).
    expect([...figures.keys()].filter((k) => !checked.has(k))).toEqual([]);
  });

  it('gives the 通报 as a docx whose every figure, read back, is the issued one with its events', async () => {
    const { circularDocument } = await ok<{
      circularDocument: { fileName: string; mediaType: string; base64: string };
    }>(`{ circularDocument(month: "2021-07") { fileName mediaType base64 } }`);
    expect(circularDocument.fileName).toBe('circular-2021-07.docx');
    const zip = Buffer.from(circularDocument.base64, 'base64');
    const documentXml = readZipEntry(zip, 'word/document.xml')!;
    const notes = footnotesOf(readZipEntry(zip, 'word/footnotes.xml')!);
    const paragraphs = paragraphsOf(documentXml);
    const tables = tablesOf(documentXml);

    expect(paragraphs[0]!.text).toBe('新基建“761”工程2021年7月推进情况通报');
    expect(paragraphs.some((p) => p.text.includes(circular.eventId))).toBe(true);
    const named = paragraphs.find((p) => p.text.includes('长春热力集团'))!;
    expect(named.text).toContain('约谈项目业主');
    expect(named.footnotes.map((id) => notes.get(id))).toEqual([expect.stringContaining(flagId)]);

    // The evidence table at the end: every figure, value and events, as the API issued them.
    const evidence = tables[tables.length - 1]!;
    expect(evidence[0]!.map((c) => c.text)).toEqual(['键', '数值', '依据事件']);
    expect(
      evidence.slice(1).map(([k, v, e]) => ({
        key: k!.text,
        value: v!.text,
        eventIds: e!.text === '' ? [] : e!.text.split(' '),
      })),
    ).toEqual(circular.figures);

    // Section (五): the problem register's four lines, each value footnoted with its events.
    const byKey = new Map(circular.figures.map((f) => [f.key, f]));
    const problemTable = tables.find((t) => t[0]!.map((c) => c.text).join('|') === '指标|件数')!;
    expect(problemTable.slice(1).map(([label, value]) => [label!.text, value!.text])).toEqual([
      ['本月新增问题', '2'],
      ['本月办结问题', '1'],
      ['月末未办结问题', '1'],
      ['已交办、逾期未答复问题', '1'],
    ]);
    const noteOf = (id: number) => {
      const [, k, value, events] = /^(\S+) = (\S+)；依据事件：(.*)$/.exec(notes.get(id)!)!;
      return { k: k!, value: value!, events: events! };
    };
    expect(problemTable.slice(1).map(([, value]) => noteOf(value!.footnotes[0]!))).toEqual(
      ['problems.raised', 'problems.closed', 'problems.open', 'problems.overdue'].map((k) => ({
        k,
        value: byKey.get(k)!.value,
        events: byKey.get(k)!.eventIds.join('，'),
      })),
    );

    // Every footnoted value in the body says its figure's value and events; none is left out.
    const keysInBody = new Set<string>();
    for (const cell of [
      ...tables.slice(0, -1).flatMap((t) => t.slice(1).flat()),
      ...paragraphs.filter((p) => p !== named),
    ].filter((c) => c.footnotes.length > 0)) {
      for (const id of cell.footnotes) {
        const { k, value, events } = noteOf(id);
        const figure = byKey.get(k)!;
        expect({ value, events }).toEqual({
          value: figure.value,
          events: figure.eventIds.length === 0 ? '无（零）' : figure.eventIds.join('，'),
        });
        expect(cell.text).toContain(figure.value);
        keysInBody.add(k);
      }
    }
    expect([...keysInBody].sort()).toEqual([...byKey.keys()].sort());
  });

  it("counts the same problems after the supervision read model is rebuilt from position 0 (its v2 reads the register's events)", async () => {
    const readModels = running.app.get(AssessmentReadModels);
    const writer = running.app.get(SupervisionWriter);
    const problemsOf = (figures: Figure[]) => figures.filter((f) => f.key.startsWith('problems.'));
    const live = problemsOf(await writer.figuresOf('2021-07'));
    expect(live).toEqual(problemsOf(circular.figures));
    await asStoreRunner(readModels.supervision).rebuild();
    await readModels.catchUp();
    expect(problemsOf(await writer.figuresOf('2021-07'))).toEqual(live);
  });
});
