import { ConstructionNature } from './project-vocabulary';

/**
 * The pre-construction approvals (前期审批) the ledger records, in the order a project
 * usually obtains them. Part of the published language: planning decides with this rule and
 * assessment names the missing step in its `not-started` flag with the very same rule.
 *
 * - project-approval 立项/可研批复: the investment decision (审批, 核准 or 备案).
 * - land-pre-review 用地预审 (用地预审与选址意见书 since the 2019 多审合一 reform).
 * - environmental-assessment 环评: the approval of the EIA report or table, or the
 *   registration form's filing.
 * - forest-land 林地: the permission to use forest land (使用林地审核同意书).
 * - construction-permit 施工许可: the construction permit, last before works start.
 */
export const PRE_CONSTRUCTION_APPROVAL_STEPS = [
  'project-approval',
  'land-pre-review',
  'environmental-assessment',
  'forest-land',
  'construction-permit',
] as const;
export type PreConstructionApprovalStep = (typeof PRE_CONSTRUCTION_APPROVAL_STEPS)[number];

/** Chinese names, for people (data, not code paths). */
export const PRE_CONSTRUCTION_APPROVAL_NAMES_ZH: Record<PreConstructionApprovalStep, string> = {
  'project-approval': '立项/可研批复',
  'land-pre-review': '用地预审',
  'environmental-assessment': '环评',
  'forest-land': '林地',
  'construction-permit': '施工许可',
};

/** Networks whose works take the housing-and-construction 施工许可 (see below). */
const CONSTRUCTION_PERMIT_NETWORKS: ReadonlySet<string> = new Set(['municipal', 'social', 'info']);

/** Natures that take no new construction land (they build on land already approved). */
const NO_NEW_LAND: ReadonlySet<ConstructionNature> = new Set(['reconstruction', 'continuing']);

export interface ApprovalApplicability {
  /** Steps that must be recorded before works start: missing until they are. */
  required: PreConstructionApprovalStep[];
  /** Steps that may be recorded but are never reported missing. */
  optional: PreConstructionApprovalStep[];
  /** Steps that do not apply: recording one is refused. */
  notApplicable: PreConstructionApprovalStep[];
}

/**
 * Which steps apply to a project. The ledger's decision (no single legal text lists them for
 * every kind of project; docs/planning/pre-construction-approvals.md gives the reasons):
 * - project-approval and environmental-assessment: every project (a government-invested
 *   project is approved before it is built; an EIA document is approved, or a registration
 *   form filed, before works start).
 * - land-pre-review: every project that may take new construction land; not for
 *   reconstruction or continuing works on land already approved. A project listed from the
 *   plan document states no nature: the review is required until the ledger knows better.
 * - forest-land: optional. It applies only where a project occupies forest land, and no
 *   event says that a project does: it is recorded when issued, never reported missing.
 * - construction-permit: the municipal, social-services and information networks (buildings
 *   and municipal works, the scope of the construction permit of 住房城乡建设部令第18号);
 *   not roads, water, power or oil and gas, whose start of works follows their own sector's
 *   procedure, which the ledger does not model.
 */
export function approvalApplicability(project: {
  networkCode: string;
  constructionNature: ConstructionNature | null;
}): ApprovalApplicability {
  const required: PreConstructionApprovalStep[] = ['project-approval'];
  const notApplicable: PreConstructionApprovalStep[] = [];
  if (project.constructionNature !== null && NO_NEW_LAND.has(project.constructionNature)) {
    notApplicable.push('land-pre-review');
  } else {
    required.push('land-pre-review');
  }
  required.push('environmental-assessment');
  if (CONSTRUCTION_PERMIT_NETWORKS.has(project.networkCode)) required.push('construction-permit');
  else notApplicable.push('construction-permit');
  return { required, optional: ['forest-land'], notApplicable };
}

/**
 * The required steps not yet recorded, in the order of PRE_CONSTRUCTION_APPROVAL_STEPS.
 * `approvedByProjectApproval`: the existing ProjectApproved (立项审批) satisfies
 * project-approval as well as a recorded project-approval step does.
 */
export function missingApprovalSteps(
  project: { networkCode: string; constructionNature: ConstructionNature | null },
  recorded: readonly string[],
  approvedByProjectApproval: boolean,
): PreConstructionApprovalStep[] {
  const have = new Set(recorded);
  if (approvedByProjectApproval) have.add('project-approval');
  const { required } = approvalApplicability(project);
  return PRE_CONSTRUCTION_APPROVAL_STEPS.filter((s) => required.includes(s) && !have.has(s));
}
