/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion -- the casts give the
   command literals inside fast-check arbitraries their union type; tsc needs them. */
import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { Fen, LocalDate, RuleViolation, formatYuan } from '@ledger/domain-kernel';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { asRecorded } from '@ledger/testing';
import { ProjectId } from '../src/project/domain/project-id';
import { ProjectCommand } from '../src/project/domain/project.commands';
import { projectDecider } from '../src/project/domain/project.decider';
import { ProjectEvent } from '../src/project/domain/project.events';
import { ProjectState } from '../src/project/domain/project.state';
import { ProjectLibraryProjection } from '../src/project-library/project-library.projection';
import { ProjectLibraryQueries } from '../src/project-library/project-library.queries';

/**
 * For random command sequences, the SQL read model says what an independent fold of the
 * same events says: status, money, dates, plan and maturity, for every event type.
 */
const ID = 'prop-1' as ProjectId;
const day = (n: number): LocalDate => {
  const d = new Date(Date.UTC(2021, 0, 1 + n));
  return d.toISOString().slice(0, 10) as LocalDate;
};
const fen = (n: number): Fen => BigInt(n) as Fen;

type Step = (step: number) => ProjectCommand;
const commandArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant(
    (s: number) =>
      ({
        type: 'ApproveProject',
        projectId: ID,
        authority: 'DRC',
        documentNumber: `D-${s}`,
        approvedInvestment: fen(1_000_000),
        approvedOn: day(s),
      }) as ProjectCommand,
  ),
  fc.integer({ min: 1, max: 400_000 }).map(
    (amount) => (s: number) =>
      ({
        type: 'DisburseFunds',
        projectId: ID,
        disbursementId: `P-${s}`,
        amount: fen(amount),
        source: 'ppp',
        paidOn: day(s),
        payee: 'x',
      }) as ProjectCommand,
  ),
  fc.constant(
    (s: number) =>
      ({ type: 'StartConstruction', projectId: ID, startedOn: day(s) }) as ProjectCommand,
  ),
  fc.constant(
    (s: number) =>
      ({ type: 'CompleteProject', projectId: ID, completedOn: day(s) }) as ProjectCommand,
  ),
  fc.constant(
    (s: number) =>
      ({
        type: 'SuspendProject',
        projectId: ID,
        suspendedOn: day(s),
        reason: 'r',
      }) as ProjectCommand,
  ),
  fc.constant(
    (s: number) => ({ type: 'ResumeProject', projectId: ID, resumedOn: day(s) }) as ProjectCommand,
  ),
  fc.constant(
    (s: number) =>
      ({
        type: 'CancelProject',
        projectId: ID,
        cancelledOn: day(s),
        reason: 'r',
      }) as ProjectCommand,
  ),
  fc.constantFrom('A', 'B', 'C').map(
    (rating) => (s: number) =>
      ({
        type: 'RateProjectMaturity',
        projectId: ID,
        rating,
        ratedOn: day(s),
        basis: 'b',
      }) as ProjectCommand,
  ),
  fc.integer({ min: 1, max: 3_000_000 }).map(
    (total) => (s: number) =>
      ({
        type: 'AdjustProjectPlan',
        projectId: ID,
        adjustedOn: day(s),
        reason: 'r',
        plannedTotalInvestment: fen(total),
        fundingPlan: [],
      }) as ProjectCommand,
  ),
  fc
    .constantFrom('commencement', 'completion', 'handover')
    .map(
      (kind) => (s: number) =>
        ({ type: 'RecordMilestoneMet', projectId: ID, kind, metOn: day(s) }) as ProjectCommand,
    ),
  fc.constantFrom('approval', 'completion').map(
    (kind) => (s: number) =>
      ({
        type: 'ScheduleMilestone',
        projectId: ID,
        kind,
        plannedOn: day(s + 30),
      }) as ProjectCommand,
  ),
);

const approveStep: Step = (s) => ({
  type: 'ApproveProject',
  projectId: ID,
  authority: 'DRC',
  documentNumber: `D-${s}`,
  approvedInvestment: fen(1_000_000),
  approvedOn: day(s),
});
const startStep: Step = (s) => ({ type: 'StartConstruction', projectId: ID, startedOn: day(s) });

const proposal: ProjectCommand = {
  type: 'ProposeProject',
  projectId: ID,
  nameZh: '属性测试项目',
  nameEn: null,
  networkCode: 'municipal',
  categoryCode: 'heating',
  tags: [],
  regionCode: 'changchun',
  responsibleUnit: 'u',
  constructionNature: 'new_build',
  plannedTotalInvestment: fen(2_000_000),
  fundingPlan: [],
  plannedStart: day(0),
  plannedEnd: day(2000),
  annualInvestmentPlan: [],
  synthetic: false,
};

describe('project library projection = fold of the same events (property)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('agrees for random command sequences', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        // Most sequences start approved, or under construction, so that later commands
        // (suspend, resume, pay, complete) meet the states they are allowed in.
        fc.constantFrom(0, 1, 2),
        fc.array(commandArb, { minLength: 1, maxLength: 30 }),
        async (head, steps) => {
          const schema = `prop_${++run}`;
          const projection = new ProjectLibraryProjection(schema);
          const sql = pgliteDatabase(db);
          await sql.transaction((tx) => projection.setup(tx));
          let state: ProjectState = projectDecider.initialState;
          const events: ProjectEvent[] = [];
          const prefix: Step[] = [approveStep, startStep].slice(0, head);
          for (const [i, step] of [() => proposal, ...prefix, ...steps].entries()) {
            try {
              const decided = projectDecider.decide(step(i + 1), state);
              for (const e of decided) state = projectDecider.evolve(state, e);
              events.push(...decided);
            } catch (error) {
              if (!(error instanceof RuleViolation)) throw error;
            }
          }
          await sql.transaction(async (tx) => {
            for (const recorded of asRecorded(
              events.map((e) => ({ ...e, streamId: `project-${ID}` })),
            )) {
              await projection.apply(tx, recorded);
            }
          });
          const row = await new ProjectLibraryQueries(sql, schema, schema).byId(ID);
          if (state.status === 'none') throw new Error('the proposal always succeeds');
          expect({
            status: row?.status,
            disbursed: row?.disbursed_total,
            approved: row?.current_plan.approvedInvestment,
            planned: row?.current_plan.plannedTotalInvestment,
            startedOn: row?.started_on,
            completedOn: row?.completed_on,
            maturity: row?.maturity_rating,
            version: row?.version,
          }).toEqual({
            status: state.status,
            disbursed: formatYuan(state.disbursed),
            approved:
              state.current.approvedInvestment === null
                ? null
                : formatYuan(state.current.approvedInvestment),
            planned:
              state.current.plannedTotalInvestment === null
                ? null
                : formatYuan(state.current.plannedTotalInvestment),
            startedOn: state.startedOn,
            completedOn: state.completedOn,
            maturity: state.maturity,
            version: String(events.length - 1),
          });
          const milestones = await new ProjectLibraryQueries(sql, schema, schema).milestones(ID);
          expect(
            Object.fromEntries(milestones.map((m) => [m.kind, [m.planned_on, m.met_on]])),
          ).toEqual(
            Object.fromEntries([...state.milestones].map(([k, m]) => [k, [m.plannedOn, m.metOn]])),
          );
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
