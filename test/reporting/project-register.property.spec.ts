import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { Fen, LocalDate, RuleViolation, formatYuan } from '@ledger/domain-kernel';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { asRecorded } from '@ledger/testing';
import { ProjectId } from '../../apps/planning/src/project/domain/project-id';
import { ProjectCommand } from '../../apps/planning/src/project/domain/project.commands';
import { projectDecider } from '../../apps/planning/src/project/domain/project.decider';
import { ProjectState } from '../../apps/planning/src/project/domain/project.state';
import { DispatchReportCommand } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.commands';
import { dispatchReportsDecider } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.decider';
import { DispatchReportsState } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.state';
import { ReportPeriod } from '../../apps/reporting/src/dispatch-report/domain/report-period';
import { propertyProposal } from '../support/property-project';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { ProgressQueries } from '../../apps/reporting/src/progress/progress.queries';

/**
 * For random histories of two projects (planning commands and dispatch reports, with
 * corrections and overdue months), cut into random batches, the SQL register says what an
 * independent fold of the same events says: the deciders' own state.
 */
const PROJECTS = ['prop-a', 'prop-b'] as ProjectId[];
const day = (n: number): LocalDate =>
  new Date(Date.UTC(2021, 0, 1 + n)).toISOString().slice(0, 10) as LocalDate;
const fen = (n: number): Fen => BigInt(n) as Fen;
const PERIODS = ['2021-02', '2021-03', '2021-04'] as ReportPeriod[];

type Action =
  | { kind: 'project'; project: number; make: (step: number) => ProjectCommand }
  | { kind: 'report'; project: number; period: number; month: number; correct: boolean }
  | { kind: 'overdue'; project: number; period: number };

const projectAction = (make: (id: ProjectId, s: number) => ProjectCommand): fc.Arbitrary<Action> =>
  fc.integer({ min: 0, max: 1 }).map((project) => ({
    kind: 'project',
    project,
    make: (s: number) => make(PROJECTS[project]!, s),
  }));

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  projectAction((projectId, s) => ({
    type: 'DisburseFunds',
    projectId,
    disbursementId: `P-${s}`,
    amount: fen(1000 + s),
    source: 'ppp',
    paidOn: day(100 + s),
    payee: 'x',
  })),
  projectAction((projectId, s) => ({
    type: 'StartConstruction',
    projectId,
    startedOn: day(100 + s),
  })),
  projectAction((projectId, s) => ({
    type: 'SuspendProject',
    projectId,
    suspendedOn: day(100 + s),
    reason: 'r',
  })),
  projectAction((projectId, s) => ({ type: 'ResumeProject', projectId, resumedOn: day(100 + s) })),
  projectAction((projectId, s) => ({
    type: 'CancelProject',
    projectId,
    cancelledOn: day(100 + s),
    reason: 'r',
  })),
  projectAction((projectId, s) => ({
    type: 'AdjustProjectPlan',
    projectId,
    adjustedOn: day(100 + s),
    reason: 'r',
    plannedTotalInvestment: fen(5_000_000 + s),
    fundingPlan: [],
  })),
  // Reports and corrections weigh most: corrections of one month meet in one batch often.
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('report' as const),
      project: fc.integer({ min: 0, max: 1 }),
      period: fc.integer({ min: 0, max: 2 }),
      month: fc.integer({ min: 0, max: 90_000 }),
      correct: fc.boolean(),
    }),
  },
  fc.record({
    kind: fc.constant('overdue' as const),
    project: fc.integer({ min: 0, max: 1 }),
    period: fc.integer({ min: 0, max: 2 }),
  }),
);

