import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { TokenRequest } from '@ledger/auth';
import { NetworkReportOverdueWatcher } from '../../apps/reporting/src/reactions/record-overdue-network-reports';
import { RunningApp, startStandalone } from '../support/standalone-app';

/** The lead departments of the plan (seeds/jilin-761/networks.json). */
const ENERGY: Partial<TokenRequest> = { role: 'lead_department', department: 'energy-bureau' };
const TRANSPORT: Partial<TokenRequest> = {
  role: 'lead_department',
  department: 'transport-department',
};
const DIGITAL: Partial<TokenRequest> = {
  role: 'lead_department',
  department: 'gov-services-digitalisation-bureau',
};

const SUBMIT = `mutation($input: SubmitNetworkReportInput!) { submitNetworkReport(input: $input) {
  replayed report { networkCode kind period dueOn submittedOn late submittedBy summary overdueRecordedOn } } }`;
const DEADLINES = `query($kind: String, $asOf: String, $from: String) {
  reportDeadlines(kind: $kind, asOf: $asOf, from: $from) {
    networkCode kind period dueOn status submittedOn overdueRecordedOn source } }`;

let n = 0;
const key = (label: string): string => `rhythm-e2e-${label}-${process.pid}-${++n}`;

type Deadline = {
  networkCode: string;
  kind: string;
  period: string;
  dueOn: string;
  status: string;
  submittedOn: string | null;
  overdueRecordedOn: string | null;
  source: string;
};

