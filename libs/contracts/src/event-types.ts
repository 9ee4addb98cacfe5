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
} from '../../../apps/planning/src/project/domain/project.events';
export type {
  ProgrammeEstablished,
  DepartmentRegistered,
  RegionRegistered,
  NetworkDefined,
  CategoryDefined,
  BudgetAllocated,
  IndicatorTargetSet,
  SourceDiscrepancyRecorded,
} from '../../../apps/planning/src/programme/domain/programme.events';
export type {
  DispatchReportSubmitted,
  DispatchReportCorrected,
  DispatchReportOverdue,
} from '../../../apps/reporting/src/dispatch-report/domain/dispatch-report.events';
export type {
  RiskFlagRaised,
  RiskFlagResolved,
} from '../../../apps/assessment/src/risk/domain/risk-flags';
export type { AssessmentScored } from '../../../apps/assessment/src/score/domain/scores';
