import { Branded, LocalDate } from '@ledger/domain-kernel';
import { EscalationLevel, ProblemKind } from './problem.events';

export type ProblemId = Branded<string, 'ProblemId'>;

/** What the write side knows of the project from planning's events when the command arrives. */
export interface ProblemProject {
  /** Cancelled or completed: nothing holds it back any more. */
  status: string;
}

export interface RaiseProblem {
  type: 'RaiseProblem';
  problemId: ProblemId;
  projectId: string;
  project: ProblemProject;
  kind: ProblemKind;
  description: string;
  raisedBy: string;
  today: LocalDate;
}

export interface EscalateProblem {
  type: 'EscalateProblem';
  problemId: ProblemId;
  to: EscalationLevel;
  today: LocalDate;
}

export interface AssignProblem {
  type: 'AssignProblem';
  problemId: ProblemId;
  departmentCode: string;
  dueOn: LocalDate;
  today: LocalDate;
}

export interface AnswerProblem {
  type: 'AnswerProblem';
  problemId: ProblemId;
  answer: string;
  /** The answering unit: a department code, or provincial-drc when the office answers. */
  answeredBy: string;
  /** The planning office may answer in any department's stead. */
  byOffice: boolean;
  today: LocalDate;
}

export interface CloseProblem {
  type: 'CloseProblem';
  problemId: ProblemId;
  resolution: string;
  /**
   * The office closes an unanswered problem only when it says so (the problem went away:
   * the land was granted by other means, the project was cancelled): never by default.
   */
  withoutAnswer: boolean;
  today: LocalDate;
}

export type ProblemCommand =
  RaiseProblem | EscalateProblem | AssignProblem | AnswerProblem | CloseProblem;
