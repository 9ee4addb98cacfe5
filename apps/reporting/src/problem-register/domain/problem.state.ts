import { assertNever } from '@ledger/domain-kernel';
import { EscalationLevel, ProblemEvent } from './problem.events';

export type ProblemStatus = 'raised' | 'escalated' | 'assigned' | 'answered' | 'closed';

/** One problem as its stream tells it; `null` before it was raised. */
export interface ProblemState {
  problem: {
    projectId: string;
    status: ProblemStatus;
    escalatedTo: EscalationLevel | null;
    departmentCode: string | null;
    dueOn: string | null;
    answered: boolean;
  } | null;
}

export const initialProblemState: ProblemState = { problem: null };

export function evolveProblem(state: ProblemState, event: ProblemEvent): ProblemState {
  if (event.type === 'ProblemRaised') {
    return {
      problem: {
        projectId: event.data.projectId,
        status: 'raised',
        escalatedTo: null,
        departmentCode: null,
        dueOn: null,
        answered: false,
      },
    };
  }
  const problem = state.problem;
  if (!problem) return state;
  switch (event.type) {
    case 'ProblemEscalated':
      return {
        problem: {
          ...problem,
          escalatedTo: event.data.to,
          // Escalated after assignment, it stays assigned: the department still owes the answer.
          status: problem.status === 'raised' ? 'escalated' : problem.status,
        },
      };
    case 'ProblemAssigned':
      return {
        problem: {
          ...problem,
          status: 'assigned',
          departmentCode: event.data.departmentCode,
          dueOn: event.data.dueOn,
        },
      };
    case 'ProblemAnswered':
      return { problem: { ...problem, status: 'answered', answered: true } };
    case 'ProblemClosed':
      return { problem: { ...problem, status: 'closed' } };
    default:
      return assertNever(event);
  }
}
