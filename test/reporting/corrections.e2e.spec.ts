import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * The supervisor's scenario of the corrections issue, through GraphQL: plan and approve a
 * project, pay from three sources, start it, report six months (March late), then correct
 * May. The views must still tell one story afterwards, and print money one way.
 */
const REPORTER = { role: 'region' as const, region: 'changchun' };
const UNIT = '长春热力集团';
const MONEY = /^-?\d+\.\d{2}$/;

let n = 0;
const key = (label: string): string => `corrections-e2e-${label}-${process.pid}-${++n}`;

interface Line {
  key: string;
  planned: string;
  approved: string;
  disbursed: string;
  reported: string;
  annualPlan: string;
  completedInYear: string;
}
interface Point {
  networkCode: string;
  period: string;
  investmentInMonth: string;
  runningTotal: string;
}
interface SummaryLine {
  networkCode: string;
  reportsReceived: number;
  reportsLate: number;
  investmentInMonth: string;
  cumulativeReported: string;
}

describe('corrections keep the figures true (standalone, PGlite, clock set by the test)', () => {
  const clock = new FixedClock('2021-01-06' as LocalDate);
  const projectId = `corrections-heating-${process.pid}`;
  let running: RunningApp;

  const ok = async <T>(
    query: string,
    variables: Record<string, unknown>,
    as: Record<string, unknown> = {},
  ): Promise<T> => {
    const response = await running.graphql<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const month = (period: string, inMonth: string, cumulative: string) => ({
    idempotencyKey: key(period),
    projectId,
    period,
    investmentInMonth: inMonth,
    cumulativeInvestment: cumulative,
    physicalProgressPercent: '10',
    physicalProgress: '管网铺设',
    submittedBy: UNIT,
  });
  const views = async () =>
    ok<{
      all: Line[];
      year: Line[];
      progressSeries: Point[];
      monthlySummary: SummaryLine[];
      dispatchReports: Array<{
        period: string;
        investmentInMonth: string;
        cumulativeInvestment: string;
      }>;
    }>(
      `query($projectId: String!) {
        all: progress(by: responsible_unit) { key planned approved disbursed reported annualPlan completedInYear }
        year: progress(by: responsible_unit, through: "2021-06") { key planned approved disbursed reported annualPlan completedInYear }
        progressSeries(from: "2021-01", to: "2021-06") { networkCode period investmentInMonth runningTotal }
        monthlySummary(period: "2021-06") { networkCode reportsReceived reportsLate investmentInMonth cumulativeReported }
        dispatchReports(projectId: $projectId) { period investmentInMonth cumulativeInvestment }
      }`,
      { projectId },
    );

  beforeAll(async () => {
    running = await startStandalone({ clock });
    await ok(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, key('propose')) },
    );
    await ok(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      { input: heatingProjectApproval(projectId, key('approve')) },
    );
    for (const [id, source, amount] of [
      ['PAY-1', 'central_budget', '200000.00'],
      ['PAY-2', 'special_bonds', '300000.50'],
      ['PAY-3', 'city_county_self_raised', '100000.25'],
    ] as const) {
      await ok(
        `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
        {
          input: {
            idempotencyKey: key(id),
            projectId,
            disbursementId: id,
            amount,
            source,
            paidOn: '2021-01-06',
            payee: UNIT,
          },
        },
      );
    }
    await ok(
      `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
      {
        input: { idempotencyKey: key('start'), projectId, date: '2021-01-06' },
      },
    );
    // Six months of 100,000 each; March comes in after its due date.
    const submitted: Array<[string, string, string]> = [
      ['2021-01', '2021-02-03', '100000'],
      ['2021-02', '2021-03-03', '200000'],
      ['2021-03', '2021-04-20', '300000'],
      ['2021-04', '2021-05-06', '400000'],
      ['2021-05', '2021-06-03', '500000'],
      ['2021-06', '2021-07-05', '600000'],
    ];
    for (const [period, today, cumulative] of submitted) {
      clock.set(today as LocalDate);
      await ok(
        `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
        { input: month(period, '100000', cumulative) },
        REPORTER,
      );
    }
  }, 180_000);

  afterAll(async () => {
    await running?.close();
  });

  it("restates June's cumulative after May is corrected, and every view agrees", async () => {
    clock.set('2021-07-12' as LocalDate);
    await ok(
      `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) { reports { period } } }`,
      { input: { ...month('2021-05', '150000', '550000'), reason: '财务核对后调整' } },
      REPORTER,
    );
    const v = await views();
    // June carries on from the corrected May: 550,000 + 100,000.
    expect(v.dispatchReports.map((r) => [r.period, r.cumulativeInvestment])).toEqual([
      ['2021-01', '100000.00'],
      ['2021-02', '200000.00'],
      ['2021-03', '300000.00'],
      ['2021-04', '400000.00'],
      ['2021-05', '550000.00'],
      ['2021-06', '650000.00'],
    ]);
    const ours = (lines: Line[]) => lines.find((l) => l.key === UNIT)!;
    const june = v.progressSeries.find(
      (p) => p.networkCode === 'municipal' && p.period === '2021-06',
    )!;
    const summary = v.monthlySummary.find((l) => l.networkCode === 'municipal')!;
    expect(ours(v.all).reported).toBe('650000.00');
    expect(ours(v.year).completedInYear).toBe('650000.00');
    expect(june.runningTotal).toBe('650000.00');
    expect(summary.cumulativeReported).toBe('650000.00');
    expect(summary).toMatchObject({ reportsReceived: 1, reportsLate: 0 });
    expect(ours(v.all).disbursed).toBe('600000.75');
  });

  it('prints every amount in one format: yuan with two decimals, zero as 0.00', async () => {
    const v = await views();
    const ours = v.all.find((l) => l.key === UNIT)!;
    // Without a year there is no annual plan to compare with: zero, in the same format.
    expect(ours.annualPlan).toBe('0.00');
    expect(ours.completedInYear).toBe('0.00');
    const empty = await ok<{ monthlySummary: SummaryLine[] }>(
      `{ monthlySummary(period: "2020-12") { networkCode reportsReceived reportsLate investmentInMonth cumulativeReported } }`,
      {},
    );
    const amounts = [
      ...[...v.all, ...v.year].flatMap((l) => [
        l.planned,
        l.approved,
        l.disbursed,
        l.reported,
        l.annualPlan,
        l.completedInYear,
      ]),
      ...v.progressSeries.flatMap((p) => [p.investmentInMonth, p.runningTotal]),
      ...[...v.monthlySummary, ...empty.monthlySummary].flatMap((l) => [
        l.investmentInMonth,
        l.cumulativeReported,
      ]),
      ...v.dispatchReports.flatMap((r) => [r.investmentInMonth, r.cumulativeInvestment]),
    ];
    expect(amounts.length).toBeGreaterThan(20);
    expect(amounts.filter((a) => !MONEY.test(a))).toEqual([]);
    expect(empty.monthlySummary.every((l) => l.investmentInMonth === '0.00')).toBe(true);
  });
});
