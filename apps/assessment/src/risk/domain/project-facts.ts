import { assertNever, formatYuan, fen, parseYuan } from '@ledger/domain-kernel';
import { ReadEvent, tolerantReader } from '@ledger/contracts';

/**
 * What assessment knows of one project, folded from planning's and reporting's events.
 * Plain JSON (amounts as yuan strings) so it can be stored as is; `evidence` keeps the ids
 * of the events the figures come from, for the flags that cite them.
 */
export interface ProjectFacts {
  projectId: string;
  networkCode: string;
  regionCodes: string[];
  responsibleUnit: string | null;
  status: string;
  resumeTo: string | null;
  plannedTotal: string | null;
  plannedStart: string | null;
  /** The funding plan by source (yuan strings), for debt concentration. */
  fundingPlan: Array<{ source: string; amount: string }>;
  annualPlan: Array<{ year: number; amount: string }>;
  /** The approved investment as first approved (the original baseline) and as it is now. */
  approvedOriginal: string | null;
  approvedCurrent: string | null;
  approvedOn: string | null;
  startedOn: string | null;
  disbursed: string;
  disbursementsBeforeAnyMilestone: number;
  milestonesMet: string[];
  /**
   * Reports by period: the month's investment, the cumulative figure, progress percent, and
   * whether it came in after its due date (a correction keeps the report's own lateness).
   */
  reports: Record<string, { month: string; cumulative: string; percent: string; late: boolean }>;
  overduePeriods: string[];
  /**
   * The construction nature as proposed (null when listed from the plan, which states none)
   * and the pre-construction approval steps recorded: which approval a not-started project
   * still waits for. Optional: facts stored before they were read have neither.
   */
  constructionNature?: string | null;
  approvalSteps?: string[];
  /**
   * The register's problems (要素保障) of the project, by problem id: what holds it back, who
   * owes the answer by when, and the ids of the problem's events so far. Absent in facts
   * folded before the register existed.
   */
  problems?: Record<string, ProblemFact>;
  evidence: {
    approval: string | null;
    plan: string | null;
    lastDisbursement: string | null;
    lastReport: string | null;
    lastOverdue: string | null;
    start: string | null;
    /** The last PreConstructionApprovalRecorded. */
    lastApproval?: string | null;
  };
}

export interface ProblemFact {
  kind: string;
  raisedOn: string;
  departmentCode: string | null;
  dueOn: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  eventIds: string[];
}

/** What the facts read of planning's and reporting's events; every other type is skipped. */
export const factsReader = tolerantReader([
  'ProjectProposed',
  'ProjectListedInPlan',
  'ProjectApproved',
  'ProjectPlanAdjusted',
  'FundsDisbursed',
  'MilestoneMet',
  'ConstructionStarted',
  'ProjectCompleted',
  'ProjectSuspended',
  'ProjectResumed',
  'ProjectCancelled',
  'DispatchReportSubmitted',
  'DispatchReportCorrected',
  'DispatchReportCumulativeRestated',
  'DispatchReportOverdue',
  'PreConstructionApprovalRecorded',
  'ProblemRaised',
  'ProblemEscalated',
  'ProblemAssigned',
  'ProblemAnswered',
  'ProblemClosed',
]);
export type FactsEvent = ReadEvent<(typeof factsReader.types)[number]>;

const plus = (a: string, b: string): string =>
  formatYuan(fen(parseYuan(a, 'facts') + parseYuan(b, 'facts')));

