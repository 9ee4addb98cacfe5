/**
 * The ranking, shaped for the page: each unit's breakdown as bar segments whose lengths add up
 * to its score, and a check that the API's parts do add up to the score it gives. Pure: no
 * React, no DOM. Points have two decimals, so they are added as exact hundredths.
 */
import { fromFen, toFen } from '../../money';
import { addMonths, isMonth, Month } from '../overview/months';
import type { NamedUnit } from '../overview/overview.queries';
import type { ScoreLine, UnitScore } from './scores.queries';

export type UnitKind = 'department' | 'region';

/** ?unit=department|region; departments unless regions are asked for. */
export function parseUnitKind(text: string | null): UnitKind {
  return text === 'region' ? 'region' : 'department';
}

export type PeriodKind = 'month' | 'quarter' | 'year';
export const PERIOD_KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

/** A period as the API takes it: a month (2021-06), a quarter (2021-Q2) or a year (2021). */
export function periodKind(period: string | null): PeriodKind | null {
  if (period === null) return null;
  if (isMonth(period)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter';
  if (/^\d{4}$/.test(period)) return 'year';
  return null;
}

/** The period of a kind that holds the month: 2021-08 -> 2021-08, 2021-Q3, 2021. */
export function periodHolding(kind: PeriodKind, month: Month): string {
  const year = month.slice(0, 4);
  if (kind === 'month') return month;
  if (kind === 'year') return year;
  return `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** The period's last month: 2021-Q2 -> 2021-06, 2021 -> 2021-12; null for no period. */
export function lastMonthOf(period: string): Month | null {
  const kind = periodKind(period);
  if (kind === 'month') return period;
  if (kind === 'year') return `${period}-12`;
  if (kind === 'quarter')
    return `${period.slice(0, 4)}-${String(Number(period.slice(6)) * 3).padStart(2, '0')}`;
  return null;
}

/** The periods of a kind from the programme's first month to `last`, newest first. */
export function periodOptions(kind: PeriodKind, startYear: number, last: Month): string[] {
  const options: string[] = [];
  for (let m = `${startYear}-01`; m <= last; m = addMonths(m, 1)) {
    const period = periodHolding(kind, m);
    if (options[options.length - 1] !== period) options.push(period);
  }
  return options.reverse();
}

/** The period in the URL if the API would take it, else the month given (the latest with reports). */
export function choosePeriod(requested: string | null, fallback: Month): string {
  return requested !== null && periodKind(requested) !== null ? requested : fallback;
}

export interface BarSegment {
  component: string;
  /** A deduction is drawn over the end of the points, so the solid length is the score. */
  deduction: boolean;
  /** Thousandths of the bar's scale. */
  start: number;
  width: number;
}

export interface RankingRow {
  unit: string;
  name: string;
  rank: number;
  score: string;
  rubricVersion: string;
  parts: readonly ScoreLine[];
  /** The parts' points added up here. */
  partsSum: string;
  /** Whether the parts add up to the API's score. */
  adds: boolean;
  segments: BarSegment[];
  /** "40.00 + 20.00 − 5.00 = 55.00": the parts as text, what the bar shows. */
  equation: string;
}

const hundredths = (points: string): bigint => toFen(points);

/**
 * The bar's full length in hundredths of a point: the most any row could reach (its positive
 * parts' maxima, or its points if the API gives more), so every row is drawn to one scale.
 */
export function barScale(scores: readonly UnitScore[]): bigint {
  let scale = 0n;
  for (const s of scores) {
    let byMax = 0n;
    let byPoints = 0n;
    for (const part of s.breakdown) {
      const max = hundredths(part.max);
      const points = hundredths(part.points);
      if (max > 0n) byMax += max;
      if (points > 0n) byPoints += points;
    }
    scale = [scale, byMax, byPoints].reduce((a, b) => (b > a ? b : a));
  }
  return scale;
}

function permille(value: bigint, scale: bigint): number {
  return scale === 0n ? 0 : Number((value * 1000n) / scale);
}

/** The segments of one breakdown: points left to right, deductions back from their end. */
export function segments(parts: readonly ScoreLine[], scale: bigint): BarSegment[] {
  const out: BarSegment[] = [];
  let end = 0n;
  for (const part of parts) {
    const points = hundredths(part.points);
    if (points <= 0n) continue;
    out.push({
      component: part.component,
      deduction: false,
      start: permille(end, scale),
      width: permille(end + points, scale) - permille(end, scale),
    });
    end += points;
  }
  let back = end;
  for (const part of parts) {
    const points = hundredths(part.points);
    if (points >= 0n) continue;
    // A deduction larger than the points drawn stops at the bar's start.
    const from = back + points < 0n ? 0n : back + points;
    out.push({
      component: part.component,
      deduction: true,
      start: permille(from, scale),
      width: permille(back, scale) - permille(from, scale),
    });
    back = from;
  }
  return out;
}

export function equation(parts: readonly ScoreLine[], sum: string): string {
  if (parts.length === 0) return `= ${sum}`;
  const terms = parts.map((part, i) => {
    const negative = part.points.startsWith('-');
    const magnitude = negative ? part.points.slice(1) : part.points;
    if (i === 0) return negative ? `−${magnitude}` : magnitude;
    return `${negative ? '−' : '+'} ${magnitude}`;
  });
  return `${terms.join(' ')} = ${sum}`;
}

/** The ranking in the API's rank order (ties by unit code), each row checked and drawn. */
export function rankingRows(
  scores: readonly UnitScore[],
  units: readonly NamedUnit[],
  name: (zh: string, en: string) => string,
): RankingRow[] {
  const scale = barScale(scores);
  const byCode = new Map(units.map((u) => [u.code, u]));
  return [...scores]
    .sort((a, b) => a.rank - b.rank || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
    .map((s) => {
      const sum = fromFen(s.breakdown.reduce((total, p) => total + hundredths(p.points), 0n));
      const unit = byCode.get(s.unit);
      return {
        unit: s.unit,
        name: unit ? name(unit.nameZh, unit.nameEn) : s.unit,
        rank: s.rank,
        score: s.score,
        rubricVersion: s.rubricVersion,
        parts: s.breakdown,
        partsSum: sum,
        adds: hundredths(sum) === hundredths(s.score),
        segments: segments(s.breakdown, scale),
        equation: equation(s.breakdown, sum),
      };
    });
}

/** Components in the order the rows first name them, for one column each. */
export function components(scores: readonly UnitScore[]): string[] {
  const seen: string[] = [];
  for (const s of scores)
    for (const part of s.breakdown) if (!seen.includes(part.component)) seen.push(part.component);
  return seen;
}
