/**
 * The passport's GraphQL: one request for the project and everything the graph carries on
 * it (planning's plan, disbursements, milestones, adjustments; reporting's reports;
 * assessment's flags, through federation), so 72 months of reports cost one round trip,
 * not 72. What the graph serves only at the root (the as-of views, the history) goes in
 * requests of their own, because each is refused to different roles and one refusal must
 * not blank the whole page.
 */
import type { ServedEvent } from '../../chain/verify-chain';

export const RISK_FLAG_FIELDS = `flagId subjectKind subject projectId rule severity status
  raisedOn updatedOn resolvedOn configVersion
  evidence { figures { name value } eventIds }
  raised { kind on severity configVersion eventId evidence { figures { name value } eventIds } }
  history { kind on severity configVersion eventId evidence { figures { name value } eventIds } }
  resolutionEvidence { figures { name value } eventIds }
  networkCode regionCodes responsibleUnit leadDepartment`;

const REPORT_FIELDS = `period investmentInMonth cumulativeInvestment physicalProgressPercent
  physicalProgress problems submittedBy dueOn submittedOn late corrections`;

const PLAN_FIELDS = `plannedTotalInvestment approvedInvestment plannedStart plannedEnd
  fundingPlan { source amount } annualInvestmentPlan { year amount }`;

const PROJECT_FIELDS = `projectId nameZh nameEn networkCode categoryCode regionCodes tags
  responsibleUnit constructionNature status fromPlanDocument synthetic
  source { document line quote }
  baseline { ${PLAN_FIELDS} } currentPlan { ${PLAN_FIELDS} }
  approval { authority documentNumber approvedInvestment approvedOn }
  disbursedTotal startedOn completedOn maturityRating version
  leadDepartment { code nameZh nameEn }
  regions { code nameZh nameEn }
  disbursements { disbursementId amount source paidOn payee }
  milestones { kind plannedOn metOn }
  adjustments { adjustedOn reason changes previous }`;

const PROGRAMME_NAMES = `programme { networks { code nameZh nameEn categories { code nameZh nameEn } } }`;

/** Now: the project with its reports and flags as entity fields. */
export const PASSPORT_NOW = `query Passport($projectId: String!) {
  project(projectId: $projectId) {
    ${PROJECT_FIELDS}
    dispatchReports { ${REPORT_FIELDS} }
    riskFlags { ${RISK_FLAG_FIELDS} }
  }
  ${PROGRAMME_NAMES}
}`;

/** In the past: the project as it stands (planning has no as-of form for it). */
export const PASSPORT_PLAN = `query PassportPlan($projectId: String!) {
  project(projectId: $projectId) { ${PROJECT_FIELDS} }
  ${PROGRAMME_NAMES}
}`;

/** Reports and flags as of the moment or date chosen. */
export const PASSPORT_AS_OF = `query PassportAsOf($projectId: String!, $asOf: AsOf!) {
  dispatchReportsAsOf(asOf: $asOf, projectId: $projectId) { ${REPORT_FIELDS} }
  riskFlagsAsOf(asOf: $asOf, filter: { projectId: $projectId }, first: 200) { ${RISK_FLAG_FIELDS} }
}`;

export const SERVED_EVENT_FIELDS = `eventId streamId streamVersion type data actor correlationId
  causationId validAt recordedAt schemaVersion hash previousHash`;

/** The project's streams as stored, for the chain check and the reports' earlier figures. */
export const PASSPORT_STREAMS = `query PassportStreams($planning: String!, $reports: String!, $flags: String!) {
  planning: streamHistory(streamId: $planning) { ${SERVED_EVENT_FIELDS} }
  reports: streamHistory(streamId: $reports) { ${SERVED_EVENT_FIELDS} }
  flags: streamHistory(streamId: $flags) { ${SERVED_EVENT_FIELDS} }
}`;

