/**
 * The problem register's GraphQL (要素保障): the register, the open problems per unit, and
 * the plan's names of the units in one request; a project's problems for its passport.
 */
export const PROBLEM_FIELDS = `problemId projectId networkCode kind description raisedBy raisedOn
  status escalatedTo departmentCode dueOn answer answeredBy answeredOn late resolution closedOn
  daysOpen overdue eventIds`;

export const PROBLEMS_PAGE = `query ProblemsPage($status: ProblemStatus, $overdue: Boolean, $asOf: String) {
  problems(status: $status, overdue: $overdue) { ${PROBLEM_FIELDS} }
  problemsByUnit(asOf: $asOf) { unit open oldestOpenDays overdueAnswers }
  programme {
    regions { code nameZh nameEn }
    departments { code nameZh nameEn }
  }
}`;

export const PROJECT_PROBLEMS = `query ProjectProblems($projectId: String!) {
  project(projectId: $projectId) { problems { ${PROBLEM_FIELDS} } }
}`;

export const PROBLEM_STATUSES = ['RAISED', 'ESCALATED', 'ASSIGNED', 'ANSWERED', 'CLOSED'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface Problem {
  problemId: string;
  projectId: string;
  networkCode: string | null;
  kind: string;
  description: string;
  raisedBy: string;
  raisedOn: string;
  status: ProblemStatus;
  escalatedTo: string | null;
  departmentCode: string | null;
  dueOn: string | null;
  answer: string | null;
  answeredBy: string | null;
  answeredOn: string | null;
  late: boolean | null;
  resolution: string | null;
  closedOn: string | null;
  daysOpen: number;
  overdue: boolean;
  eventIds: string[];
}

export interface UnitProblems {
  unit: string;
  open: number;
  oldestOpenDays: number | null;
  overdueAnswers: number;
}

interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ProblemsPageResult {
  problems: Problem[];
  problemsByUnit: UnitProblems[];
  programme: { regions: Named[]; departments: Named[] } | null;
}

export interface ProjectProblemsResult {
  project: { problems: Problem[] } | null;
}

/** A unit's name from the plan (a region or a department), else its code. */
export function unitNamer(
  programme: ProblemsPageResult['programme'],
  english: boolean,
): (code: string) => string {
  const names = new Map(
    [...(programme?.regions ?? []), ...(programme?.departments ?? [])].map((u) => [
      u.code,
      english ? u.nameEn : u.nameZh,
    ]),
  );
  return (code) => names.get(code) ?? code;
}

export function parseStatus(value: string | null): ProblemStatus | null {
  return (PROBLEM_STATUSES as readonly string[]).includes(value ?? '')
    ? (value as ProblemStatus)
    : null;
}
