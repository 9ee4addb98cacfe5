import { FundingSource, MaturityRating, MilestoneKind } from './project-vocabulary';
import { PlanChanges, SourceReference } from './project.events';

/**
 * Version 1 of the project events that have evolved: what every store written before
 * version 2 holds, kept so the catalog publishes it and the upcasters are typed by it.
 * Never change these: a stored event does not change.
 */
export interface ProjectListedInPlanV1 {
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
    synthetic: boolean;
  };
}

export interface ProjectApprovedV1 {
  type: 'ProjectApproved';
  data: {
    projectId: string;
    authority: string;
    documentNumber: string;
    approvedInvestment: string;
    approvedOn: string;
  };
}

export interface ProjectPlanAdjustedV1 {
  type: 'ProjectPlanAdjusted';
  data: {
    projectId: string;
    adjustedOn: string;
    reason: string;
    changes: PlanChanges;
    previous: PlanChanges;
  };
}

export interface FundsDisbursedV1 {
  type: 'FundsDisbursed';
  data: {
    projectId: string;
    disbursementId: string;
    amount: string;
    source: FundingSource;
    paidOn: string;
    payee: string;
  };
}

export interface MilestoneMetV1 {
  type: 'MilestoneMet';
  data: { projectId: string; kind: MilestoneKind; metOn: string };
}

export interface ConstructionStartedV1 {
  type: 'ConstructionStarted';
  data: { projectId: string; startedOn: string };
}

export interface ProjectCompletedV1 {
  type: 'ProjectCompleted';
  data: { projectId: string; completedOn: string };
}

export interface ProjectSuspendedV1 {
  type: 'ProjectSuspended';
  data: { projectId: string; suspendedOn: string; reason: string };
}

export interface ProjectResumedV1 {
  type: 'ProjectResumed';
  data: { projectId: string; resumedOn: string };
}

export interface ProjectCancelledV1 {
  type: 'ProjectCancelled';
  data: { projectId: string; cancelledOn: string; reason: string };
}

export interface ProjectMaturityRatedV1 {
  type: 'ProjectMaturityRated';
  data: { projectId: string; rating: MaturityRating; ratedOn: string; basis: string };
}
