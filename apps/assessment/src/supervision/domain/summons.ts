import {
  Branded,
  Decider,
  InvalidCommandError,
  RuleViolation,
  parseLocalDate,
} from '@ledger/domain-kernel';
import { ScoreRef, SummonsRecorded } from '@ledger/contracts';
import { periodRange } from '../../score/domain/period';

export type { ScoreRef, SummonsRecorded } from '@ledger/contracts';

export type SummonsId = Branded<string, 'SummonsId'>;

/** Ids the office chooses (its own file numbers): letters, digits, `.`, `_` and `-`. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A unit's code or its name as the plan writes it: 1-100 characters, no spaces or control characters. */
const UNIT = /^[^\s\p{Cc}]{1,100}$/u;

export function parseSummonsId(value: string, field = 'summonsId'): SummonsId {
  if (!ID.test(value)) {
    throw new InvalidCommandError(
      field,
      `${field} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return value as SummonsId;
}

export function parseUnitCode(value: string, field: string): string {
  if (!UNIT.test(value)) {
    throw new InvalidCommandError(field, `${field} must name a unit: 1-100 characters, no spaces`);
  }
  return value;
}

export function parseReason(value: string, field: string): string {
  const reason = value.trim();
  if (reason.length === 0 || reason.length > 2000) {
    throw new InvalidCommandError(field, `${field} must say why, in 1-2000 characters`);
  }
  return reason;
}

/**
 * What the ledger knows of a cited flag, looked up by the writer before it decides: the day
 * it was raised and, once resolved, the day it was resolved. `null`: no flag has that id.
 */
export interface CitedFlag {
  flagId: string;
  raisedOn: string;
  resolvedOn: string | null;
  /** The project the flag is about (null for a network's or region's flag). */
  projectId: string | null;
}

export interface RecordSummons {
  type: 'RecordSummons';
  summonsId: SummonsId;
  projectId: string | null;
  unitCode: string;
  reason: string;
  flagIds: string[];
  scoreRefs: ScoreRef[];
  heldOn: string;
  /** The ledger's today: a summons is recorded once held, never ahead. */
  today: string;
  /** Each cited flag id and what the ledger knows of it (null: no such flag). */
  flags: ReadonlyArray<{ flagId: string; found: CitedFlag | null }>;
  /** Each cited score and whether the ledger holds it. */
  scores: ReadonlyArray<{ ref: ScoreRef; found: boolean }>;
}

export interface SummonsState {
  recorded: boolean;
}

/** Whether a flag was open on `day`: raised on or before it, not resolved on or before it. */
export function openOn(flag: CitedFlag, day: string): boolean {
  return flag.raisedOn <= day && (flag.resolvedOn === null || flag.resolvedOn > day);
}

/**
 * A summons (约谈) is recorded once, for what caused it: at least one risk flag or score.
 * Each cited flag must exist and must have been open on the day the summons was held (a
 * flag resolved by then, or raised only later, did not cause it: refused, nothing recorded);
 * a flag about another project than the summons's is refused too. Each cited score must
 * exist. The decider is pure: the writer looks the flags and scores up and passes them in.
 */
export const summonsDecider: Decider<RecordSummons, SummonsRecorded, SummonsState> = {
  initialState: { recorded: false },
  decide(command, state) {
    const heldOn = parseLocalDate(command.heldOn, 'heldOn');
    if (command.heldOn > command.today) {
      throw new RuleViolation(
        'SUMMONS_NOT_HELD_YET',
        `heldOn ${heldOn} is after today (${command.today}): record a summons once it was held`,
      );
    }
    if (state.recorded) {
      throw new RuleViolation(
        'SUMMONS_ALREADY_RECORDED',
        `summons ${command.summonsId} is recorded already`,
      );
    }
    if (command.flagIds.length === 0 && command.scoreRefs.length === 0) {
      throw new RuleViolation(
        'SUMMONS_WITHOUT_CAUSE',
        'a summons cites what caused it: at least one risk flag (flagIds) or score (scoreRefs)',
      );
    }
    if (new Set(command.flagIds).size !== command.flagIds.length) {
      throw new InvalidCommandError('flagIds', 'flagIds cites a flag twice');
    }
    for (const ref of command.scoreRefs) periodRange(ref.period, 'scoreRefs.period');
    for (const flagId of command.flagIds) {
      const found = command.flags.find((f) => f.flagId === flagId)?.found ?? null;
      if (found === null) {
        throw new RuleViolation('FLAG_NOT_FOUND', `no risk flag ${flagId}: cite a flag's flagId`);
      }
      if (!openOn(found, heldOn)) {
        throw new RuleViolation(
          'FLAG_NOT_OPEN',
          found.raisedOn > heldOn
            ? `flag ${flagId} was raised on ${found.raisedOn}, after the summons was held (${heldOn})`
            : `flag ${flagId} was resolved on ${found.resolvedOn} (before the summons was held on ${heldOn}): it cannot be what caused it`,
        );
      }
      if (
        command.projectId !== null &&
        found.projectId !== null &&
        found.projectId !== command.projectId
      ) {
        throw new RuleViolation(
          'FLAG_OF_ANOTHER_PROJECT',
          `flag ${flagId} is about project ${found.projectId}, not ${command.projectId}`,
        );
      }
    }
    for (const ref of command.scoreRefs) {
      const found = command.scores.find(
        (s) => s.ref.period === ref.period && s.ref.unitCode === ref.unitCode,
      );
      if (!found?.found) {
        throw new RuleViolation(
          'SCORE_NOT_FOUND',
          `no score of ${ref.unitCode} for ${ref.period}: score the period first`,
        );
      }
    }
    return [
      {
        type: 'SummonsRecorded',
        data: {
          summonsId: command.summonsId,
          projectId: command.projectId,
          unitCode: command.unitCode,
          reason: command.reason,
          flagIds: [...command.flagIds],
          scoreRefs: command.scoreRefs.map((r) => ({ period: r.period, unitCode: r.unitCode })),
          heldOn,
          validAt: heldOn,
        },
      },
    ];
  },
  evolve() {
    return { recorded: true };
  },
};

export const summonsStreamId = (id: string): string => `summons-${id}`;
