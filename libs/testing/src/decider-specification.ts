import { Decider, RuleViolation, fold } from '@ledger/domain-kernel';

/**
 * Given / When / Then for any decider: given these past events, when this command, then
 * exactly these new events, or this rule refuses it. The state is folded from the given
 * events by the decider's own `evolve`, as the store would fold the stream, so a spec never
 * builds a state by hand that no history could produce. `rulesSeen` collects every rule a
 * scenario was refused with, for a spec that checks it has shown each of its rules.
 */
export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
) {
  const rulesSeen = new Set<string>();
  return {
    rulesSeen,
    given: (...events: Event[]) => {
      const state = fold(decider, events);
      return {
        /** The state the given events fold to. */
        state,
        when: (command: Command) => {
          const decide = (): Event[] => decider.decide(command, state);
          return {
            /** Asserts the exact events decided; returns the state with them folded in. */
            then: (expected: Event[]): State => {
              const decided = decide();
              expect(decided).toEqual(expected);
              return decided.reduce(decider.evolve, state);
            },
            /** The events decided, for a spec that checks only part of them. */
            events: decide,
            /** Asserts a RuleViolation with this rule and a message a person can read. */
            thenRejects: (rule: string): RuleViolation => {
              let error: unknown;
              try {
                decide();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(RuleViolation);
              const violation = error as RuleViolation;
              expect(violation.rule).toBe(rule);
              expect(violation.message).not.toBe('');
              rulesSeen.add(rule);
              return violation;
            },
          };
        },
      };
    },
  };
}
