import { Decider, InvalidCommandError, RuleViolation, parseLocalDate } from '@ledger/domain-kernel';
import { CircularFigure, CircularIssued, CircularNamedUnit } from '@ledger/contracts';

export type { CircularFigure, CircularIssued, CircularNamedUnit } from '@ledger/contracts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(value: string, field = 'month'): string {
  if (!MONTH.test(value))
    throw new InvalidCommandError(field, `${field} must be a month as YYYY-MM`);
  return value;
}

export interface IssueCircular {
  type: 'IssueCircular';
  month: string;
  issuedOn: string;
  namedUnits: CircularNamedUnit[];
  figures: CircularFigure[];
  /** Flag ids the ledger knows (raised on or before the month's end), for the units named. */
  knownFlagIds: readonly string[];
}

export interface CircularState {
  issued: { circularId: string; issuedOn: string } | null;
}

export const circularStreamId = (month: string): string => `circular-${month}`;
export const circularIdOf = (month: string): string => `circular-${month}`;

/**
 * The month's circular (通报) is issued once: a second for the same month is refused
 * (CIRCULAR_ALREADY_ISSUED, answered as a CONFLICT), and so is one issued before its month
 * began. A named unit cites only flags the ledger holds, and says why it is named. The
 * figures are what the writer counted, each with its events; a figure without events is a
 * figure no one can check, so it is refused unless it is a zero (nothing to cite).
 */
export const circularDecider: Decider<IssueCircular, CircularIssued, CircularState> = {
  initialState: { issued: null },
  decide(command, state) {
    const month = parseMonth(command.month);
    const issuedOn = parseLocalDate(command.issuedOn, 'issuedOn');
    if (state.issued !== null) {
      throw new RuleViolation(
        'CIRCULAR_ALREADY_ISSUED',
        `the circular of ${month} was issued on ${state.issued.issuedOn}: one circular per month`,
      );
    }
    if (issuedOn < `${month}-01`) {
      throw new RuleViolation(
        'CIRCULAR_BEFORE_MONTH',
        `the circular of ${month} cannot be issued on ${issuedOn}, before its month began`,
      );
    }
    const known = new Set(command.knownFlagIds);
    const units = new Set<string>();
    for (const [i, unit] of command.namedUnits.entries()) {
      if (units.has(unit.unitCode)) {
        throw new InvalidCommandError(`namedUnits[${i}]`, `${unit.unitCode} is named twice`);
      }
      units.add(unit.unitCode);
      if (unit.reason.trim() === '') {
        throw new InvalidCommandError(`namedUnits[${i}].reason`, 'say why the unit is named');
      }
      for (const flagId of unit.flagIds) {
        if (!known.has(flagId)) {
          throw new RuleViolation(
            'FLAG_NOT_FOUND',
            `namedUnits[${i}] cites flag ${flagId}, which the ledger does not hold for ${month}`,
          );
        }
      }
    }
    const keys = new Set<string>();
    for (const figure of command.figures) {
      if (keys.has(figure.key)) throw new Error(`figure ${figure.key} counted twice`);
      keys.add(figure.key);
      if (figure.eventIds.length === 0 && figure.value !== '0') {
        throw new RuleViolation(
          'FIGURE_WITHOUT_EVENTS',
          `figure ${figure.key} = ${figure.value} cites no event`,
        );
      }
    }
    return [
      {
        type: 'CircularIssued',
        data: {
          circularId: circularIdOf(month),
          month,
          issuedOn,
          namedUnits: command.namedUnits,
          figures: command.figures,
          validAt: issuedOn,
        },
      },
    ];
  },
  evolve(_state, event) {
    return { issued: { circularId: event.data.circularId, issuedOn: event.data.issuedOn } };
  },
};
