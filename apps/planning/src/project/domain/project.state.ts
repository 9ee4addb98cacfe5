import { Fen, LocalDate, assertNever, fen, parseYuan } from '@ledger/domain-kernel';
import { MaturityRating, MilestoneKind, ProjectStatus } from './project-vocabulary';
import { ConstructionNature } from './project-vocabulary';
import { PreConstructionApprovalStep } from '@ledger/contracts/planning/pre-construction-approvals';
import { AnnualInvestment, FundingLine, PlanChanges, ProjectEvent } from './project.events';

export interface PlanSnapshot {
  plannedTotalInvestment: Fen | null;
  approvedInvestment: Fen | null;
  plannedStart: LocalDate | null;
  plannedEnd: LocalDate | null;
  fundingPlan: FundingLine[];
  annualInvestmentPlan: AnnualInvestment[];
}

export interface MilestoneState {
  plannedOn: LocalDate | null;
  metOn: LocalDate | null;
}

export type ProjectState =
  | { status: 'none' }
  | {
      status: ProjectStatus;
      networkCode: string;
      /** Status before a suspension, where a resumption returns to. */
      resumeTo: ProjectStatus | null;
      /** The plan as first proposed (and the approved amount as first approved): never moves. */
      baseline: PlanSnapshot;
      current: PlanSnapshot;
      approvedOn: LocalDate | null;
      disbursed: Fen;
      disbursementIds: ReadonlySet<string>;
      milestones: ReadonlyMap<MilestoneKind, MilestoneState>;
      startedOn: LocalDate | null;
      completedOn: LocalDate | null;
      suspendedOn: LocalDate | null;
      maturity: MaturityRating | null;
      /** null for a project listed from the plan document, which states none. */
      constructionNature: ConstructionNature | null;
      nationalProjectCode: string | null;
      /** Each recorded pre-construction approval step and the day it was issued. */
      approvals: ReadonlyMap<PreConstructionApprovalStep, LocalDate>;
    };

export type ExistingProject = Exclude<ProjectState, { status: 'none' }>;

export const initialProjectState: ProjectState = { status: 'none' };

const amount = (text: string): Fen => parseYuan(text, 'stored amount');
const date = (text: string): LocalDate => text as LocalDate;

function applyChanges(plan: PlanSnapshot, changes: PlanChanges): PlanSnapshot {
  return {
    plannedTotalInvestment:
      changes.plannedTotalInvestment !== undefined
        ? amount(changes.plannedTotalInvestment)
        : plan.plannedTotalInvestment,
    approvedInvestment:
      changes.approvedInvestment !== undefined
        ? amount(changes.approvedInvestment)
        : plan.approvedInvestment,
    plannedStart:
      changes.plannedStart !== undefined ? date(changes.plannedStart) : plan.plannedStart,
    plannedEnd: changes.plannedEnd !== undefined ? date(changes.plannedEnd) : plan.plannedEnd,
    fundingPlan: changes.fundingPlan ?? plan.fundingPlan,
    annualInvestmentPlan: changes.annualInvestmentPlan ?? plan.annualInvestmentPlan,
  };
}

function newProject(networkCode: string, plan: PlanSnapshot): ExistingProject {
  return {
    status: 'proposed',
    networkCode,
    resumeTo: null,
    baseline: plan,
    current: plan,
    approvedOn: null,
    disbursed: fen(0n),
    disbursementIds: new Set(),
    milestones: new Map(),
    startedOn: null,
    completedOn: null,
    suspendedOn: null,
    maturity: null,
    constructionNature: null,
    nationalProjectCode: null,
    approvals: new Map(),
  };
}

export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'ProjectProposed') {
    const d = event.data;
    const proposed = newProject(d.networkCode, {
      plannedTotalInvestment: amount(d.plannedTotalInvestment),
      approvedInvestment: null,
      plannedStart: date(d.plannedStart),
      plannedEnd: date(d.plannedEnd),
      fundingPlan: d.fundingPlan,
      annualInvestmentPlan: d.annualInvestmentPlan,
    });
    return { ...proposed, constructionNature: d.constructionNature };
  }
  if (event.type === 'ProjectListedInPlan') {
    const d = event.data;
    return newProject(d.networkCode, {
      plannedTotalInvestment:
        d.plannedTotalInvestment === null ? null : amount(d.plannedTotalInvestment),
      approvedInvestment: null,
      plannedStart: null,
      plannedEnd: null,
      fundingPlan: [],
      annualInvestmentPlan: [],
    });
  }
  if (state.status === 'none') return state; // an event for a project that never began: ignore
  switch (event.type) {
    case 'ProjectApproved': {
      const approved = amount(event.data.approvedInvestment);
      return {
        ...state,
        status: 'approved',
        approvedOn: date(event.data.approvedOn),
        baseline: { ...state.baseline, approvedInvestment: approved },
        current: { ...state.current, approvedInvestment: approved },
      };
    }
    case 'ProjectPlanAdjusted':
      return { ...state, current: applyChanges(state.current, event.data.changes) };
    case 'FundsDisbursed':
      return {
        ...state,
        disbursed: fen(state.disbursed + amount(event.data.amount)),
        disbursementIds: new Set([...state.disbursementIds, event.data.disbursementId]),
      };
    case 'MilestoneScheduled': {
      const milestones = new Map(state.milestones);
      const before = milestones.get(event.data.kind);
      milestones.set(event.data.kind, {
        plannedOn: date(event.data.plannedOn),
        metOn: before?.metOn ?? null,
      });
      return { ...state, milestones };
    }
    case 'MilestoneMet': {
      const milestones = new Map(state.milestones);
      const before = milestones.get(event.data.kind);
      milestones.set(event.data.kind, {
        plannedOn: before?.plannedOn ?? null,
        metOn: date(event.data.metOn),
      });
      return { ...state, milestones };
    }
    case 'ConstructionStarted':
      return { ...state, status: 'under_construction', startedOn: date(event.data.startedOn) };
    case 'ProjectCompleted':
      return { ...state, status: 'completed', completedOn: date(event.data.completedOn) };
    case 'ProjectSuspended':
      return {
        ...state,
        status: 'suspended',
        resumeTo: state.status,
        suspendedOn: date(event.data.suspendedOn),
      };
    case 'ProjectResumed':
      return { ...state, status: state.resumeTo ?? 'approved', resumeTo: null, suspendedOn: null };
    case 'ProjectCancelled':
      return { ...state, status: 'cancelled' };
    case 'ProjectMaturityRated':
      return { ...state, maturity: event.data.rating };
    case 'NationalProjectCodeAssigned':
      return { ...state, nationalProjectCode: event.data.code };
    case 'PreConstructionApprovalRecorded': {
      const approvals = new Map(state.approvals);
      approvals.set(event.data.step, date(event.data.issuedOn));
      return { ...state, approvals };
    }
    default:
      return assertNever(event);
  }
}
