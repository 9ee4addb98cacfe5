import { ScoreLine } from '@ledger/contracts';
import { Rubric } from './rubric';

/** What a unit's projects add up to at the end of a period (amounts in fen). */
export interface UnitFigures {
  plannedValue: bigint;
  earnedValue: bigint;
  /** Sum over projects of min(1, progress / time elapsed), in basis points, and their count. */
  progressRatioSum: bigint;
  progressProjects: number;
  /** Monthly reports due in the period (from each project's month of approval on). */
  reportsDue: number;
  /** Of those, in: on time or late. */
  reportsIn: number;
  /** Of those in, late: after the due date (whether or not it had been recorded overdue). */
  reportsLate: number;
  /** Recorded overdue and not in since. */
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

/**
 * Reports in on time, of the reports whose outcome is known: those in (on time or late) and
 * those recorded overdue that never came. A report neither in nor recorded overdue is awaited
 * (its due date may not have passed) and counts neither way.
 */
function timeliness(figures: UnitFigures, weight: number): ScoreLine {
  const onTime = figures.reportsIn - figures.reportsLate;
  const judged = figures.reportsIn + figures.reportsMissed;
  const awaited = figures.reportsDue - judged;
  const counted = [
    `${figures.reportsIn} of ${figures.reportsDue} reports in`,
    `${figures.reportsLate} late`,
    ...(figures.reportsMissed > 0 ? [`${figures.reportsMissed} missing`] : []),
    ...(awaited > 0 ? [`${awaited} awaited`] : []),
  ];
  return {
    component: 'timeliness',
    points: share(BigInt(onTime), BigInt(judged), weight),
    max: weight,
    basis: `${counted.join(', ')}: ${onTime} of ${judged} in on time`,
  };
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
    timeliness(figures, w.timeliness),
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