/** Folds one event into a project's facts. `eventId` is the stored event's id, for evidence. */
export function evolveFacts(
  facts: ProjectFacts | undefined,
  event: FactsEvent,
  eventId: string,
): ProjectFacts | undefined {
  if (event.type === 'ProjectProposed' || event.type === 'ProjectListedInPlan') {
    const d = event.data;
    return {
      projectId: d.projectId,
      networkCode: d.networkCode,
      regionCodes:
        event.type === 'ProjectProposed' ? [event.data.regionCode] : event.data.regionCodes,
      responsibleUnit: event.type === 'ProjectProposed' ? event.data.responsibleUnit : null,
      status: 'proposed',
      resumeTo: null,
      plannedTotal: d.plannedTotalInvestment,
      plannedStart: event.type === 'ProjectProposed' ? event.data.plannedStart : null,
      fundingPlan: event.type === 'ProjectProposed' ? event.data.fundingPlan : [],
      annualPlan: event.type === 'ProjectProposed' ? event.data.annualInvestmentPlan : [],
      approvedOriginal: null,
      approvedCurrent: null,
      approvedOn: null,
      startedOn: null,
      disbursed: '0.00',
      disbursementsBeforeAnyMilestone: 0,
      milestonesMet: [],
      reports: {},
      overduePeriods: [],
      constructionNature: event.type === 'ProjectProposed' ? event.data.constructionNature : null,
      approvalSteps: [],
      evidence: {
        approval: null,
        plan: eventId,
        lastDisbursement: null,
        lastReport: null,
        lastOverdue: null,
        start: null,
      },
    };
  }
  if (!facts) return facts;
  const evidence = { ...facts.evidence };
  switch (event.type) {
    case 'ProjectApproved':
      return {
        ...facts,
        status: 'approved',
        approvedOriginal: facts.approvedOriginal ?? event.data.approvedInvestment,
        approvedCurrent: event.data.approvedInvestment,
        approvedOn: event.data.approvedOn,
        evidence: { ...evidence, approval: eventId },
      };
    case 'ProjectPlanAdjusted': {
      const c = event.data.changes;
      return {
        ...facts,
        plannedTotal: c.plannedTotalInvestment ?? facts.plannedTotal,
        approvedCurrent: c.approvedInvestment ?? facts.approvedCurrent,
        plannedStart: c.plannedStart ?? facts.plannedStart,
        annualPlan: c.annualInvestmentPlan ?? facts.annualPlan,
        fundingPlan: c.fundingPlan ?? facts.fundingPlan,
        evidence: { ...evidence, plan: eventId },
      };
    }
    case 'FundsDisbursed':
      return {
        ...facts,
        disbursed: plus(facts.disbursed, event.data.amount),
        disbursementsBeforeAnyMilestone:
          facts.disbursementsBeforeAnyMilestone + (facts.milestonesMet.length === 0 ? 1 : 0),
        evidence: { ...evidence, lastDisbursement: eventId },
      };
    case 'MilestoneMet':
      return { ...facts, milestonesMet: [...facts.milestonesMet, event.data.kind] };
    case 'ConstructionStarted':
      return {
        ...facts,
        status: 'under_construction',
        startedOn: event.data.startedOn,
        evidence: { ...evidence, start: eventId },
      };
    case 'ProjectCompleted':
      return { ...facts, status: 'completed' };
    case 'ProjectSuspended':
      return { ...facts, status: 'suspended', resumeTo: facts.status };
    case 'ProjectResumed':
      return { ...facts, status: facts.resumeTo ?? 'approved', resumeTo: null };
    case 'ProjectCancelled':
      return { ...facts, status: 'cancelled' };
    case 'DispatchReportSubmitted':
    case 'DispatchReportCorrected':
      return {
        ...facts,
        reports: {
          ...facts.reports,
          [event.data.period]: {
            month: event.data.investmentInMonth,
            cumulative: event.data.cumulativeInvestment,
            percent: event.data.physicalProgressPercent,
            late:
              event.type === 'DispatchReportSubmitted'
                ? event.data.late
                : (facts.reports[event.data.period]?.late ?? false),
          },
        },
        evidence: { ...evidence, lastReport: eventId },
      };
    case 'DispatchReportCumulativeRestated': {
      const month = facts.reports[event.data.period];
      if (!month) return facts;
      return {
        ...facts,
        reports: {
          ...facts.reports,
          [event.data.period]: { ...month, cumulative: event.data.cumulativeInvestment },
        },
        evidence: { ...evidence, lastReport: eventId },
      };
    }
    case 'PreConstructionApprovalRecorded':
      return {
        ...facts,
        approvalSteps: [...new Set([...(facts.approvalSteps ?? []), event.data.step])],
        evidence: { ...evidence, lastApproval: eventId },
      };
    case 'DispatchReportOverdue':
      return {
        ...facts,
        overduePeriods: [...facts.overduePeriods, event.data.period],
        evidence: { ...evidence, lastOverdue: eventId },
      };
    case 'ProblemRaised':
      return {
        ...facts,
        problems: {
          ...facts.problems,
          [event.data.problemId]: {
            kind: event.data.kind,
            raisedOn: event.data.raisedOn,
            departmentCode: null,
            dueOn: null,
            answeredOn: null,
            closedOn: null,
            eventIds: [eventId],
          },
        },
      };
    case 'ProblemEscalated':
    case 'ProblemAssigned':
    case 'ProblemAnswered':
    case 'ProblemClosed': {
      const problem = facts.problems?.[event.data.problemId];
      if (!problem) return facts;
      const next: ProblemFact = { ...problem, eventIds: [...problem.eventIds, eventId] };
      if (event.type === 'ProblemAssigned') {
        next.departmentCode = event.data.departmentCode;
        next.dueOn = event.data.dueOn;
      }
      if (event.type === 'ProblemAnswered') next.answeredOn = event.data.answeredOn;
      if (event.type === 'ProblemClosed') next.closedOn = event.data.closedOn;
      return { ...facts, problems: { ...facts.problems, [event.data.problemId]: next } };
    }
    default:
      return assertNever(event);
  }
}
