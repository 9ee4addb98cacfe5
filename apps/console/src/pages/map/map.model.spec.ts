import { describe, expect, it } from '@jest/globals';
import type { ProgressLine } from '../overview/overview.queries';
import {
  flagClass,
  flagCounts,
  flagCountText,
  GRID_COLUMNS,
  GRID_ROWS,
  gridRows,
  parseColourBy,
  progressClass,
  TILE_LAYOUT,
  tiles,
} from './map.model';
import { FLAG_LIMIT, MapFlagsResult, MapRegion } from './map.queries';

const region = (code: string): MapRegion => ({
  code,
  nameZh: code,
  nameEn: code,
  kind: 'prefecture-city',
});

const line = (key: string, annualPlanPercent: string | null, timeElapsedPercent = '50.00') =>
  ({
    key,
    projects: 1,
    approvedProjects: 1,
    completedProjects: 0,
    planned: '1.00',
    approved: '1.00',
    disbursed: '1.00',
    reported: '1.00',
    projectsWithOverdueReports: 0,
    annualPlan: annualPlanPercent === null ? '0.00' : '1.00',
    completedInYear: '0.50',
    annualPlanPercent,
    timeElapsedPercent,
  }) satisfies ProgressLine;

describe('the tile layout', () => {
  it('places every region of the 761 seed on its own cell of the grid', () => {
    const cells = Object.values(TILE_LAYOUT).map((p) => `${p.column},${p.row}`);
    expect(new Set(cells).size).toBe(cells.length);
    for (const p of Object.values(TILE_LAYOUT)) {
      expect(p.column).toBeGreaterThanOrEqual(0);
      expect(p.column).toBeLessThan(GRID_COLUMNS);
      expect(p.row).toBeLessThan(GRID_ROWS);
    }
  });

  it('lies roughly as the regions do', () => {
    const at = (code: string) => TILE_LAYOUT[code]!;
    // Jilin City east of Changchun, Yanbian furthest east.
    expect(at('jilin-city').column).toBeGreaterThan(at('changchun').column);
    expect(at('yanbian').column).toBe(Math.max(...Object.values(TILE_LAYOUT).map((p) => p.column)));
    // Baishan and Tonghua south of Changchun; Siping and Liaoyuan south-west, not east.
    for (const south of ['baishan', 'tonghua', 'siping', 'liaoyuan'])
      expect(at(south).row).toBeGreaterThan(at('changchun').row);
    expect(at('siping').column).toBeLessThan(at('changchun').column);
    // Songyuan and Baicheng north-west.
    for (const north of ['songyuan', 'baicheng']) {
      expect(at(north).row).toBeLessThan(at('changchun').row);
      expect(at(north).column).toBeLessThan(at('changchun').column);
    }
  });

  it('puts a region it does not know on a row below, never on top of another', () => {
    const all = tiles([region('changchun'), region('new-1'), region('new-2')], [], new Map());
    expect(all.map((t) => [t.code, t.placed, t.column, t.row])).toEqual([
      ['changchun', true, 2, 1],
      ['new-1', false, 0, GRID_ROWS],
      ['new-2', false, 1, GRID_ROWS],
    ]);
    expect(gridRows(all)).toBe(GRID_ROWS + 1);
    expect(gridRows(tiles([region('changchun')], [], new Map()))).toBe(GRID_ROWS);
  });
});

describe('colours', () => {
  it('reads ?colour= and defaults to progress', () => {
    expect(parseColourBy(null)).toBe('progress');
    expect(parseColourBy('flags')).toBe('flags');
    expect(parseColourBy('x')).toBe('progress');
  });

  it('classes the year’s completion against 序时进度, exactly', () => {
    expect(progressClass(line('a', '50.00'))).toBe('onPace');
    expect(progressClass(line('a', '120.00'))).toBe('onPace');
    expect(progressClass(line('a', '49.99'))).toBe('slightlyBehind');
    expect(progressClass(line('a', '40.00'))).toBe('slightlyBehind');
    expect(progressClass(line('a', '39.99'))).toBe('behind');
    expect(progressClass(line('a', null))).toBe('noPlan');
    expect(progressClass(null)).toBe('noPlan');
  });

  it('classes open red flags', () => {
    expect([0, 1, 4, 5, 9, 10, 200].map(flagClass)).toEqual([
      'none',
      'few',
      'few',
      'some',
      'some',
      'many',
      'many',
    ]);
  });

  it('counts each region’s flags from its alias, and says when a list was full', () => {
    const result: MapFlagsResult = {
      flags0: [{ flagId: 'a' }, { flagId: 'b' }],
      flags1: Array.from({ length: FLAG_LIMIT }, (_, i) => ({ flagId: String(i) })),
    };
    const counts = flagCounts(result, ['changchun', 'yanbian', 'baishan']);
    expect(counts.get('changchun')).toEqual({ count: 2, capped: false });
    expect(counts.get('yanbian')).toEqual({ count: FLAG_LIMIT, capped: true });
    expect(counts.get('baishan')).toEqual({ count: 0, capped: false });
    expect(flagCountText(counts.get('yanbian')!)).toBe(`≥${FLAG_LIMIT}`);
    const all = tiles(
      [region('changchun'), region('yanbian')],
      [line('changchun', '10.00')],
      counts,
    );
    expect(all.map((t) => [t.progress, t.flagsClass])).toEqual([
      ['behind', 'few'],
      ['noPlan', 'many'],
    ]);
  });
});