describe('network rhythms over GraphQL (a real store, the clock set by the test)', () => {
  const clock = new FixedClock('2020-06-08' as LocalDate);
  let running: RunningApp;
  let store: EventStore;

  const input = (networkCode: string, kind: string, period: string, label = period) => ({
    idempotencyKey: key(label),
    networkCode,
    kind,
    period,
    summary: '本周调度：500千伏输变电工程前期工作推进，2项开工',
  });

  /** Refused with this code (and rule), appending nothing. */
  async function refused(
    variables: Record<string, unknown>,
    as: Partial<TokenRequest>,
  ): Promise<Record<string, unknown>> {
    const before = await store.headPosition();
    const response = await running.graphql(SUBMIT, { input: variables }, as);
    expect(response.data ?? null).toBeNull();
    expect(await store.headPosition()).toBe(before);
    return response.errors![0]!.extensions ?? {};
  }

  beforeAll(async () => {
    running = await startStandalone({ clock });
    store = running.app.get<EventStore>(EVENT_STORE);
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  it('takes the power network’s weekly dispatch from the energy bureau, due the next working day', async () => {
    const first = input('power', 'weekly-dispatch', '2020-W23');
    const response = await running.graphql<{
      submitNetworkReport: { replayed: boolean; report: Record<string, unknown> };
    }>(SUBMIT, { input: first }, ENERGY);
    expect(response.errors).toBeUndefined();
    // 2020-W23: Monday 1 June to Sunday 7 June; due Monday 8 June, submitted that day.
    expect(response.data!.submitNetworkReport).toEqual({
      replayed: false,
      report: {
        networkCode: 'power',
        kind: 'weekly-dispatch',
        period: '2020-W23',
        dueOn: '2020-06-08',
        submittedOn: '2020-06-08',
        late: false,
        submittedBy: 'energy-bureau',
        summary: first.summary,
        overdueRecordedOn: null,
      },
    });
    const stream = await store.readStream('network-report-power-weekly-dispatch-2020-W23');
    expect(stream.map((e) => [e.type, e.data.validAt, e.metadata.validAt])).toEqual([
      ['NetworkReportSubmitted', '2020-06-01', '2020-06-01T00:00:00+08:00'],
    ]);

    // The same request again is a replay: nothing new.
    const before = await store.headPosition();
    const again = await running.graphql<{ submitNetworkReport: { replayed: boolean } }>(
      SUBMIT,
      { input: first },
      ENERGY,
    );
    expect(again.data!.submitNetworkReport.replayed).toBe(true);
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses a second report for the same week, a network that owes no weekly dispatch, and bad input, appending nothing', async () => {
    expect(
      await refused(input('power', 'weekly-dispatch', '2020-W23', 'dup'), ENERGY),
    ).toMatchObject({ code: 'RULE_VIOLATED', rule: 'REPORT_ALREADY_SUBMITTED' });
    // Roads: the plan asks no weekly dispatch of the road network (L167 and L206 are power and oil-gas).
    expect(await refused(input('road', 'weekly-dispatch', '2020-W23'), TRANSPORT)).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'KIND_NOT_OWED',
    });
    expect(await refused(input('power', 'weekly-dispatch', '2020-Q2'), ENERGY)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'period',
    });
    expect(await refused(input('power', 'monthly-dispatch', '2020-06'), ENERGY)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'kind',
    });
    // Today is Monday 8 June: 2020-W24 has begun, 2020-W25 has not.
    expect(await refused(input('power', 'weekly-dispatch', '2020-W25'), ENERGY)).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'PERIOD_IN_FUTURE',
    });
  });

  it('lets a lead department report for its own networks only; a region not at all', async () => {
    expect(await refused(input('power', 'weekly-dispatch', '2020-W22'), TRANSPORT)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await refused(input('power', 'weekly-dispatch', '2020-W22'), {
        role: 'region',
        region: 'changchun',
      }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refused(input('power', 'weekly-dispatch', '2020-W22'), { role: 'planning_office' }),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('records a missed quarter overdue once, shows it among the deadlines, and takes the late report after it', async () => {
    const watcher = running.app.get(NetworkReportOverdueWatcher);
    // 2020-Q3 ends 30 September; ten working days: 9 Oct, Sat 10 Oct (worked in exchange),
    // 12-16 Oct, 19-21 Oct. On 22 October it is overdue; so is 2020-Q2 (due 14 July).
    clock.set('2020-10-22' as LocalDate);
    const recorded = await watcher.recordOverdue();
    expect(recorded).toBeGreaterThan(2);
    expect(await watcher.recordOverdue()).toBe(0);
    const q3 = await store.readStream('network-report-info-quarterly-consultation-2020-Q3');
    expect(q3.map((e) => [e.type, e.data.dueOn, e.data.recordedOn, e.data.validAt])).toEqual([
      ['NetworkReportOverdue', '2020-10-21', '2020-10-22', '2020-07-01'],
    ]);
    // The week that came in is not overdue.
    const w23 = await store.readStream('network-report-power-weekly-dispatch-2020-W23');
    expect(w23.map((e) => e.type)).toEqual(['NetworkReportSubmitted']);

    const deadlines = await running.graphql<{ reportDeadlines: Deadline[] }>(
      DEADLINES,
      { kind: 'quarterly-consultation' },
      DIGITAL,
    );
    expect(deadlines.errors).toBeUndefined();
    expect(
      deadlines.data!.reportDeadlines.map((d) => [
        d.networkCode,
        d.period,
        d.dueOn,
        d.status,
        d.overdueRecordedOn,
      ]),
    ).toEqual([
      ['info', '2020-Q2', '2020-07-14', 'overdue', '2020-10-22'],
      ['info', '2020-Q3', '2020-10-21', 'overdue', '2020-10-22'],
      ['info', '2020-Q4', '2021-01-15', 'due', null],
    ]);
    expect(deadlines.data!.reportDeadlines[0]!.source).toBe(
      'L82 建立“月调度、季协商、年总结”的工作机制',
    );
    // As it stood on its due date, the third quarter was still due.
    const onDueDate = await running.graphql<{ reportDeadlines: Deadline[] }>(
      DEADLINES,
      { kind: 'quarterly-consultation', asOf: '2020-10-21' },
      DIGITAL,
    );
    expect(onDueDate.data!.reportDeadlines.map((d) => [d.period, d.status])).toEqual([
      ['2020-Q2', 'overdue'],
      ['2020-Q3', 'due'],
      ['2020-Q4', 'due'],
    ]);

    const late = await running.graphql<{
      submitNetworkReport: { report: { late: boolean; dueOn: string; overdueRecordedOn: string } };
    }>(SUBMIT, { input: input('info', 'quarterly-consultation', '2020-Q3') }, DIGITAL);
    expect(late.errors).toBeUndefined();
    expect(late.data!.submitNetworkReport.report).toMatchObject({
      late: true,
      dueOn: '2020-10-21',
      overdueRecordedOn: '2020-10-22',
    });
    const after = await running.graphql<{ reportDeadlines: Deadline[] }>(
      DEADLINES,
      { kind: 'quarterly-consultation' },
      DIGITAL,
    );
    expect(after.data!.reportDeadlines.map((d) => [d.period, d.status])).toEqual([
      ['2020-Q2', 'overdue'],
      ['2020-Q3', 'late'],
      ['2020-Q4', 'due'],
    ]);
  });

  it('shows each lead department the deadlines of its own networks only, and a region none', async () => {
    const energy = await running.graphql<{ reportDeadlines: Deadline[] }>(
      DEADLINES,
      { from: '2020-06-01', asOf: '2020-06-14' },
      ENERGY,
    );
    expect(energy.errors).toBeUndefined();
    expect(
      energy.data!.reportDeadlines.map((d) => `${d.networkCode} ${d.kind} ${d.period} ${d.status}`),
    ).toEqual([
      'power weekly-dispatch 2020-W23 submitted',
      'power weekly-dispatch 2020-W24 due',
      'oilgas weekly-dispatch 2020-W23 overdue',
      'oilgas weekly-dispatch 2020-W24 due',
    ]);
    const office = await running.graphql<{ reportDeadlines: Deadline[] }>(
      DEADLINES,
      { from: '2020-06-01', asOf: '2020-06-14' },
      { role: 'planning_office' },
    );
    expect(new Set(office.data!.reportDeadlines.map((d) => d.networkCode))).toEqual(
      new Set(['power', 'oilgas', 'info']),
    );
    const region = await running.graphql(DEADLINES, {}, { role: 'region', region: 'changchun' });
    expect(region.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const reports = await running.graphql<{
      networkReports: Array<{ networkCode: string; period: string }>;
    }>(
      `{ networkReports(kind: "weekly-dispatch", from: "2020-06-01", to: "2020-06-07") { networkCode period } }`,
      {},
      TRANSPORT,
    );
    // The transport department leads roads, which owe no weekly dispatch: it sees none of power's.
    expect(reports.data!.networkReports).toEqual([]);
  });
});
