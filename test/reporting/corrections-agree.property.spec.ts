import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { Fen, LocalDate, RuleViolation } from '@ledger/domain-kernel';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { asRecorded } from '@ledger/testing';
import { ProjectId } from '../../apps/planning/src/project/domain/project-id';
import { ProjectCommand } from '../../apps/planning/src/project/domain/project.commands';
import { projectDecider } from '../../apps/planning/src/project/domain/project.decider';
import { DispatchReportCommand } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.commands';
import { dispatchReportsDecider } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.decider';
import { DispatchReportsState } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.state';
import { ReportPeriod } from '../../apps/reporting/src/dispatch-report/domain/report-period';
import { propertyProposal } from '../support/property-project';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { ProgressQueries } from '../../apps/reporting/src/progress/progress.queries';

/**
 * For random sequences of monthly reports and corrections (valid and not) of three projects
 * in two networks, applied in random batches, `progress`, `progressSeries`, the monthly
 * summary and the projects' own reports tell one story:
 * - each project's cumulative figure carries on month to month;
 * - the series' running total plus the openings is the summary's cumulative figure, in
 *   every month that every project of the network has reported;
 * - the year's completed investment is the series' running total;
 * - the register's reported figure is each project's latest cumulative, summed.
 */
const PROJECTS = ['chain-a', 'chain-b', 'chain-c'] as ProjectId[];
const NETWORK = ['municipal', 'municipal', 'road'] as const;
const PERIODS = [
  '2021-01',
  '2021-02',
  '2021-03',
  '2021-04',
  '2021-05',
  '2021-06',
] as ReportPeriod[];
const fen = (n: number): Fen => BigInt(n) as Fen;
const yuan = (text: string): bigint => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const day = (n: number): LocalDate =>
  new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10) as LocalDate;

type Action =
  | { kind: 'next'; project: number; month: number; opening: number }
  | { kind: 'correct'; project: number; period: number; month: number; opening: number }
  /** A correction whose cumulative figure is off by `drift`: must be refused. */
  | { kind: 'wrong'; project: number; period: number; month: number; drift: number };

const project = fc.integer({ min: 0, max: PROJECTS.length - 1 });
const amount = fc.integer({ min: 0, max: 500_000 });
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('next' as const),
      project,
      month: amount,
      opening: amount,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      project,
      period: fc.integer({ min: 0, max: PERIODS.length - 1 }),
      month: amount,
      opening: amount,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wrong' as const),
      project,
      period: fc.integer({ min: 1, max: PERIODS.length - 1 }),
      month: amount,
      drift: fc.integer({ min: 1, max: 1000 }),
    }),
  },
);

