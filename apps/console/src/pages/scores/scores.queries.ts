/**
 * The scores page's GraphQL (field names as in apps/gateway/supergraph.graphql) and the shapes
 * of its answers.
 */
import type { AsOf } from '../../app/as-of';
import type { NamedUnit } from '../overview/overview.queries';

// The programme has no ...AsOf form in the API: unit names are today's.
export const SCORES_PROGRAMME = `query ScoresProgramme {
  programme { startYear endYear regions { code nameZh nameEn } departments { code nameZh nameEn } }
}`;

export interface ScoresProgrammeResult {
  programme: {
    startYear: number;
    endYear: number;
    regions: NamedUnit[];
    departments: NamedUnit[];
  } | null;
}

export interface ScoreLine {
  component: string;
  /** Points with two decimals; negative for deductions. */
  points: string;
  max: string;
  basis: string;
}

export interface UnitScore {
  period: string;
  unitKind: string;
  unit: string;
  score: string;
  rank: number;
  rubricVersion: string;
  breakdown: ScoreLine[];
}

export interface ScoresResult {
  scores: UnitScore[];
}

const FIELDS =
  'period unitKind unit score rank rubricVersion breakdown { component points max basis }';

/** A period's ranking for one kind of unit, now or as of the past. */
export function scoresQuery(asOf: AsOf | null): string {
  return asOf
    ? `query ScoresAsOf($asOf: AsOf!, $period: String!, $unitKind: String) {
  scores: scoresAsOf(asOf: $asOf, period: $period, unitKind: $unitKind) { ${FIELDS} }
}`
    : `query Scores($period: String!, $unitKind: String) {
  scores(period: $period, unitKind: $unitKind) { ${FIELDS} }
}`;
}
