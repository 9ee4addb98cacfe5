import {
  ConstructionNature,
  FundingSource,
  MaturityRating,
  MilestoneKind,
} from './project-vocabulary';
import { PreConstructionApprovalStep } from './pre-construction-approvals';

/**
 * Event data is what is stored: plain JSON. Amounts are yuan as decimal strings with two
 * decimals ("1250000.00"), dates are YYYY-MM-DD.
 */
export interface FundingLine {
  source: FundingSource;
  amount: string;
}

export interface AnnualInvestment {
  year: number;
  amount: string;
}

export interface SourceReference {
  /** The document, e.g. 吉政发〔2020〕6号. */
  document: string;
  line: number;
  quote: string;
}

export interface ProjectProposed {
  type: 'ProjectProposed';
  data: {
    projectId: string;
    nameZh: string;
    nameEn: string | null;
    networkCode: string;
    categoryCode: string;
    tags: string[];
    regionCode: string;
    responsibleUnit: string;
    constructionNature: ConstructionNature;
    plannedTotalInvestment: string;
    fundingPlan: FundingLine[];
    plannedStart: string;
    plannedEnd: string;
    annualInvestmentPlan: AnnualInvestment[];
    /** True for generated projects that only add volume (benchmarks, demos): never real data. */
    synthetic: boolean;
  };
}

/** A project the plan document names, recorded with where the document names it. */
export interface ProjectListedInPlan {
  type: 'ProjectListedInPlan';
  data: {
    projectId: string;
    nameZh: string;
    nameEn: string | null;
    networkCode: string;
    categoryCode: string | null;
    tags: string[];
    regionCodes: string[];
    plannedTotalInvestment: string | null;
    source: SourceReference;
    /** True for generated projects that only fill volume; never for the document's own. */
    synthetic: boolean;
    /** The funding sources the document names for this project ([] when it names none). Since version 2. */
    fundingSourceCodes: FundingSource[];
    /** A figure the document states for this project and others together, or null. Since version 2. */
    sharedInvestment: SharedInvestment | null;
  };
}

/** One investment figure (亿元, as the document states it) for several named projects together. */
export type SharedInvestment = {
  valueYi: string;
  /** Every project the figure covers, this one included, by project id. */
  sharedWith: string[];
  note: string;
  source: { line: number; quote: string };
};

export interface ProjectApproved {
  type: 'ProjectApproved';
  data: {
    projectId: string;
    authority: string;
    documentNumber: string;
    approvedInvestment: string;
    approvedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day of the approval. Since version 2. */
    validAt: string;
  };
}

export interface PlanChanges {
  plannedTotalInvestment?: string;
  approvedInvestment?: string;
  plannedStart?: string;
  plannedEnd?: string;
  fundingPlan?: FundingLine[];
  annualInvestmentPlan?: AnnualInvestment[];
}

export interface ProjectPlanAdjusted {
  type: 'ProjectPlanAdjusted';
  data: {
    projectId: string;
    adjustedOn: string;
    reason: string;
    changes: PlanChanges;
    /** The values the changes replace, so the event alone tells what moved. */
    previous: PlanChanges;
    /** The date the fact is about (YYYY-MM-DD): the day of the adjustment. Since version 2. */
    validAt: string;
  };
}

export interface FundsDisbursed {
  type: 'FundsDisbursed';
  data: {
    projectId: string;
    disbursementId: string;
    amount: string;
    source: FundingSource;
    paidOn: string;
    payee: string;
    /** The date the fact is about (YYYY-MM-DD): the day the money was paid. Since version 2. */
    validAt: string;
  };
}

export interface MilestoneScheduled {
  type: 'MilestoneScheduled';
  data: { projectId: string; kind: MilestoneKind; plannedOn: string };
}

export interface MilestoneMet {
  type: 'MilestoneMet';
  data: {
    projectId: string;
    kind: MilestoneKind;
    metOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day the milestone was met. Since version 2. */
    validAt: string;
  };
}

