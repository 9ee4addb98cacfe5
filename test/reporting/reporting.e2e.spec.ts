import { asStoreRunner } from '@ledger/event-sourcing';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LocalDate } from '@ledger/domain-kernel';
import { FixedClock } from '@ledger/domain-kernel';
import { OverdueWatcher } from '../../apps/reporting/src/reactions/record-overdue-reports';
import { ReportingReadModels } from '../../apps/reporting/src/read-models/reporting-read-models';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { appendedSince } from '../support/appended-since';

/** Dispatch reports come from the region responsible for the project. */
const REPORTER = { role: 'region' as const, region: 'changchun' };
const SUBMIT = `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) {
  replayed reports { period investmentInMonth cumulativeInvestment physicalProgressPercent dueOn submittedOn late corrections } } }`;
const CORRECT = `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) {
  reports { period investmentInMonth cumulativeInvestment corrections } } }`;

let n = 0;
const key = (label: string): string => `report-e2e-${label}-${process.pid}-${++n}`;

describe('reporting over GraphQL (PGlite, clock set by the test)', () => {
  const clock = new FixedClock('2021-06-03' as LocalDate);
  let running: RunningApp;
  let store: EventStore;
  const projectId = `heating-report-${process.pid}`;
  const unapproved = `${projectId}-unapproved`;

  const report = (
    period: string,
    month: string,
    cumulative: string,
    extra: Record<string, unknown> = {},
  ) => ({
    idempotencyKey: key(period),
    projectId,
    period,
    investmentInMonth: month,
    cumulativeInvestment: cumulative,
    physicalProgressPercent: '25.5',
    physicalProgress: '管网铺设完成四分之一',
    quantities: [{ indicatorCode: 'heating-network-km', quantity: '3.2', unit: 'km' }],
    submittedBy: '长春热力集团',
    ...extra,
  });

  async function refused(query: string, input: Record<string, unknown>) {
    const before = await store.headPosition();
    const response = await running.graphql(query, { input }, REPORTER);
    expect(response.data ?? null).toBeNull();
    expect(await appendedSince(store, before)).toEqual([]);
    return response.errors![0]!;
  }

  beforeAll(async () => {
    running = await startStandalone({ clock });
    store = running.app.get<EventStore>(EVENT_STORE);
    const propose = `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`;
    for (const id of [projectId, unapproved]) {
      // The plan must exist for proposals to be checked against it.
      await running.graphql(propose, {
        input: {
          idempotencyKey: key('propose'),
          projectId: id,
          nameZh: '长春市供热管网改造工程',
          networkCode: 'municipal',
          categoryCode: 'heating',
          regionCode: 'changchun',
          responsibleUnit: '长春热力集团',
          constructionNature: 'reconstruction',
          plannedTotalInvestment: '10000000.00',
          fundingPlan: [],
          plannedStart: '2021-03-01',
          plannedEnd: '2022-12-31',
        },
      });
    }
    const approved = await running.graphql(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { project { status } } }`,
      {
        input: {
          idempotencyKey: key('approve'),
          projectId,
          authority: '长春市发展和改革委员会',
          documentNumber: '长发改〔2021〕1号',
          approvedInvestment: '10000000.00',
          approvedOn: '2021-03-15',
        },
      },
    );
    expect(approved.errors).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  it('takes a report on time with its due date from the working-day calendar', async () => {
    const response = await running.graphql<{
      submitDispatchReport: { reports: Array<Record<string, unknown>> };
    }>(
      SUBMIT,
      {
        input: report('2021-05', '1000000', '1000000'),
      },
      REPORTER,
    );
    expect(response.errors).toBeUndefined();
    // May 2021 ends on Monday 31 May; five working days later is Monday 7 June.
    expect(response.data!.submitDispatchReport.reports).toEqual([
      {
        period: '2021-05',
        investmentInMonth: '1000000.00',
        cumulativeInvestment: '1000000.00',
        physicalProgressPercent: '25.50',
        dueOn: '2021-06-07',
        submittedOn: '2021-06-03',
        late: false,
        corrections: 0,
      },
    ]);
  });

  it('refuses bad reports with a typed error, appending nothing', async () => {
    expect((await refused(SUBMIT, report('2021-05', '1', '1000001'))).extensions).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'REPORT_ALREADY_SUBMITTED',
    });
    expect((await refused(SUBMIT, report('2021-07', '1', '1'))).extensions).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'PERIOD_IN_FUTURE',
    });
    expect((await refused(SUBMIT, report('2021-04', '-5', '1'))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'investmentInMonth',
    });
    expect(
      (await refused(SUBMIT, report('2021-04', '1', '1', { physicalProgressPercent: '101' })))
        .extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'physicalProgressPercent' });
    expect(
      (await refused(SUBMIT, { ...report('2021-05', '1', '1'), projectId: unapproved })).extensions,
    ).toMatchObject({ code: 'RULE_VIOLATED', rule: 'PROJECT_NOT_APPROVED' });
  });

  it('corrects a report: the month stays, both versions stay in the history', async () => {
    const response = await running.graphql<{
      correctDispatchReport: { reports: Array<Record<string, unknown>> };
    }>(
      CORRECT,
      {
        // 500,000 of the total was spent before May, in a month not yet reported.
        input: { ...report('2021-05', '700000', '1200000'), reason: '财务决算后调整' },
      },
      REPORTER,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.correctDispatchReport.reports).toEqual([
      {
        period: '2021-05',
        investmentInMonth: '700000.00',
        cumulativeInvestment: '1200000.00',
        corrections: 1,
      },
    ]);
    const history = await store.readStream(`dispatch-reports-${projectId}`);
    expect(history.map((e) => [e.type, e.data.period, e.metadata.validAt])).toEqual([
      ['DispatchReportSubmitted', '2021-05', '2021-05-01T00:00:00+08:00'],
      ['DispatchReportCorrected', '2021-05', '2021-05-01T00:00:00+08:00'],
    ]);
  });

  it('records an overdue report once, however often the watcher runs, and a late report after it', async () => {
    const watcher = running.app.get(OverdueWatcher);
    // March's report was due on 8 April 2021 (Qingming: 3-5 April off). April's on 11 May:
    // 1-5 May off for Labour Day, then Thu 6, Fri 7, Sat 8 (worked in exchange), Mon 10, Tue 11.
    // On 12 May both have passed.
    clock.set('2021-05-12' as LocalDate);
    expect(await watcher.recordOverdue()).toBe(2);
    expect(await watcher.recordOverdue()).toBe(0);
    const overdue = (await store.readStream(`dispatch-reports-${projectId}`)).filter(
      (e) => e.type === 'DispatchReportOverdue',
    );
    expect(overdue.map((e) => [e.data.period, e.data.dueOn])).toEqual([
      ['2021-03', '2021-04-08'],
      ['2021-04', '2021-05-11'],
    ]);

    clock.set('2021-06-04' as LocalDate);
    // April fills the gap before May and must fit it: May's 1,200,000 less its 700,000.
    const misfit = await running.graphql(
      SUBMIT,
      { input: report('2021-04', '500000', '600000') },
      REPORTER,
    );
    expect(misfit.errors?.[0]?.extensions).toMatchObject({ rule: 'CUMULATIVE_MISMATCH' });
    const late = await running.graphql<{
      submitDispatchReport: { reports: Array<{ period: string; late: boolean }> };
    }>(
      SUBMIT,
      {
        input: report('2021-04', '500000', '500000'),
      },
      REPORTER,
    );
    expect(late.errors).toBeUndefined();
    expect(late.data!.submitDispatchReport.reports.find((r) => r.period === '2021-04')?.late).toBe(
      true,
    );
  });

  it('shows progress by network with exact sums', async () => {
    const response = await running.graphql<{
      progress: Array<{
        key: string;
        approved: string;
        reported: string;
        projectsWithOverdueReports: number;
      }>;
    }>('{ progress(by: network) { key approved reported projectsWithOverdueReports } }');
    expect(response.errors).toBeUndefined();
    const municipal = response.data!.progress.find((p) => p.key === 'municipal');
    expect(municipal).toEqual({
      key: 'municipal',
      approved: '10000000.00',
      reported: '1200000.00',
      projectsWithOverdueReports: 1,
    });
  });

  it('serves the year against its plan, the monthly series, the summary and the indicators', async () => {
    const response = await running.graphql<{
      progress: Array<{
        key: string;
        completedInYear: string;
        annualPlanPercent: string | null;
        timeElapsedPercent: string;
      }>;
      progressSeries: Array<{
        networkCode: string;
        period: string;
        investmentInMonth: string;
        runningTotal: string;
      }>;
      monthlySummary: Array<{
        networkCode: string;
        reportsReceived: number;
        reportsLate: number;
        reportsOverdue: number;
      }>;
      indicatorProgress: Array<{ code: string; target: string; actual: string }>;
    }>(`{
      progress(by: network, through: "2021-06") { key completedInYear annualPlanPercent timeElapsedPercent }
      progressSeries(from: "2021-01", to: "2021-12") { networkCode period investmentInMonth runningTotal }
      monthlySummary(period: "2021-04") { networkCode reportsReceived reportsLate reportsOverdue }
      indicatorProgress(year: 2020) { code target actual }
    }`);
    expect(response.errors).toBeUndefined();
    const data = response.data!;
    expect(data.progress.find((p) => p.key === 'municipal')).toEqual({
      key: 'municipal',
      completedInYear: '1200000.00', // April 500,000 + May 700,000 (as corrected)
      annualPlanPercent: null, // the proposal gave no annual plan
      timeElapsedPercent: '50.00',
    });
    expect(data.progressSeries.filter((p) => p.networkCode === 'municipal')).toEqual([
      {
        networkCode: 'municipal',
        period: '2021-04',
        investmentInMonth: '500000.00',
        runningTotal: '500000.00',
      },
      {
        networkCode: 'municipal',
        period: '2021-05',
        investmentInMonth: '700000.00',
        runningTotal: '1200000.00',
      },
    ]);
    expect(data.monthlySummary.find((l) => l.networkCode === 'municipal')).toEqual({
      networkCode: 'municipal',
      reportsReceived: 1,
      reportsLate: 1,
      reportsOverdue: 1,
    });
    expect(data.indicatorProgress.find((i) => i.code === '5g-base-stations-new')).toEqual({
      code: '5g-base-stations-new',
      target: '7500',
      actual: '0',
    });
  });

  it('rebuilds the register from position 0 into exactly what the live one shows', async () => {
    const readModels = running.app.get(ReportingReadModels);
    const dump = async () =>
      running.graphql(`{
        progress(by: region) { key projects approved disbursed reported projectsWithOverdueReports }
        progressSeries(from: "2020-01", to: "2025-12") { networkCode period investmentInMonth runningTotal }
        dispatchReports(projectId: "${projectId}") { period investmentInMonth cumulativeInvestment dueOn submittedOn late corrections }
      }`);
    const live = await dump();
    await asStoreRunner(readModels.register).rebuild();
    await readModels.catchUp();
    expect(await dump()).toEqual(live);
  });
});
