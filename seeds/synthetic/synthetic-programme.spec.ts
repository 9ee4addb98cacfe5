import { LocalDate } from '@ledger/domain-kernel';
import { projectDecider } from '../../apps/planning/src/project/domain/project.decider';
import { ProjectCommand } from '../../apps/planning/src/project/domain/project.commands';
import { ProjectId } from '../../apps/planning/src/project/domain/project-id';
import { ProjectEvent } from '../../apps/planning/src/project/domain/project.events';
import { ProjectState } from '../../apps/planning/src/project/domain/project.state';
import { dispatchReportsDecider } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.decider';
import { DispatchReportEvent } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.events';
import { ReportPeriod } from '../../apps/reporting/src/dispatch-report/domain/report-period';
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { Fen, parseYuan } from '@ledger/domain-kernel';
import { syntheticProgramme } from './synthetic-programme';

const calendar = loadPrcCalendar();
const dueOn = (period: string): string =>
  calendar.dispatchReportDueDate(Number(period.slice(0, 4)), Number(period.slice(5, 7)));
const yuan = (text: string): Fen => parseYuan(text, 'generated');

/** The command that should have produced a generated planning event. */
function commandFor(event: ProjectEvent): ProjectCommand {
  const d = event.data;
  // The generator emits four kinds of planning event; anything else is a generator bug.
  switch (event.type) {
    case 'ProjectProposed':
      return {
        type: 'ProposeProject',
        ...event.data,
        projectId: event.data.projectId as ProjectId,
        plannedTotalInvestment: yuan(event.data.plannedTotalInvestment),
        fundingPlan: [],
        plannedStart: event.data.plannedStart as LocalDate,
        plannedEnd: event.data.plannedEnd as LocalDate,
        annualInvestmentPlan: event.data.annualInvestmentPlan.map((a) => ({
          year: a.year,
          amount: yuan(a.amount),
        })),
      };
    case 'ProjectApproved': {
      const { validAt: _approvedOn, ...data } = event.data;
      return {
        type: 'ApproveProject',
        ...data,
        approvedInvestment: yuan(event.data.approvedInvestment),
        approvedOn: event.data.approvedOn as LocalDate,
      } as ProjectCommand;
    }
    case 'ConstructionStarted':
      return {
        type: 'StartConstruction',
        projectId: d.projectId,
        startedOn: event.data.startedOn as LocalDate,
      } as ProjectCommand;
    case 'FundsDisbursed': {
      const { validAt: _paidOn, ...data } = event.data;
      return {
        type: 'DisburseFunds',
        ...data,
        amount: yuan(event.data.amount),
        paidOn: event.data.paidOn as LocalDate,
      } as ProjectCommand;
    }
    case 'ProjectListedInPlan':
    case 'ProjectPlanAdjusted':
    case 'MilestoneScheduled':
    case 'MilestoneMet':
    case 'ProjectCompleted':
    case 'ProjectSuspended':
    case 'ProjectResumed':
    case 'ProjectCancelled':
    case 'ProjectMaturityRated':
    case 'NationalProjectCodeAssigned':
    case 'PreConstructionApprovalRecorded':
      throw new Error(`the generator does not emit ${event.type}`);
  }
}

describe('the synthetic programme (generated volume, marked synthetic)', () => {
  const streams = [
    ...syntheticProgramme({ projects: 30, months: 24, disbursementsPerMonth: 2, seed: 7, dueOn }),
  ];

  it('marks every project synthetic and spreads projects over the networks', () => {
    const proposals = streams.flatMap((s) => s.events).filter((e) => e.type === 'ProjectProposed');
    expect(proposals.length).toBeGreaterThanOrEqual(7);
    expect(proposals.every((e) => e.type === 'ProjectProposed' && e.data.synthetic === true)).toBe(
      true,
    );
    expect(proposals.every((e) => e.data.projectId.startsWith('synthetic-'))).toBe(true);
    expect(
      new Set(proposals.map((e) => e.type === 'ProjectProposed' && e.data.networkCode)).size,
    ).toBe(7);
  });

  it('emits exactly what the deciders decide for the same commands: no rule is broken', () => {
    for (const stream of streams) {
      if (stream.streamId.startsWith('project-')) {
        let state: ProjectState = projectDecider.initialState;
        for (const event of stream.events as ProjectEvent[]) {
          expect(projectDecider.decide(commandFor(event), state)).toEqual([event]);
          state = projectDecider.evolve(state, event);
        }
      } else {
        let state = dispatchReportsDecider.initialState;
        for (const event of stream.events as DispatchReportEvent[]) {
          if (event.type !== 'DispatchReportSubmitted') throw new Error('only submissions');
          const d = event.data;
          const decided = dispatchReportsDecider.decide(
            {
              type: 'SubmitDispatchReport',
              projectId: d.projectId,
              period: d.period as ReportPeriod,
              content: {
                investmentInMonth: yuan(d.investmentInMonth),
                cumulativeInvestment: yuan(d.cumulativeInvestment),
                physicalProgressBasisPoints: Math.round(Number(d.physicalProgressPercent) * 100),
                physicalProgress: d.physicalProgress,
                quantities: d.quantities,
                problems: d.problems,
                submittedBy: d.submittedBy,
              },
              project: { approvedOn: '2020-01-02' as LocalDate, cancelled: false },
              today: d.submittedOn as LocalDate,
              dueOn: d.dueOn as LocalDate,
            },
            state,
          );
          expect(decided).toEqual([event]);
          state = dispatchReportsDecider.evolve(state, event);
        }
      }
    }
  });

  it('is the same programme for the same seed', () => {
    const again = [
      ...syntheticProgramme({ projects: 30, months: 24, disbursementsPerMonth: 2, seed: 7, dueOn }),
    ];
    expect(again).toEqual(streams);
  });
});
