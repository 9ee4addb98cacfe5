import { Fen, LocalDate } from '@ledger/domain-kernel';
import { ProjectId } from './project-id';
import {
  ConstructionNature,
  FundingSource,
  MaturityRating,
  MilestoneKind,
} from './project-vocabulary';
import { SharedInvestment, SourceReference } from './project.events';
import { AssignNationalProjectCode } from '../national-project-code/assign-national-project-code';
import { RecordPreConstructionApproval } from '../pre-construction-approval/record-pre-construction-approval';

export type { AssignNationalProjectCode, RecordPreConstructionApproval };

/** Commands carry parsed values: amounts in fen, real dates. Parsing happens at the edge. */
export interface PlannedFunding {
  source: FundingSource;
  amount: Fen;
}

export interface PlannedAnnualInvestment {
  year: number;
  amount: Fen;
}

export interface ProposeProject {
  type: 'ProposeProject';
  projectId: ProjectId;
  nameZh: string;
  nameEn: string | null;
  networkCode: string;
  categoryCode: string;
  tags: string[];
  regionCode: string;
  responsibleUnit: string;
  constructionNature: ConstructionNature;
  plannedTotalInvestment: Fen;
  fundingPlan: PlannedFunding[];
  plannedStart: LocalDate;
  plannedEnd: LocalDate;
  annualInvestmentPlan: PlannedAnnualInvestment[];
  /** Generated volume, never real data: marked on the event for every reader to see. */
  synthetic: boolean;
}

export interface ListProjectFromPlan {
  type: 'ListProjectFromPlan';
  projectId: ProjectId;
  nameZh: string;
  nameEn: string | null;
  networkCode: string;
  categoryCode: string | null;
  tags: string[];
  regionCodes: string[];
  plannedTotalInvestment: Fen | null;
  source: SourceReference;
  synthetic: boolean;
  /** The funding sources the document names for the project. */
  fundingSourceCodes: FundingSource[];
  /** A figure the document states for this project and others together. */
  sharedInvestment: SharedInvestment | null;
}

export interface ApproveProject {
  type: 'ApproveProject';
  projectId: ProjectId;
  authority: string;
  documentNumber: string;
  approvedInvestment: Fen;
  approvedOn: LocalDate;
}

export interface AdjustProjectPlan {
  type: 'AdjustProjectPlan';
  projectId: ProjectId;
  adjustedOn: LocalDate;
  reason: string;
  plannedTotalInvestment?: Fen;
  approvedInvestment?: Fen;
  plannedStart?: LocalDate;
  plannedEnd?: LocalDate;
  fundingPlan?: PlannedFunding[];
  annualInvestmentPlan?: PlannedAnnualInvestment[];
}

export interface DisburseFunds {
  type: 'DisburseFunds';
  projectId: ProjectId;
  disbursementId: string;
  amount: Fen;
  source: FundingSource;
  paidOn: LocalDate;
  payee: string;
}

export interface ScheduleMilestone {
  type: 'ScheduleMilestone';
  projectId: ProjectId;
  kind: MilestoneKind;
  plannedOn: LocalDate;
}

export interface RecordMilestoneMet {
  type: 'RecordMilestoneMet';
  projectId: ProjectId;
  kind: MilestoneKind;
  metOn: LocalDate;
}

export interface StartConstruction {
  type: 'StartConstruction';
  projectId: ProjectId;
  startedOn: LocalDate;
}

export interface CompleteProject {
  type: 'CompleteProject';
  projectId: ProjectId;
  completedOn: LocalDate;
}

export interface SuspendProject {
  type: 'SuspendProject';
  projectId: ProjectId;
  suspendedOn: LocalDate;
  reason: string;
}

export interface ResumeProject {
  type: 'ResumeProject';
  projectId: ProjectId;
  resumedOn: LocalDate;
}

export interface CancelProject {
  type: 'CancelProject';
  projectId: ProjectId;
  cancelledOn: LocalDate;
  reason: string;
}

export interface RateProjectMaturity {
  type: 'RateProjectMaturity';
  projectId: ProjectId;
  rating: MaturityRating;
  ratedOn: LocalDate;
  basis: string;
}

export type ProjectCommand =
  | ProposeProject
  | ListProjectFromPlan
  | ApproveProject
  | AdjustProjectPlan
  | DisburseFunds
  | ScheduleMilestone
  | RecordMilestoneMet
  | StartConstruction
  | CompleteProject
  | SuspendProject
  | ResumeProject
  | CancelProject
  | RateProjectMaturity
  | AssignNationalProjectCode
  | RecordPreConstructionApproval;
