/**
 * A decider: the whole behaviour of one aggregate as two pure functions. `decide` turns a
 * command and the current state into new events (or throws a RuleViolation); `evolve` folds
 * one event into the state. No I/O, no clock, no framework.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
}

export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}

/** A business rule refused a command. `rule` is a stable code clients can match on. */
export class RuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** Input that could never be valid, whatever the state: a bad date, a negative amount. */
export class InvalidCommandError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCommandError';
  }
}

/** Makes a switch over a union exhaustive: adding a case without handling it fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
