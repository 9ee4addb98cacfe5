/**
 * The schematic map: one tile per region the API lists, placed roughly where the region lies
 * (a tile map, not a map: see MapPage for why), coloured by the year's completion against
 * 序时进度 or by open red flags. Pure: no React, no DOM.
 */
import { toFen } from '../../money';
import type { ProgressLine } from '../overview/overview.queries';
import { FLAG_LIMIT, MapFlagsResult, MapRegion } from './map.queries';

export type ColourBy = 'progress' | 'flags';

/** ?colour=progress|flags; progress unless flags is asked for. */
export function parseColourBy(text: string | null): ColourBy {
  return text === 'flags' ? 'flags' : 'progress';
}

/**
 * Where each region's tile sits on a 6 x 4 grid, roughly as the regions lie: Baicheng and
 * Songyuan in the north-west, Changchun in the centre with Gongzhuling beside it and the New
 * Area towards Jilin City, Jilin City east of it, Yanbian in the far east, Siping and Liaoyuan
 * in the south-west, Meihekou, Tonghua and Baishan in the south, Changbaishan in the
 * south-east. A region the layout does not know goes on a row below, in the API's order.
 */
export const TILE_LAYOUT: Readonly<Record<string, { column: number; row: number }>> = {
  baicheng: { column: 0, row: 0 },
  songyuan: { column: 1, row: 0 },
  gongzhuling: { column: 1, row: 1 },
  changchun: { column: 2, row: 1 },
  'changchun-new-area': { column: 3, row: 1 },
  'jilin-city': { column: 4, row: 1 },
  yanbian: { column: 5, row: 1 },
  siping: { column: 1, row: 2 },
  liaoyuan: { column: 2, row: 2 },
  meihekou: { column: 3, row: 2 },
  changbaishan: { column: 5, row: 2 },
  tonghua: { column: 3, row: 3 },
  baishan: { column: 4, row: 3 },
};

export const GRID_COLUMNS = 6;
export const GRID_ROWS = 4;

/**
 * The year's completion (annualPlanPercent) against the share of the year elapsed
 * (timeElapsedPercent), both the API's: on pace, within NEAR_POINTS behind, further behind,
 * or no annual plan to compare.
 */
export type ProgressClass = 'onPace' | 'slightlyBehind' | 'behind' | 'noPlan';
export const PROGRESS_CLASSES: readonly ProgressClass[] = [
  'onPace',
  'slightlyBehind',
  'behind',
  'noPlan',
];
export const NEAR_POINTS = 10;

export function progressClass(line: ProgressLine | null): ProgressClass {
  if (!line || line.annualPlanPercent === null) return 'noPlan';
  // Percentages have two decimals, so fen arithmetic compares them exactly.
  const gap = toFen(line.annualPlanPercent) - toFen(line.timeElapsedPercent);
  if (gap >= 0n) return 'onPace';
  if (gap >= -BigInt(NEAR_POINTS * 100)) return 'slightlyBehind';
  return 'behind';
}

/** Open red flags: none, 1-4, 5-9, 10 or more. */
export type FlagClass = 'none' | 'few' | 'some' | 'many';
export const FLAG_CLASSES: readonly FlagClass[] = ['none', 'few', 'some', 'many'];

export function flagClass(count: number): FlagClass {
  if (count === 0) return 'none';
  if (count < 5) return 'few';
  if (count < 10) return 'some';
  return 'many';
}

export interface FlagCount {
  count: number;
  /** The list came back full: there may be more than `count`. */
  capped: boolean;
}

/** Each region's open red flags from the aliased lists of mapMonthQuery, by region code. */
export function flagCounts(
  result: MapFlagsResult,
  regionCodes: readonly string[],
): Map<string, FlagCount> {
  return new Map(
    regionCodes.map((code, i) => {
      const list = result[`flags${i}`] ?? [];
      return [code, { count: list.length, capped: list.length >= FLAG_LIMIT }];
    }),
  );
}

export function flagCountText(flags: FlagCount): string {
  return flags.capped ? `≥${flags.count}` : String(flags.count);
}

export interface Tile {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
  column: number;
  row: number;
  /** False for a region the layout does not know (drawn on the row below the map). */
  placed: boolean;
  line: ProgressLine | null;
  flags: FlagCount;
  progress: ProgressClass;
  flagsClass: FlagClass;
}

/** One tile per region, in the API's order; the unplaced ones on rows below the grid. */
export function tiles(
  regions: readonly MapRegion[],
  lines: readonly ProgressLine[],
  flags: ReadonlyMap<string, FlagCount>,
): Tile[] {
  const byKey = new Map(lines.map((l) => [l.key, l]));
  let unplaced = 0;
  return regions.map((region) => {
    const at = TILE_LAYOUT[region.code];
    const position = at ?? {
      column: unplaced % GRID_COLUMNS,
      row: GRID_ROWS + Math.floor(unplaced / GRID_COLUMNS),
    };
    if (!at) unplaced += 1;
    const line = byKey.get(region.code) ?? null;
    const count = flags.get(region.code) ?? { count: 0, capped: false };
    return {
      code: region.code,
      nameZh: region.nameZh,
      nameEn: region.nameEn,
      kind: region.kind,
      column: position.column,
      row: position.row,
      placed: at !== undefined,
      line,
      flags: count,
      progress: progressClass(line),
      flagsClass: flagClass(count.count),
    };
  });
}

/** Rows of the grid in use: the map's, plus any rows of unplaced tiles. */
export function gridRows(all: readonly Tile[]): number {
  return all.reduce((rows, t) => Math.max(rows, t.row + 1), GRID_ROWS);
}
