import { Decider } from '@ledger/domain-kernel';
import { ProblemCommand } from './problem.commands';
import { decideProblem } from './problem.decide';
import { ProblemEvent } from './problem.events';
import { ProblemState, evolveProblem, initialProblemState } from './problem.state';

/** One stream per problem of the register, from its raising to its closing. */
export const problemDecider: Decider<ProblemCommand, ProblemEvent, ProblemState> = {
  decide: decideProblem,
  evolve: evolveProblem,
  initialState: initialProblemState,
};

export function problemStreamId(problemId: string): string {
  return `problem-${problemId}`;
}
