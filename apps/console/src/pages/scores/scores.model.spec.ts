import { describe, expect, it } from '@jest/globals';
import {
  barScale,
  choosePeriod,
  components,
  equation,
  lastMonthOf,
  parseUnitKind,
  periodHolding,
  periodKind,
  periodOptions,
  rankingRows,
  segments,
} from './scores.model';
import type { ScoreLine, UnitScore } from './scores.queries';

const part = (component: string, points: string, max: string): ScoreLine => ({
  component,
  points,
  max,
  basis: `${component} basis`,
});

// As the API answers for a region (rubric 2021.1: 40 + 20 + 20 + 20, up to 20 deducted).
const breakdown = (timeliness: string, deduction: string): ScoreLine[] => [
  part('investment', '40.00', '40.00'),
  part('progress', '20.00', '20.00'),
  part('timeliness', timeliness, '20.00'),
  part('newStarts', '20.00', '20.00'),
  part('redFlags', deduction, '0.00'),
];

const score = (unit: string, rank: number, value: string, lines: ScoreLine[]): UnitScore => ({
  period: '2021-08',
  unitKind: 'region',
  unit,
  score: value,
  rank,
  rubricVersion: '2021.1',
  breakdown: lines,
});

describe('periods', () => {
  it('knows the three kinds the API takes', () => {
    expect(periodKind('2021-06')).toBe('month');
    expect(periodKind('2021-Q2')).toBe('quarter');
    expect(periodKind('2021')).toBe('year');
    expect(periodKind('2021-Q5')).toBeNull();
    expect(periodKind('2021-13')).toBeNull();
    expect(periodKind(null)).toBeNull();
    expect(parseUnitKind('region')).toBe('region');
    expect(parseUnitKind(null)).toBe('department');
  });

  it('finds the period of a kind that holds a month', () => {
    expect(periodHolding('month', '2021-08')).toBe('2021-08');
    expect(periodHolding('quarter', '2021-08')).toBe('2021-Q3');
    expect(periodHolding('quarter', '2021-12')).toBe('2021-Q4');
    expect(periodHolding('quarter', '2021-01')).toBe('2021-Q1');
    expect(periodHolding('year', '2021-08')).toBe('2021');
    expect(['2021-08', '2021-Q2', '2021-Q4', '2021', 'x'].map(lastMonthOf)).toEqual([
      '2021-08',
      '2021-06',
      '2021-12',
      '2021-12',
      null,
    ]);
  });

  it('lists the periods from the programme’s start, newest first', () => {
    expect(periodOptions('quarter', 2020, '2021-04')).toEqual([
      '2021-Q2',
      '2021-Q1',
      '2020-Q4',
      '2020-Q3',
      '2020-Q2',
      '2020-Q1',
    ]);
    expect(periodOptions('year', 2020, '2021-04')).toEqual(['2021', '2020']);
    expect(periodOptions('month', 2021, '2021-03')).toEqual(['2021-03', '2021-02', '2021-01']);
    expect(choosePeriod('2021-Q2', '2021-08')).toBe('2021-Q2');
    expect(choosePeriod('nonsense', '2021-08')).toBe('2021-08');
  });
});

describe('rankingRows', () => {
  const scores = [
    score('yanbian', 13, '76.36', breakdown('16.36', '-20.00')),
    score('baicheng', 1, '80.00', breakdown('20.00', '-20.00')),
    score('gongzhuling', 1, '80.00', breakdown('20.00', '-20.00')),
  ];

  it('orders by rank, ties by unit, and names units from the programme', () => {
    const rows = rankingRows(
      scores,
      [{ code: 'yanbian', nameZh: '延边州', nameEn: 'Yanbian' }],
      (zh) => zh,
    );
    expect(rows.map((r) => [r.rank, r.unit, r.name])).toEqual([
      [1, 'baicheng', 'baicheng'],
      [1, 'gongzhuling', 'gongzhuling'],
      [13, 'yanbian', '延边州'],
    ]);
  });

  it('checks that the parts add up to the score, exactly', () => {
    const rows = rankingRows(scores, [], (zh) => zh);
    expect(rows.every((r) => r.adds)).toBe(true);
    expect(rows[2]!.partsSum).toBe('76.36');
    expect(rows[2]!.equation).toBe('40.00 + 20.00 + 16.36 + 20.00 − 20.00 = 76.36');
  });

  it('flags a score its parts do not add up to', () => {
    const [row] = rankingRows(
      [score('changchun', 1, '81.00', breakdown('20.00', '-20.00'))],
      [],
      (zh) => zh,
    );
    expect(row!.adds).toBe(false);
    expect(row!.partsSum).toBe('80.00');
  });

  it('draws one scale for all rows, the points end to end and deductions back from their end', () => {
    expect(barScale(scores)).toBe(10_000n);
    const drawn = segments(breakdown('16.36', '-20.00'), 10_000n);
    expect(drawn.map((s) => [s.component, s.deduction, s.start, s.width])).toEqual([
      ['investment', false, 0, 400],
      ['progress', false, 400, 200],
      ['timeliness', false, 600, 163],
      ['newStarts', false, 763, 200],
      ['redFlags', true, 763, 200],
    ]);
    // What stays solid is the score: 76.36 of 100 is 763 thousandths.
    const solid = drawn.filter((s) => !s.deduction).reduce((n, s) => n + s.width, 0);
    const hatched = drawn.filter((s) => s.deduction).reduce((n, s) => n + s.width, 0);
    expect(solid - hatched).toBe(763);
  });

  it('never draws a deduction before the bar’s start, nor past a scale of points', () => {
    const drawn = segments([part('a', '5.00', '10.00'), part('b', '-8.00', '0.00')], 1000n);
    expect(drawn[1]).toMatchObject({ deduction: true, start: 0, width: 500 });
    expect(barScale([score('x', 1, '150.00', [part('a', '150.00', '100.00')])])).toBe(15_000n);
    expect(segments([], 0n)).toEqual([]);
  });

  it('writes the equation with true minus signs and lists components in order', () => {
    expect(equation([part('a', '-1.00', '0.00'), part('b', '2.50', '5.00')], '1.50')).toBe(
      '−1.00 + 2.50 = 1.50',
    );
    expect(equation([], '0.00')).toBe('= 0.00');
    expect(
      components([
        score('a', 1, '1.00', [part('x', '1.00', '1.00')]),
        score('b', 2, '1.00', [part('y', '0.50', '1.00'), part('x', '0.50', '1.00')]),
      ]),
    ).toEqual(['x', 'y']);
  });
});
