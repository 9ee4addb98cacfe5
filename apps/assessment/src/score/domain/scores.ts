import { AssessmentScored } from '@ledger/contracts';
import { Decider } from '@ledger/domain-kernel';
import { ScoreLine, total } from './unit-score';

export type { AssessmentScored } from '@ledger/contracts';

export interface RecordScores {
  type: 'RecordScores';
  period: string;
  rubricVersion: string;
  asOf: string;
  units: Array<{ unitKind: 'department' | 'region'; unit: string; breakdown: ScoreLine[] }>;
}

export interface PeriodScoresState {
  /** unitKind/unit -> the breakdown last recorded, as JSON. */
  recorded: ReadonlyMap<string, string>;
}

/** One stream per period; scoring it again records only the units whose breakdown changed. */
export const periodScoresDecider: Decider<RecordScores, AssessmentScored, PeriodScoresState> = {
  initialState: { recorded: new Map() },
  decide(command, state) {
    return command.units
      .filter((u) => state.recorded.get(`${u.unitKind}/${u.unit}`) !== JSON.stringify(u.breakdown))
      .map((u) => ({
        type: 'AssessmentScored',
        data: {
          period: command.period,
          unitKind: u.unitKind,
          unit: u.unit,
          rubricVersion: command.rubricVersion,
          score: total(u.breakdown),
          breakdown: u.breakdown,
          asOf: command.asOf,
        },
      }));
  },
  evolve(state, event) {
    const recorded = new Map(state.recorded);
    recorded.set(`${event.data.unitKind}/${event.data.unit}`, JSON.stringify(event.data.breakdown));
    return { recorded };
  },
};

export const scoreStreamId = (period: string): string => `assessment-scores-${period}`;
