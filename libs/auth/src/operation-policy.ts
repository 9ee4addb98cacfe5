import { Principal, Role } from './principal';
import { forbidden } from './project-scope';

const EVERYONE: readonly Role[] = [
  'planning_office',
  'lead_department',
  'region',
  'supervisor',
  'auditor',
];
/** Programme-wide figures aggregate every project; scoped roles see their own projects only. */
const PROGRAMME_WIDE: readonly Role[] = ['planning_office', 'supervisor', 'auditor'];
const OFFICE: readonly Role[] = ['planning_office'];
/** Dispatch reports come from the units responsible for a project (scope checked per project). */
const REPORTERS: readonly Role[] = ['lead_department', 'region'];
const AUDITOR: readonly Role[] = ['auditor'];
/**
 * A network's rhythms (周调度, 季协商, 年度总结) are its lead department's: programme-wide
 * readers and lead departments (their own networks only, scope checked); a region reports
 * for projects, not networks.
 */
const NETWORK_READERS: readonly Role[] = [...PROGRAMME_WIDE, 'lead_department'];
/** ...and only the lead department of the network submits them (the writer checks which). */
const NETWORK_REPORTERS: readonly Role[] = ['lead_department'];
/** Dead letters are the operators' alone; the operator role reaches nothing else but status. */
const OPERATOR: readonly Role[] = ['operator'];
/** Where the ledger stands (its store and head): every reader's, and the operators'. */
const STATUS: readonly Role[] = [...EVERYONE, 'operator'];

/**
 * Every root operation of the supergraph and the roles that may call it. Fail closed: an
 * operation without an entry is refused, and the authorisation matrix test fails until
 * one is added. Scoped roles are further limited by the resolvers to their projects.
 */
