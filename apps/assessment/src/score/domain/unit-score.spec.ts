import fc from 'fast-check';
import { rubricFor } from './rubric';
import { UnitFigures, scoreUnit, total } from './unit-score';
import { periodScoresDecider } from './scores';

const rubric = rubricFor(2021);
const base: UnitFigures = {
  plannedValue: 1_000_000n,
  earnedValue: 1_000_000n,
  progressRatioSum: 20_000n,
  progressProjects: 2,
  reportsDue: 10,
  reportsIn: 10,
  reportsLate: 0,
  reportsMissed: 0,
  plannedStarts: 4,
  started: 4,
  openRedFlags: 0,
};

describe('unit scores (rubric 2021.1)', () => {
  it('gives full marks to a unit on plan, with the breakdown adding up to 100.00', () => {
    const lines = scoreUnit(base, rubric);
    expect(total(lines)).toBe(10_000);
    expect(lines.map((l) => [l.component, l.points])).toEqual([
      ['investment', 4000],
      ['progress', 2000],
      ['timeliness', 2000],
      ['newStarts', 2000],
      ['redFlags', 0],
    ]);
  });

  it('takes points for work behind plan, missed reports, late starts and open red flags', () => {
    const lines = scoreUnit(
      {
        ...base,
        earnedValue: 750_000n,
        reportsIn: 7,
        reportsMissed: 3,
        started: 2,
        openRedFlags: 5,
      },
      rubric,
    );
    // 40 x 0.75 + 20 + 20 x 0.7 + 20 x 0.5 - min(20, 5 x 5) = 30 + 20 + 14 + 10 - 20 = 54.00
    expect(total(lines)).toBe(5_400);
  });

  it('always adds up: the score is the sum of its breakdown and within 0..100 before deductions (property)', () => {
    const big = fc.bigInt({ min: 0n, max: 10n ** 15n });
    fc.assert(
      fc.property(
        big,
        big,
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 30 }),
        (pv, ev, due, starts, flags) => {
          const figures: UnitFigures = {
            ...base,
            plannedValue: pv,
            earnedValue: ev,
            reportsDue: due,
            reportsIn: due - Math.floor(due / 3),
            reportsLate: Math.floor(due / 5),
            reportsMissed: Math.floor(due / 4),
            plannedStarts: starts,
            started: Math.floor(starts / 2),
            openRedFlags: flags,
          };
          const lines = scoreUnit(figures, rubric);
          const sum = lines.reduce((s, l) => s + l.points, 0);
          expect(total(lines)).toBe(sum);
          const positive = lines.filter((l) => l.points >= 0).reduce((s, l) => s + l.points, 0);
          expect(positive).toBeLessThanOrEqual(10_000);
          expect(lines.every((l) => l.points <= l.max)).toBe(true);
        },
      ),
    );
  });

  it('records a period again only for the units whose breakdown changed', () => {
    const command = (earned: bigint) => ({
      type: 'RecordScores' as const,
      period: '2021-06',
      rubricVersion: rubric.version,
      asOf: '2021-07-10',
      units: [
        { unitKind: 'department' as const, unit: 'transport', breakdown: scoreUnit(base, rubric) },
        {
          unitKind: 'region' as const,
          unit: 'changchun',
          breakdown: scoreUnit({ ...base, earnedValue: earned }, rubric),
        },
      ],
    });
    const first = periodScoresDecider.decide(command(500_000n), periodScoresDecider.initialState);
    expect(first.map((e) => [e.data.unit, e.data.score])).toEqual([
      ['transport', 10_000],
      ['changchun', 8_000],
    ]);
    const state = first.reduce(periodScoresDecider.evolve, periodScoresDecider.initialState);
    expect(periodScoresDecider.decide(command(500_000n), state)).toEqual([]);
    expect(
      periodScoresDecider.decide(command(900_000n), state).map((e) => [e.data.unit, e.data.score]),
    ).toEqual([['changchun', 9_600]]);
  });
});