export const PASSPORT_TIMELINE = `query PassportTimeline($projectId: String!, $first: Int, $after: String) {
  projectTimeline(projectId: $projectId, first: $first, after: $after) {
    edges { cursor node { position eventId streamId streamVersion type service actor recordedAt validAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ProjectPlan {
  plannedTotalInvestment: string | null;
  approvedInvestment: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  fundingPlan: Array<{ source: string; amount: string }>;
  annualInvestmentPlan: Array<{ year: number; amount: string }>;
}

export interface Disbursement {
  disbursementId: string;
  amount: string;
  source: string;
  paidOn: string;
  payee: string;
}

export interface Milestone {
  kind: string;
  plannedOn: string | null;
  metOn: string | null;
}

export interface PlanAdjustment {
  adjustedOn: string;
  reason: string;
  /** JSON text of the changed fields and their new values. */
  changes: string;
  /** JSON text of the same fields before. */
  previous: string;
}

export interface DispatchReport {
  period: string;
  investmentInMonth: string;
  cumulativeInvestment: string;
  physicalProgressPercent: string;
  physicalProgress: string;
  problems: string | null;
  submittedBy: string;
  dueOn: string | null;
  submittedOn: string | null;
  late: boolean | null;
  corrections: number;
}

export interface Evidence {
  figures: Array<{ name: string; value: string }>;
  eventIds: string[];
}

export interface RiskFlagStep {
  kind: string;
  on: string;
  severity: string | null;
  configVersion: string;
  eventId: string;
  evidence: Evidence;
}

export interface RiskFlag {
  flagId: string;
  subjectKind: string;
  subject: string;
  projectId: string | null;
  rule: string;
  severity: string;
  status: string;
  raisedOn: string;
  updatedOn: string | null;
  resolvedOn: string | null;
  configVersion: string;
  evidence: Evidence;
  raised: RiskFlagStep;
  history: RiskFlagStep[];
  resolutionEvidence: Evidence | null;
  networkCode: string | null;
  regionCodes: string[];
  responsibleUnit: string | null;
  leadDepartment: string | null;
}

export interface Project {
  projectId: string;
  nameZh: string;
  nameEn: string | null;
  networkCode: string;
  categoryCode: string | null;
  regionCodes: string[];
  tags: string[];
  responsibleUnit: string | null;
  constructionNature: string | null;
  status: string;
  fromPlanDocument: boolean;
  synthetic: boolean;
  source: { document: string; line: number; quote: string } | null;
  baseline: ProjectPlan;
  currentPlan: ProjectPlan;
  approval: {
    authority: string;
    documentNumber: string;
    approvedInvestment: string;
    approvedOn: string;
  } | null;
  disbursedTotal: string;
  startedOn: string | null;
  completedOn: string | null;
  maturityRating: string | null;
  version: string;
  leadDepartment: Named | null;
  regions: Named[];
  disbursements: Disbursement[];
  milestones: Milestone[];
  adjustments: PlanAdjustment[];
}

export interface ProgrammeNames {
  networks: Array<Named & { categories: Named[] }>;
}

export interface PassportNowResult {
  project: (Project & { dispatchReports: DispatchReport[]; riskFlags: RiskFlag[] }) | null;
  programme: ProgrammeNames | null;
}

export interface PassportPlanResult {
  project: Project | null;
  programme: ProgrammeNames | null;
}

export interface PassportAsOfResult {
  dispatchReportsAsOf: DispatchReport[];
  riskFlagsAsOf: RiskFlag[];
}

export interface PassportStreamsResult {
  planning: ServedEvent[];
  reports: ServedEvent[];
  flags: ServedEvent[];
}

export interface TimelineEvent {
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: string;
  type: string;
  service: string | null;
  actor: string;
  recordedAt: string;
  validAt: string | null;
}

export interface PassportTimelineResult {
  projectTimeline: {
    edges: Array<{ cursor: string; node: TimelineEvent }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