export const OPERATION_POLICY: Readonly<Record<string, readonly Role[]>> = {
  // planning: the plan itself is public to every role; projects are scoped.
  'Query.programme': EVERYONE,
  'Query.network': EVERYONE,
  // The units below the prefecture are public reference data, like the programme's regions.
  'Query.administrativeUnits': EVERYONE,
  'Query.ledgerStatus': STATUS,
  'Query.projects': EVERYONE,
  'Query.project': EVERYONE,
  'Mutation.proposeProject': OFFICE,
  'Mutation.approveProject': OFFICE,
  'Mutation.adjustProjectPlan': OFFICE,
  'Mutation.disburseFunds': OFFICE,
  'Mutation.scheduleMilestone': OFFICE,
  'Mutation.recordMilestoneMet': OFFICE,
  'Mutation.startConstruction': OFFICE,
  'Mutation.completeProject': OFFICE,
  'Mutation.suspendProject': OFFICE,
  'Mutation.resumeProject': OFFICE,
  'Mutation.cancelProject': OFFICE,
  'Mutation.rateProjectMaturity': OFFICE,
  'Mutation.assignNationalProjectCode': OFFICE,
  'Mutation.recordPreConstructionApproval': OFFICE,
  // Stage counts aggregate projects; the resolver also keeps a scoped caller to its own rows.
  'Query.projectStages': PROGRAMME_WIDE,
  // Many of the commands above in one request; each is allowed as its own mutation is.
  'Mutation.planningCommands': OFFICE,
  // The project library as a workbook: the template, and a filled one as many proposals.
  'Query.projectLibraryTemplate': OFFICE,
  'Mutation.importProjectLibraryWorkbook': OFFICE,
  // reporting
  'Query.progress': PROGRAMME_WIDE,
  'Query.progressSeries': PROGRAMME_WIDE,
  'Query.indicatorProgress': PROGRAMME_WIDE,
  'Query.monthlySummary': PROGRAMME_WIDE,
  'Query.dispatchReports': EVERYONE,
  'Mutation.submitDispatchReport': REPORTERS,
  'Mutation.correctDispatchReport': REPORTERS,
  'Mutation.reportingCommands': REPORTERS,
  // the problem register (要素保障): a unit raises for its own projects (scope checked), the
  // office escalates, assigns and closes, the assigned department (or the office) answers;
  // readers see the problems of the projects in their scope and of their own unit.
  'Mutation.raiseProblem': [...REPORTERS, ...OFFICE],
  'Mutation.escalateProblem': OFFICE,
  'Mutation.assignProblem': OFFICE,
  'Mutation.answerProblem': ['lead_department', ...OFFICE],
  'Mutation.closeProblem': OFFICE,
  'Query.problems': EVERYONE,
  'Query.problemsByUnit': EVERYONE,
  // network rhythms: the lead department of that network submits (the writer checks it)
  'Mutation.submitNetworkReport': NETWORK_REPORTERS,
  'Query.networkReports': NETWORK_READERS,
  'Query.reportDeadlines': NETWORK_READERS,
  // Monthly reports as a workbook: each row a submitDispatchReport, scope checked per row.
  'Query.dispatchReportTemplate': REPORTERS,
  'Mutation.importDispatchReportWorkbook': REPORTERS,
  // assessment
  'Query.riskFlags': EVERYONE,
  'Query.scores': EVERYONE,
  'Mutation.scorePeriod': OFFICE,
  'Mutation.checkRisks': OFFICE,
  // supervision: 约谈 and 通报 are the office's; a circular is sent to every unit (L38
  // "适时通报各专项行动实施情况"), so every role reads it; summonses are scoped (own unit, own projects).
  'Mutation.recordSummons': OFFICE,
  'Mutation.issueCircular': OFFICE,
  'Query.summonses': EVERYONE,
  'Query.circulars': EVERYONE,
  'Query.circularDocument': EVERYONE,
  // as-of views: programme-wide, as the live views they replay
  'Query.progressAsOf': PROGRAMME_WIDE,
  'Query.monthlySummaryAsOf': PROGRAMME_WIDE,
  'Query.progressSeriesAsOf': PROGRAMME_WIDE,
  'Query.indicatorProgressAsOf': PROGRAMME_WIDE,
  'Query.dispatchReportsAsOf': PROGRAMME_WIDE,
  'Query.riskFlagsAsOf': PROGRAMME_WIDE,
  'Query.scoresAsOf': PROGRAMME_WIDE,
  // audit: the event history itself
  // A project's own history, with its hash links, is what the console's passport re-verifies
  // in the browser: every programme-wide reader may check it. The whole log stays the auditors'.
  'Query.streamHistory': PROGRAMME_WIDE,
  'Query.eventLog': AUDITOR,
  'Query.projectTimeline': PROGRAMME_WIDE,
  // operations: each service lists and acts on its own read models' dead letters
  'Query.planningDeadLetters': OPERATOR,
  'Mutation.replayPlanningDeadLetter': OPERATOR,
  'Mutation.discardPlanningDeadLetter': OPERATOR,
  'Query.reportingDeadLetters': OPERATOR,
  'Mutation.replayReportingDeadLetter': OPERATOR,
  'Mutation.discardReportingDeadLetter': OPERATOR,
  'Query.assessmentDeadLetters': OPERATOR,
  'Mutation.replayAssessmentDeadLetter': OPERATOR,
  'Mutation.discardAssessmentDeadLetter': OPERATOR,

  // Entity fields (one graph): whoever reaches a project, region or department through another
  // field or through federation's _entities passes the same rules as at the root field that
  // serves the same figures. Reaching a project at all is scoped (each service's reference
  // resolver checks it, as Query.project does); regions and departments are the plan's
  // reference data, public like Query.programme.
  'Project.disbursements': EVERYONE,
  'Project.milestones': EVERYONE,
  'Project.adjustments': EVERYONE,
  'Project.leadDepartment': EVERYONE,
  'Project.regions': EVERYONE,
  'Project.dispatchReports': EVERYONE,
  'Project.problems': EVERYONE,
  'Project.riskFlags': EVERYONE,
  'Project.facts': EVERYONE,
  'Project.timeline': PROGRAMME_WIDE,
  'Project.nationalProjectCode': EVERYONE,
  'Project.preConstructionApprovals': EVERYONE,
  'Project.missingApprovals': EVERYONE,
  'Region.projects': EVERYONE,
  'Region.progress': PROGRAMME_WIDE,
  'Region.score': EVERYONE,
  'Region.administrativeUnits': EVERYONE,
  'Department.projects': EVERYONE,
  'Department.progress': PROGRAMME_WIDE,
  'Department.score': EVERYONE,
};

/**
 * The federation entities: every field a service resolves on them passes the guard and needs
 * an entry above (fail closed), since _entities reaches them without any root field.
 */
export const ENTITY_TYPES: ReadonlySet<string> = new Set(['Project', 'Region', 'Department']);

export function rolesFor(operation: string): readonly Role[] | undefined {
  return OPERATION_POLICY[operation];
}

/**
 * Refuses a principal whose role may not use `operation`: the guard's check at a root field,
 * and a bulk mutation's for each command it carries (as the command's own mutation).
 */
export function ensureMayUse(principal: Principal, operation: string): void {
  const roles = rolesFor(operation);
  if (!roles) throw forbidden(`${operation} has no access policy: refused`);
  if (!roles.includes(principal.role)) {
    throw forbidden(`the ${principal.role} role may not use ${operation}`);
  }
}
