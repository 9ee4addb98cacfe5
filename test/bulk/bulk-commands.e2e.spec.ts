import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { GraphQLResponse, RunningApp, startStandalone } from '../support/standalone-app';

/**
 * The bulk mutations through the gateway, on PostgreSQL: the same judgement as the single
 * mutations, one append per project, a refusal keeping only its own project out.
 */
const OUTCOMES = `recorded replayed refused notApplied
  outcomes { index status streamId version position notAppliedBecause refusal { code message field rule } }`;
const PLANNING = `mutation($commands: [PlanningCommandInput!]!) { planningCommands(commands: $commands) { ${OUTCOMES} } }`;
const REPORTING = `mutation($commands: [ReportingCommandInput!]!) { reportingCommands(commands: $commands) { ${OUTCOMES} } }`;

interface Outcome {
  index: number;
  status: 'RECORDED' | 'REPLAYED' | 'REFUSED' | 'NOT_APPLIED';
  streamId: string | null;
  version: string | null;
  position: string | null;
  notAppliedBecause: number | null;
  refusal: { code: string; message: string; field: string | null; rule: string | null } | null;
}
interface Batch {
  recorded: number;
  replayed: number;
  refused: number;
  notApplied: number;
  outcomes: Outcome[];
}

const REPORTER = { role: 'region' as const, region: 'changchun' };
let n = 0;
const key = (label: string): string => `bulk-e2e-${label}-${process.pid}-${++n}`;

const postgresUp = requirePostgres('bulk commands e2e on PostgreSQL');

