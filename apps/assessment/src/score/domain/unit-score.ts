import { ScoreLine } from '@ledger/contracts';
import { Rubric } from './rubric';

/** What a unit's projects add up to at the end of a period (amounts in fen). */
export interface UnitFigures {
  plannedValue: bigint;
  earnedValue: bigint;
  /** Sum over projects of min(1, progress / time elapsed), in basis points, and their count. */
  progressRatioSum: bigint;
  progressProjects: number;
  reportsDue: number;
  reportsMissed: number;
  plannedStarts: number;
  started: number;
  openRedFlags: number;
}

export type { ScoreLine } from '@ledger/contracts';

/** min(1, part / whole) x weight, rounded down to a hundredth of a point; full marks when nothing was due. */
function share(part: bigint, whole: bigint, weight: number): number {
  if (whole <= 0n) return weight;
  const points = (part * BigInt(weight)) / whole;
  return Number(points > BigInt(weight) ? BigInt(weight) : points < 0n ? 0n : points);
}

/** The breakdown of a unit's score; the score is the sum of its lines, exactly. */
export function scoreUnit(figures: UnitFigures, rubric: Rubric): ScoreLine[] {
  const w = rubric.weights;
  const deduction = Math.min(rubric.maxDeduction, figures.openRedFlags * rubric.redFlagDeduction);
  return [
    {
      component: 'investment',
      points: share(figures.earnedValue, figures.plannedValue, w.investment),
      max: w.investment,
      basis: `earned ${figures.earnedValue} of planned ${figures.plannedValue} fen`,
    },
    {
      component: 'progress',
      points:
        figures.progressProjects === 0
          ? w.progress
          : share(figures.progressRatioSum, BigInt(figures.progressProjects) * 10_000n, w.progress),
      max: w.progress,
      basis: `average progress ratio over ${figures.progressProjects} projects`,
    },
    {
      component: 'timeliness',
      points: share(
        BigInt(figures.reportsDue - figures.reportsMissed),
        BigInt(figures.reportsDue),
        w.timeliness,
      ),
      max: w.timeliness,
      basis: `${figures.reportsDue - figures.reportsMissed} of ${figures.reportsDue} reports in`,
    },
    {
      component: 'newStarts',
      points: share(BigInt(figures.started), BigInt(figures.plannedStarts), w.newStarts),
      max: w.newStarts,
      basis: `${figures.started} of ${figures.plannedStarts} planned starts`,
    },
    {
      component: 'redFlags',
      points: deduction === 0 ? 0 : -deduction,
      max: 0,
      basis: `${figures.openRedFlags} open red flags`,
    },
  ];
}

export const total = (lines: readonly ScoreLine[]): number =>
  lines.reduce((sum, l) => sum + l.points, 0);
