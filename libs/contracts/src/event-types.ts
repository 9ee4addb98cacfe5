/**
 * Every event type the ledger publishes, in one place for the catalog generator: the
 * JSON Schemas in ../catalog are generated from these very types, so they cannot drift.
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
  DispatchReportSubmitted,
  DispatchReportCorrected,
  DispatchReportOverdue,
} from './reporting/dispatch-report.events';
export type { RiskFlagRaised, RiskFlagResolved } from './assessment/risk-flag.events';
export type { AssessmentScored } from './assessment/assessment-scored.event';