(postgresUp ? describe : describe.skip)('bulk commands over GraphQL (PostgreSQL)', () => {
  const clock = new FixedClock('2021-06-03' as LocalDate);
  let running: RunningApp;
  let store: EventStore;
  const id = (label: string) => `bulk-${label}-${process.pid}`;
  /**
   * What was recorded after `head`, less the flags assessment derives on its own time from
   * earlier tests' facts: a refused bulk must add nothing else.
   */
  const recordedSince = async (head: bigint | null): Promise<string[]> => {
    const events = await store.readAll(head === null ? {} : { after: head });
    return events.filter((e) => !e.streamId.startsWith('risk-flags-')).map((e) => e.streamId);
  };

  const disburse = (projectId: string, disbursementId: string, amount: string) => ({
    disburseFunds: {
      idempotencyKey: key(`pay-${disbursementId}`),
      projectId,
      disbursementId,
      amount,
      source: 'special_bonds',
      paidOn: '2021-02-10',
      payee: '长春热力集团',
    },
  });
  const history = (projectId: string) => [
    { proposeProject: heatingProjectProposal(projectId, key('propose')) },
    { approveProject: heatingProjectApproval(projectId, key('approve')) },
    {
      startConstruction: { idempotencyKey: key('start'), projectId, date: '2021-02-01' },
    },
    disburse(projectId, 'p-1', '300000.00'),
    disburse(projectId, 'p-2', '200000.00'),
  ];
  const report = (projectId: string, period: string, month: string, cumulative: string) => ({
    submitDispatchReport: {
      idempotencyKey: key(`report-${period}`),
      projectId,
      period,
      investmentInMonth: month,
      cumulativeInvestment: cumulative,
      physicalProgressPercent: '20',
      physicalProgress: '管网铺设中',
      quantities: [],
      submittedBy: '长春热力集团',
    },
  });

  async function bulk(
    query: string,
    commands: unknown[],
    as: Parameters<RunningApp['graphql']>[2] = {},
  ): Promise<GraphQLResponse<Record<string, Batch>>> {
    return running.graphql<Record<string, Batch>>(query, { commands }, as);
  }
  async function planning(commands: unknown[]): Promise<Batch> {
    const response = await bulk(PLANNING, commands);
    expect(response.errors).toBeUndefined();
    return response.data!.planningCommands!;
  }
  const statuses = (batch: Batch) => batch.outcomes.map((o) => o.status);

  beforeAll(async () => {
    const schema = uniqueSchemaName('bulk');
    running = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: `${schema}_store`,
        poolSize: 10,
      },
      schema,
      clock,
    });
    store = running.app.get<EventStore>(EVENT_STORE);
  }, 180_000);

  afterAll(async () => {
    await running?.close();
  });

  const a = id('a');
  const b = id('b');
  const c = id('c');
  let first: unknown[];
  let firstBatch: Batch;

  it('records the projects whose commands all pass, and nothing of a project with a refused one', async () => {
    const before = await store.headPosition();
    first = [
      ...history(a),
      // b: approved for 1,200,000, then a payment above it, then one that would fit.
      { proposeProject: heatingProjectProposal(b, key('propose')) },
      { approveProject: heatingProjectApproval(b, key('approve')) },
      disburse(b, 'p-1', '1300000.00'),
      disburse(b, 'p-2', '1000.00'),
      // c: a proposal, then a payment that is no amount at all.
      { proposeProject: heatingProjectProposal(c, key('propose')) },
      disburse(c, 'p-1', '-5'),
      // Two commands in one entry: no project to hold it against, it stands alone.
      { ...disburse(a, 'p-9', '1.00'), ...history(a)[2] },
    ];
    firstBatch = await planning(first);
    expect(statuses(firstBatch)).toEqual([
      ...Array<string>(5).fill('RECORDED'),
      'NOT_APPLIED',
      'NOT_APPLIED',
      'REFUSED',
      'NOT_APPLIED',
      'NOT_APPLIED',
      'REFUSED',
      'REFUSED',
    ]);
    expect(firstBatch).toMatchObject({ recorded: 5, replayed: 0, refused: 3, notApplied: 4 });
    const out = firstBatch.outcomes;
    expect(out.slice(0, 5).map((o) => o.version)).toEqual(['0', '1', '2', '3', '4']);
    expect(out[5]).toMatchObject({ streamId: `project-${b}`, notAppliedBecause: 7 });
    expect(out[8]).toMatchObject({ notAppliedBecause: 7 });
    expect(out[7]!.refusal).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'DISBURSEMENT_EXCEEDS_APPROVED',
    });
    expect(out[9]).toMatchObject({ streamId: `project-${c}`, notAppliedBecause: 10 });
    expect(out[10]!.refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(out[11]).toMatchObject({
      streamId: null,
      refusal: { code: 'BAD_USER_INPUT', field: 'commands[11]' },
    });

    // One append for a: its five events, in order, at the positions reported.
    const stored = await store.readStream(`project-${a}`);
    expect(stored.map((e) => e.type)).toEqual([
      'ProjectProposed',
      'ProjectApproved',
      'ConstructionStarted',
      'FundsDisbursed',
      'FundsDisbursed',
    ]);
    expect(out.slice(0, 5).map((o) => o.position)).toEqual(
      stored.map((e) => e.globalPosition.toString()),
    );
    expect(new Set(stored.map((e) => e.recordedAt.getTime())).size).toBe(1);
    expect(stored[0]!.metadata.actor).toBe('planning_office:test');
    expect(await store.readStream(`project-${b}`)).toEqual([]);
    expect(await store.readStream(`project-${c}`)).toEqual([]);
    // Nothing but a's five events, less the flags assessment derives from them on its own time.
    expect(await recordedSince(before)).toEqual(Array<string>(5).fill(`project-${a}`));
    expect(before === null || BigInt(out[0]!.position!) > before).toBe(true);
  });

  it('refuses a command with the code and message its own mutation gives', async () => {
    const single = async (mutation: string, type: string, input: unknown) => {
      const response = await running.graphql(
        `mutation($input: ${type}!) { ${mutation}(input: $input) { replayed } }`,
        { input },
      );
      return response.errors![0]!;
    };
    const bad = await single(
      'disburseFunds',
      'DisburseFundsInput',
      disburse(c, 'p-1', '-5').disburseFunds,
    );
    expect(firstBatch.outcomes[10]!.refusal).toEqual({
      code: bad.extensions!.code,
      message: bad.message,
      field: bad.extensions!.field,
      rule: null,
    });
    // The same rule on a project like b, taken one mutation at a time.
    const d = id('d');
    await running.graphql(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      {
        input: heatingProjectProposal(d, key('propose')),
      },
    );
    await running.graphql(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      {
        input: heatingProjectApproval(d, key('approve')),
      },
    );
    const over = await single(
      'disburseFunds',
      'DisburseFundsInput',
      disburse(d, 'p-1', '1300000.00').disburseFunds,
    );
    expect(firstBatch.outcomes[7]!.refusal).toEqual({
      code: over.extensions!.code,
      message: over.message,
      field: null,
      rule: over.extensions!.rule,
    });
  });

  it('answers the same bulk sent again from the history and records nothing new', async () => {
    const head = await store.headPosition();
    const again = await planning(first);
    expect(statuses(again).slice(0, 5)).toEqual(Array<string>(5).fill('REPLAYED'));
    expect(again.outcomes.slice(0, 5).map((o) => o.position)).toEqual(
      firstBatch.outcomes.slice(0, 5).map((o) => o.position),
    );
    // The refused ones are refused again, for the same reasons.
    expect(again.outcomes.slice(5)).toEqual(firstBatch.outcomes.slice(5));
    expect(await recordedSince(head)).toEqual([]);
  });

  it('lets the same bulk sent twice at once land once: the later one is a replay', async () => {
    const e = id('e');
    const commands = history(e);
    const [one, two] = await Promise.all([planning(commands), planning(commands)]);
    const both = [statuses(one), statuses(two)].sort();
    expect(both).toEqual([Array<string>(5).fill('RECORDED'), Array<string>(5).fill('REPLAYED')]);
    expect(await store.readStream(`project-${e}`)).toHaveLength(5);
  });

  it('refuses more than 1,000 commands whole, recording nothing', async () => {
    const head = await store.headPosition();
    const f = id('f');
    const many = [
      { proposeProject: heatingProjectProposal(f, key('propose')) },
      ...Array.from({ length: 1000 }, (_, i) => disburse(f, `m-${i}`, '1.00')),
    ];
    const response = await bulk(PLANNING, many);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.message).toContain('at most 1000 commands per request, got 1001');
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'commands',
    });
    expect(await recordedSince(head)).toEqual([]);
    expect(await store.readStream(`project-${f}`)).toEqual([]);
  });

  it("authorises each bulk as its commands' own mutations: role, then each project's scope", async () => {
    const head = await store.headPosition();
    const g = id('g');
    const supervisor = await bulk(PLANNING, history(g), { role: 'supervisor' });
    expect(supervisor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const office = await bulk(REPORTING, [report(a, '2021-01', '1', '1')]);
    expect(office.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await recordedSince(head)).toEqual([]);

    // A region reports for its own projects only; another region's project is refused as
    // submitDispatchReport refuses it, and the region's own project still lands.
    const elsewhere = id('elsewhere');
    await planning([
      {
        proposeProject: {
          ...heatingProjectProposal(elsewhere, key('propose')),
          nameZh: '吉林市供热管网改造工程',
          regionCode: 'jilin-city',
        },
      },
      { approveProject: heatingProjectApproval(elsewhere, key('approve')) },
    ]);
    const mixed = await bulk(
      REPORTING,
      [
        report(elsewhere, '2021-02', '1000.00', '1000.00'),
        report(a, '2021-02', '1000.00', '1000.00'),
      ],
      REPORTER,
    );
    expect(mixed.errors).toBeUndefined();
    const batch = mixed.data!.reportingCommands!;
    expect(statuses(batch)).toEqual(['REFUSED', 'RECORDED']);
    const single = await running.graphql(
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      { input: report(elsewhere, '2021-02', '1000.00', '1000.00').submitDispatchReport },
      REPORTER,
    );
    expect(batch.outcomes[0]!.refusal).toMatchObject({
      code: 'FORBIDDEN',
      message: single.errors![0]!.message,
    });
    expect(await store.readStream(`dispatch-reports-${elsewhere}`)).toEqual([]);
  });

  it("takes a project's months in order in one bulk, and none of them when one does not add up", async () => {
    const h = id('h');
    // Planning records the project; the reports follow at once, before the register may
    // have heard of it: the bulk waits for the register rather than refusing.
    await planning(history(h));
    const months = [
      report(h, '2021-01', '100000.00', '100000.00'),
      report(h, '2021-02', '100000.00', '200000.00'),
      report(h, '2021-03', '100000.00', '250000.00'), // should be 300,000
      report(h, '2021-04', '100000.00', '400000.00'),
    ];
    const wrong = await bulk(REPORTING, months, REPORTER);
    const refused = wrong.data!.reportingCommands!;
    expect(statuses(refused)).toEqual(['NOT_APPLIED', 'NOT_APPLIED', 'REFUSED', 'NOT_APPLIED']);
    expect(refused.outcomes[2]!.refusal).toMatchObject({ rule: 'CUMULATIVE_MISMATCH' });
    expect(await store.readStream(`dispatch-reports-${h}`)).toEqual([]);

    months[2] = report(h, '2021-03', '100000.00', '300000.00');
    const right = (await bulk(REPORTING, months, REPORTER)).data!.reportingCommands!;
    expect(statuses(right)).toEqual(Array<string>(4).fill('RECORDED'));
    const stored = await store.readStream(`dispatch-reports-${h}`);
    expect(stored.map((e) => [e.data.period, e.metadata.validAt, e.metadata.actor])).toEqual(
      ['2021-01', '2021-02', '2021-03', '2021-04'].map((p) => [
        p,
        `${p}-01T00:00:00+08:00`,
        'region:changchun:test',
      ]),
    );
  });
});
