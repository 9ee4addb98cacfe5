import { Decider, RuleViolation, fold } from '@ledger/domain-kernel';

/**
 * Given / When / Then for any decider: given these past events, when this command, then
 * exactly these new events, or this rule refuses it. The state is folded from the given
 * events by the decider's own `evolve`, as the store would fold the stream, so a spec never
 * builds a state by hand that no history could produce.
 */
export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
) {
  return {
    given: (...events: Event[]) => ({
      when: (command: Command) => {
        const decide = (): Event[] => decider.decide(command, fold(decider, events));
        return {
          then: (expected: Event[]): void => {
            expect(decide()).toEqual(expected);
          },
          /** The events decided, for a spec that checks only part of them. */
          events: decide,
          thenRejects: (rule: string): void => {
            let error: unknown;
            try {
              decide();
            } catch (e) {
              error = e;
            }
            expect(error).toBeInstanceOf(RuleViolation);
            expect((error as RuleViolation).rule).toBe(rule);
          },
        };
      },
    }),
  };
}