describe('reporting register = fold of the same events, whatever the batches (property)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('agrees for random histories and random batch boundaries', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(actionArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 40 }),
        async (actions, cuts) => {
          const projects: ProjectState[] = PROJECTS.map(() => projectDecider.initialState);
          const reports: DispatchReportsState[] = PROJECTS.map(
            () => dispatchReportsDecider.initialState,
          );
          const events: Array<{ type: string; data: object }> = [];
          const project = (i: number, command: ProjectCommand): void => {
            try {
              for (const e of projectDecider.decide(command, projects[i]!)) {
                projects[i] = projectDecider.evolve(projects[i]!, e);
                events.push(e);
              }
            } catch (error) {
              if (!(error instanceof RuleViolation)) throw error;
            }
          };
          const report = (i: number, command: DispatchReportCommand): void => {
            try {
              for (const e of dispatchReportsDecider.decide(command, reports[i]!)) {
                reports[i] = dispatchReportsDecider.evolve(reports[i]!, e);
                events.push(e);
              }
            } catch (error) {
              if (!(error instanceof RuleViolation)) throw error;
            }
          };
          PROJECTS.forEach((projectId, i) => {
            project(
              i,
              propertyProposal(projectId, {
                networkCode: i === 0 ? 'municipal' : 'road',
                tags: ['5g'],
                plannedStart: day(0),
                plannedEnd: day(900),
              }),
            );
            project(i, {
              type: 'ApproveProject',
              projectId,
              authority: 'DRC',
              documentNumber: 'D',
              approvedInvestment: fen(4_000_000),
              approvedOn: day(10),
            });
          });
          actions.forEach((action, s) => {
            const i = action.project;
            const state = projects[i]!;
            if (action.kind === 'project') return project(i, action.make(s));
            const period = PERIODS[action.period]!;
            if (action.kind === 'overdue') {
              return report(i, {
                type: 'RecordReportOverdue',
                projectId: PROJECTS[i]!,
                period,
                dueOn: day(200),
                today: day(201),
              });
            }
            const before =
              reports[i]!.reports.get(PERIODS[action.period - 1] ?? '')?.cumulative ?? 0n;
            const content = {
              investmentInMonth: fen(action.month),
              cumulativeInvestment: fen(Number(before) + action.month),
              physicalProgressBasisPoints: 1000,
              physicalProgress: 'p',
              quantities: [{ indicatorCode: 'k', quantity: String(action.month % 7), unit: 'km' }],
              problems: null,
              submittedBy: 'u',
            };
            report(
              i,
              action.correct
                ? {
                    type: 'CorrectDispatchReport',
                    projectId: PROJECTS[i]!,
                    period,
                    content,
                    reason: 'r',
                    today: day(220),
                  }
                : {
                    type: 'SubmitDispatchReport',
                    projectId: PROJECTS[i]!,
                    period,
                    content,
                    project: { approvedOn: day(10), cancelled: state.status === 'cancelled' },
                    today: day(190 + s),
                    dueOn: day(200),
                  },
            );
          });

          const schema = `reg_${++run}`;
          const projection = new ProjectRegisterProjection(schema);
          const sql = pgliteDatabase(db);
          await sql.transaction((tx) => projection.setup(tx));
          const recorded = asRecorded(events);
          for (let at = 0, c = 0; at < recorded.length; c++) {
            const size = cuts[c % cuts.length]!;
            await sql.transaction((tx) => projection.applyBatch(tx, recorded.slice(at, at + size)));
            at += size;
          }

          const rows = await db.query<{
            project_id: string;
            status: string;
            disbursed: string;
            planned_total: string;
            overdue_periods: string[];
          }>(
            `SELECT project_id, status, disbursed::text AS disbursed, planned_total::text AS planned_total, overdue_periods FROM ${schema}.project_register ORDER BY project_id`,
          );
          expect(rows.rows).toEqual(
            PROJECTS.map((projectId, i) => {
              const p = projects[i]!;
              if (p.status === 'none') throw new Error('proposed above');
              return {
                project_id: projectId,
                status: p.status,
                disbursed: formatYuan(p.disbursed),
                planned_total: formatYuan(p.current.plannedTotalInvestment!),
                overdue_periods: [...reports[i]!.overdue],
              };
            }),
          );
          const queries = new ProgressQueries(sql, schema);
          for (const [i, projectId] of PROJECTS.entries()) {
            const stored = await queries.reports(projectId);
            expect(
              stored.map((r) => [
                r.period,
                r.investment_in_month,
                r.cumulative_investment,
                r.corrections,
              ]),
            ).toEqual(
              [...reports[i]!.reports.entries()]
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([period, r]) => [
                  period,
                  r.content.investmentInMonth,
                  r.content.cumulativeInvestment,
                  r.corrections,
                ]),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
