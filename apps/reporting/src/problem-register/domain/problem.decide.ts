import { RuleViolation, assertNever } from '@ledger/domain-kernel';
import { ProblemCommand } from './problem.commands';
import { ESCALATION_LEVELS, ProblemEvent } from './problem.events';
import { ProblemState } from './problem.state';

/**
 * The rules of the register, each a code a client can match on:
 * - a problem is raised once (PROBLEM_ALREADY_RAISED), for a project still being built or
 *   prepared (PROJECT_NOT_ACTIVE: nothing holds a cancelled or completed project back);
 * - every later step needs the problem (PROBLEM_NOT_FOUND), and none follows its closing
 *   (PROBLEM_CLOSED), nor, except the closing, its answer (ALREADY_ANSWERED);
 * - escalation only goes up: joint meeting, then leading group (ESCALATION_NOT_HIGHER). It
 *   is not required before assignment: the office may assign what needs no meeting;
 * - assignment names a due date not before the day of assignment (DUE_BEFORE_ASSIGNMENT); a
 *   reassignment before the answer must change the department or the date (NOTHING_CHANGED);
 * - no answer before assignment (NOT_ASSIGNED), and the answer comes from the assigned
 *   department or the office in its stead (NOT_ASSIGNED_DEPARTMENT);
 * - no closing before an answer (NOT_ANSWERED), unless the office closes it saying so
 *   (`withoutAnswer`, with its resolution): the problem went away another way.
 */
export type ProblemRule =
  | 'PROBLEM_ALREADY_RAISED'
  | 'PROJECT_NOT_ACTIVE'
  | 'PROBLEM_NOT_FOUND'
  | 'PROBLEM_CLOSED'
  | 'ALREADY_ANSWERED'
  | 'ESCALATION_NOT_HIGHER'
  | 'DUE_BEFORE_ASSIGNMENT'
  | 'NOTHING_CHANGED'
  | 'NOT_ASSIGNED'
  | 'NOT_ASSIGNED_DEPARTMENT'
  | 'NOT_ANSWERED';

function violation(rule: ProblemRule, message: string): RuleViolation {
  return new RuleViolation(rule, message);
}

const FINISHED_PROJECT = new Set(['cancelled', 'completed']);

export function decideProblem(command: ProblemCommand, state: ProblemState): ProblemEvent[] {
  if (command.type === 'RaiseProblem') {
    if (state.problem !== null) {
      throw violation('PROBLEM_ALREADY_RAISED', `problem ${command.problemId} is already raised`);
    }
    if (FINISHED_PROJECT.has(command.project.status)) {
      throw violation(
        'PROJECT_NOT_ACTIVE',
        `project ${command.projectId} is ${command.project.status}: no problem holds it back`,
      );
    }
    return [
      {
        type: 'ProblemRaised',
        data: {
          problemId: command.problemId,
          projectId: command.projectId,
          kind: command.kind,
          description: command.description,
          raisedBy: command.raisedBy,
          raisedOn: command.today,
          validAt: command.today,
        },
      },
    ];
  }
  const problem = state.problem;
  if (problem === null) {
    throw violation('PROBLEM_NOT_FOUND', `there is no problem ${command.problemId}`);
  }
  if (problem.status === 'closed') {
    throw violation('PROBLEM_CLOSED', `problem ${command.problemId} is closed`);
  }
  const { projectId } = problem;
  switch (command.type) {
    case 'EscalateProblem': {
      if (problem.answered) {
        throw violation('ALREADY_ANSWERED', `problem ${command.problemId} has been answered`);
      }
      const from =
        problem.escalatedTo === null ? -1 : ESCALATION_LEVELS.indexOf(problem.escalatedTo);
      if (ESCALATION_LEVELS.indexOf(command.to) <= from) {
        throw violation(
          'ESCALATION_NOT_HIGHER',
          `problem ${command.problemId} is already before the ${problem.escalatedTo}: escalation goes from the joint meeting to the leading group`,
        );
      }
      return [
        {
          type: 'ProblemEscalated',
          data: {
            problemId: command.problemId,
            projectId,
            to: command.to,
            escalatedOn: command.today,
            validAt: command.today,
          },
        },
      ];
    }
    case 'AssignProblem': {
      if (problem.answered) {
        throw violation('ALREADY_ANSWERED', `problem ${command.problemId} has been answered`);
      }
      if (command.dueOn < command.today) {
        throw violation(
          'DUE_BEFORE_ASSIGNMENT',
          `the due date ${command.dueOn} is before the day of assignment (${command.today})`,
        );
      }
      if (problem.departmentCode === command.departmentCode && problem.dueOn === command.dueOn) {
        throw violation(
          'NOTHING_CHANGED',
          `problem ${command.problemId} is already assigned to ${command.departmentCode}, due ${command.dueOn}`,
        );
      }
      return [
        {
          type: 'ProblemAssigned',
          data: {
            problemId: command.problemId,
            projectId,
            departmentCode: command.departmentCode,
            dueOn: command.dueOn,
            assignedOn: command.today,
            validAt: command.today,
          },
        },
      ];
    }
    case 'AnswerProblem': {
      if (problem.answered) {
        throw violation('ALREADY_ANSWERED', `problem ${command.problemId} has been answered`);
      }
      if (problem.departmentCode === null || problem.dueOn === null) {
        throw violation(
          'NOT_ASSIGNED',
          `problem ${command.problemId} is not assigned to a department yet: nobody owes an answer`,
        );
      }
      if (!command.byOffice && command.answeredBy !== problem.departmentCode) {
        throw violation(
          'NOT_ASSIGNED_DEPARTMENT',
          `problem ${command.problemId} is assigned to ${problem.departmentCode}, not ${command.answeredBy}`,
        );
      }
      return [
        {
          type: 'ProblemAnswered',
          data: {
            problemId: command.problemId,
            projectId,
            answer: command.answer,
            answeredBy: command.answeredBy,
            answeredOn: command.today,
            late: command.today > problem.dueOn,
            validAt: command.today,
          },
        },
      ];
    }
    case 'CloseProblem': {
      if (!problem.answered && !command.withoutAnswer) {
        throw violation(
          'NOT_ANSWERED',
          `problem ${command.problemId} has no answer yet: close it without one only by saying so (withoutAnswer)`,
        );
      }
      return [
        {
          type: 'ProblemClosed',
          data: {
            problemId: command.problemId,
            projectId,
            resolution: command.resolution,
            closedOn: command.today,
            validAt: command.today,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}