describe('progress, the series and the summary agree after any corrections (property)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('holds for random reports, corrections and batch boundaries', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 20 }),
        async (actions, cuts) => {
          const events: Array<{ type: string; data: object }> = [];
          const plan = (command: ProjectCommand, state = projectDecider.initialState) => {
            const decided = projectDecider.decide(command, state);
            events.push(...decided);
            return decided.reduce(projectDecider.evolve, state);
          };
          PROJECTS.forEach((projectId, i) => {
            const proposed = plan(
              propertyProposal(projectId, {
                networkCode: NETWORK[i]!,
                responsibleUnit: `unit-${i}`,
                plannedTotalInvestment: fen(90_000_000),
                annualInvestmentPlan: [{ year: 2021, amount: fen(50_000_000) }],
              }),
            );
            plan(
              {
                type: 'ApproveProject',
                projectId,
                authority: 'DRC',
                documentNumber: 'D',
                approvedInvestment: fen(90_000_000),
                approvedOn: day(0),
              },
              proposed,
            );
          });

          const reports: DispatchReportsState[] = PROJECTS.map(
            () => dispatchReportsDecider.initialState,
          );
          const decide = (i: number, command: DispatchReportCommand): boolean => {
            try {
              for (const e of dispatchReportsDecider.decide(command, reports[i]!)) {
                reports[i] = dispatchReportsDecider.evolve(reports[i]!, e);
                events.push(e);
              }
              return true;
            } catch (error) {
              if (!(error instanceof RuleViolation)) throw error;
              return false;
            }
          };
          const content = (month: number, cumulative: bigint) => ({
            investmentInMonth: fen(month),
            cumulativeInvestment: cumulative as Fen,
            physicalProgressBasisPoints: 1000,
            physicalProgress: 'p',
            quantities: [],
            problems: null,
            submittedBy: 'u',
          });
          // What a careful unit would send: the month before's cumulative plus this month's.
          const cumulativeFor = (i: number, period: number, month: number, opening: number) =>
            (reports[i]!.reports.get(PERIODS[period - 1] ?? '')?.cumulative ?? BigInt(opening)) +
            BigInt(month);

          for (const action of actions) {
            const i = action.project;
            if (action.kind === 'next') {
              const period = reports[i]!.reports.size;
              if (period >= PERIODS.length) continue;
              expect(
                decide(i, {
                  type: 'SubmitDispatchReport',
                  projectId: PROJECTS[i]!,
                  period: PERIODS[period]!,
                  content: content(
                    action.month,
                    cumulativeFor(i, period, action.month, action.opening),
                  ),
                  project: { approvedOn: day(0), cancelled: false },
                  today: day(200),
                  dueOn: day(190),
                }),
              ).toBe(true);
              continue;
            }
            if (!reports[i]!.reports.has(PERIODS[action.period]!)) continue;
            const cumulative =
              action.kind === 'correct'
                ? cumulativeFor(i, action.period, action.month, action.opening)
                : cumulativeFor(i, action.period, action.month, 0) + BigInt(action.drift);
            const accepted = decide(i, {
              type: 'CorrectDispatchReport',
              projectId: PROJECTS[i]!,
              period: PERIODS[action.period]!,
              content: content(action.month, cumulative),
              reason: 'r',
              today: day(210),
            });
            // A wrong total is refused; a right one only when it changes nothing.
            if (action.kind === 'wrong') expect(accepted).toBe(false);
          }

          const schema = `chain_${++run}`;
          const projection = new ProjectRegisterProjection(schema);
          const sql = pgliteDatabase(db);
          await sql.transaction((tx) => projection.setup(tx));
          const recorded = asRecorded(events);
          for (let at = 0, c = 0; at < recorded.length; c++) {
            const size = cuts[c % cuts.length]!;
            await sql.transaction((tx) => projection.applyBatch(tx, recorded.slice(at, at + size)));
            at += size;
          }
          const queries = new ProgressQueries(sql, schema);

          // Each project's chain is whole, in the view as in the decider's state.
          const stored = await Promise.all(PROJECTS.map((id) => queries.reports(id)));
          for (const [i, months] of stored.entries()) {
            expect(months.map((m) => [m.period, m.cumulative_investment])).toEqual(
              [...reports[i]!.reports.entries()]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([period, r]) => [period, r.content.cumulativeInvestment]),
            );
            for (let m = 1; m < months.length; m++) {
              expect(yuan(months[m]!.cumulative_investment)).toBe(
                yuan(months[m - 1]!.cumulative_investment) + yuan(months[m]!.investment_in_month),
              );
            }
          }

          const series = await queries.monthlySeries(PERIODS[0]!, PERIODS[PERIODS.length - 1]!);
          const byNetwork = await queries.progressBy('network', null, null, 12);
          for (const network of new Set(NETWORK)) {
            const members = PROJECTS.flatMap((_, i) => (NETWORK[i] === network ? [i] : []));
            const reported = Math.min(...members.map((i) => stored[i]!.length));
            const openings = members.reduce((sum, i) => {
              const first = stored[i]![0];
              return first
                ? sum + yuan(first.cumulative_investment) - yuan(first.investment_in_month)
                : sum;
            }, 0n);
            for (const [m, period] of PERIODS.entries()) {
              const summary = (await queries.monthlySummary(period)).find(
                (l) => l.network_code === network,
              )!;
              const point = series.find((p) => p.network_code === network && p.period === period);
              // The summary's month is the series' month.
              expect(summary.investment_in_month).toBe(point?.investment_in_month ?? '0.00');
              const [year] = (await queries.progressBy('network', null, 2021, m + 1)).filter(
                (l) => l.key === network,
              );
              expect(year!.completed_in_year).toBe(point?.running_total ?? year!.completed_in_year);
              if (m < reported) {
                expect(yuan(summary.cumulative_reported)).toBe(
                  yuan(point!.running_total) + openings,
                );
              }
            }
            const latest = members.reduce(
              (sum, i) => sum + yuan(stored[i]!.at(-1)?.cumulative_investment ?? '0'),
              0n,
            );
            expect(yuan(byNetwork.find((l) => l.key === network)!.reported)).toBe(latest);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 240_000);
});
