/**
 * Every event type the ledger publishes, in one place for the catalog generator: the
 * JSON Schemas in ../catalog are generated from these very types, so they cannot drift.
 * Each earlier version of an evolved type is exported as `<Type>V<n>`: the catalog keeps
 * publishing it (stores and topics still hold it).
 */
export type {
  ProjectProposed,
  ProjectListedInPlan,
  ProjectApproved,
  ProjectPlanAdjusted,
  FundsDisbursed,
  MilestoneScheduled,
  MilestoneMet,
  ConstructionStarted,
  ProjectCompleted,
  ProjectSuspended,
  ProjectResumed,
  ProjectCancelled,
  ProjectMaturityRated,
  NationalProjectCodeAssigned,
  PreConstructionApprovalRecorded,
} from './planning/project.events';
export type {
  ProgrammeEstablished,
  DepartmentRegistered,
  RegionRegistered,
  NetworkDefined,
  CategoryDefined,
  BudgetAllocated,
  IndicatorTargetSet,
  SourceDiscrepancyRecorded,
} from './planning/programme.events';
export type {
  AdministrativeUnitEstablished,
  AdministrativeUnitReassigned,
} from './planning/administrative-unit.events';
export type {
  DispatchReportSubmitted,
  DispatchReportCorrected,
  DispatchReportCumulativeRestated,
  DispatchReportOverdue,
} from './reporting/dispatch-report.events';
export type {
  ProblemRaised,
  ProblemEscalated,
  ProblemAssigned,
  ProblemAnswered,
  ProblemClosed,
} from './reporting/problem.events';
export type {
  NetworkReportSubmitted,
  NetworkReportOverdue,
} from './reporting/network-report.events';
export type {
  RiskFlagRaised,
  RiskFlagUpdated,
  RiskFlagResolved,
} from './assessment/risk-flag.events';
export type { AssessmentScored } from './assessment/assessment-scored.event';
export type { SummonsRecorded, CircularIssued } from './assessment/supervision.events';
export type { DeadLetterReplayed, DeadLetterDiscarded } from './operations/dead-letter.events';
export type {
  ProjectListedInPlanV1,
  ProjectApprovedV1,
  ProjectPlanAdjustedV1,
  FundsDisbursedV1,
  MilestoneMetV1,
  ConstructionStartedV1,
  ProjectCompletedV1,
  ProjectSuspendedV1,
  ProjectResumedV1,
  ProjectCancelledV1,
  ProjectMaturityRatedV1,
} from './planning/project.events.v1';
export type { ProgrammeEstablishedV1 } from './planning/programme.events';