export interface ConstructionStarted {
  type: 'ConstructionStarted';
  data: {
    projectId: string;
    startedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day construction started. Since version 2. */
    validAt: string;
  };
}

export interface ProjectCompleted {
  type: 'ProjectCompleted';
  data: {
    projectId: string;
    completedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day of completion. Since version 2. */
    validAt: string;
  };
}

export interface ProjectSuspended {
  type: 'ProjectSuspended';
  data: {
    projectId: string;
    suspendedOn: string;
    reason: string;
    /** The date the fact is about (YYYY-MM-DD): the day of the suspension. Since version 2. */
    validAt: string;
  };
}

export interface ProjectResumed {
  type: 'ProjectResumed';
  data: {
    projectId: string;
    resumedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day work resumed. Since version 2. */
    validAt: string;
  };
}

export interface ProjectCancelled {
  type: 'ProjectCancelled';
  data: {
    projectId: string;
    cancelledOn: string;
    reason: string;
    /** The date the fact is about (YYYY-MM-DD): the day of the cancellation. Since version 2. */
    validAt: string;
  };
}

export interface ProjectMaturityRated {
  type: 'ProjectMaturityRated';
  data: {
    projectId: string;
    rating: MaturityRating;
    ratedOn: string;
    basis: string;
    /** The date the fact is about (YYYY-MM-DD): the day of the rating. Since version 2. */
    validAt: string;
  };
}

/**
 * The project's code on the national online approval platform (全国投资项目在线审批监管平台),
 * its one identity through every approval. The format is checked where the command enters
 * (see apps/planning/src/project/national-project-code/). Version 1.
 */
export interface NationalProjectCodeAssigned {
  type: 'NationalProjectCodeAssigned';
  data: {
    projectId: string;
    /** 24 characters, e.g. 2020-220100-48-01-012345. */
    code: string;
    assignedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the day the platform assigned the code. */
    validAt: string;
  };
}

/** One pre-construction approval (前期审批) as issued. Version 1. */
export interface PreConstructionApprovalRecorded {
  type: 'PreConstructionApprovalRecorded';
  data: {
    projectId: string;
    step: PreConstructionApprovalStep;
    issuedOn: string;
    issuingBody: string;
    documentNumber: string;
    /** The date the fact is about (YYYY-MM-DD): the day the approval was issued. */
    validAt: string;
  };
}

export type ProjectEvent =
  | ProjectProposed
  | ProjectListedInPlan
  | ProjectApproved
  | ProjectPlanAdjusted
  | FundsDisbursed
  | MilestoneScheduled
  | MilestoneMet
  | ConstructionStarted
  | ProjectCompleted
  | ProjectSuspended
  | ProjectResumed
  | ProjectCancelled
  | ProjectMaturityRated
  | NationalProjectCodeAssigned
  | PreConstructionApprovalRecorded;

export type ProjectEventType = ProjectEvent['type'];

export const PROJECT_EVENT_TYPES: readonly ProjectEventType[] = [
  'ProjectProposed',
  'ProjectListedInPlan',
  'ProjectApproved',
  'ProjectPlanAdjusted',
  'FundsDisbursed',
  'MilestoneScheduled',
  'MilestoneMet',
  'ConstructionStarted',
  'ProjectCompleted',
  'ProjectSuspended',
  'ProjectResumed',
  'ProjectCancelled',
  'ProjectMaturityRated',
  'NationalProjectCodeAssigned',
  'PreConstructionApprovalRecorded',
];

export function isProjectEvent(event: { type: string }): event is ProjectEvent {
  return (PROJECT_EVENT_TYPES as readonly string[]).includes(event.type);
}

/** The events that bring a project into being: readers elsewhere wait for one of them. */
export const PROJECT_INTRODUCED_BY: readonly ProjectEventType[] = [
  'ProjectProposed',
  'ProjectListedInPlan',
];
