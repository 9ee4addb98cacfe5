/**
 * The problem register (要素保障): a problem that holds a project back, from the unit that
 * raises it, through the network's joint meeting (联席会议) or the leading group (领导小组),
 * to the department it is assigned to, its answer and its closing. The plan sets this up in
 * 三、保障措施 (L33: the leading group 统筹解决工程实施中的重大问题, every action line has a
 * 联席会议制度; L36: land, forest-land quotas and faster approvals).
 *
 * One stream per problem (`problem-<problemId>`). Every event carries the project it is
 * about (`projectId`) besides the problem: readers that key by project (the register, the
 * risk facts) fold it without a lookup, and the read-model prerequisite that waits for a
 * project's first event works as for every other event about a project.
 * Dates are YYYY-MM-DD; `validAt` is the date the fact is about (the day of the step).
 */
export const PROBLEM_KINDS = [
  'land',
  'forest-land',
  'funds',
  'approvals',
  'energy',
  'labour',
  'other',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** Where a problem is taken: the network's joint meeting, or the programme's leading group. */
export const ESCALATION_LEVELS = ['joint-meeting', 'leading-group'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export interface ProblemRaised {
  type: 'ProblemRaised';
  data: {
    problemId: string;
    projectId: string;
    kind: ProblemKind;
    description: string;
    /** The unit that raised it: a region code, a department code, or provincial-drc. */
    raisedBy: string;
    raisedOn: string;
    validAt: string;
  };
}

export interface ProblemEscalated {
  type: 'ProblemEscalated';
  data: {
    problemId: string;
    projectId: string;
    to: EscalationLevel;
    escalatedOn: string;
    validAt: string;
  };
}

/** Assigned (or reassigned, before an answer) to a department, to answer by `dueOn`. */
export interface ProblemAssigned {
  type: 'ProblemAssigned';
  data: {
    problemId: string;
    projectId: string;
    departmentCode: string;
    dueOn: string;
    assignedOn: string;
    validAt: string;
  };
}

export interface ProblemAnswered {
  type: 'ProblemAnswered';
  data: {
    problemId: string;
    projectId: string;
    answer: string;
    /** The department that answered (the assigned one), or provincial-drc for the office. */
    answeredBy: string;
    answeredOn: string;
    /** Answered after its due date. */
    late: boolean;
    validAt: string;
  };
}

export interface ProblemClosed {
  type: 'ProblemClosed';
  data: {
    problemId: string;
    projectId: string;
    resolution: string;
    closedOn: string;
    validAt: string;
  };
}

export type ProblemEvent =
  ProblemRaised | ProblemEscalated | ProblemAssigned | ProblemAnswered | ProblemClosed;

export const PROBLEM_EVENT_TYPES: readonly ProblemEvent['type'][] = [
  'ProblemRaised',
  'ProblemEscalated',
  'ProblemAssigned',
  'ProblemAnswered',
  'ProblemClosed',
];
