import type { AdministrativeUnit } from './units.queries';

/** A day as the API takes it (YYYY-MM-DD), or null: the units as they stand now. */
export function parseDay(value: string | null): string | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export interface UnitRow extends AdministrativeUnit {
  /** The name of the unit above it, as it stood on the same day; the code when not listed. */
  parentName: string | null;
}

/**
 * The units of the answer in reading order: each prefecture, then the units it administered
 * that day; the functional areas last. The API sorts by code; this keeps a county beside its
 * prefecture when it moved in (公主岭 220184 under 长春 220100).
 */
export function unitRows(units: readonly AdministrativeUnit[]): UnitRow[] {
  const names = new Map(units.map((u) => [u.code, u.nameZh]));
  const withParent = (u: AdministrativeUnit): UnitRow => ({
    ...u,
    parentName: u.parentCode === null ? null : (names.get(u.parentCode) ?? u.parentCode),
  });
  const prefectures = units.filter((u) => u.level === 'prefecture');
  const placed = new Set<string>();
  const rows: UnitRow[] = [];
  for (const p of prefectures) {
    rows.push(withParent(p));
    placed.add(p.code);
    for (const u of units.filter((c) => c.parentCode === p.code)) {
      rows.push(withParent(u));
      placed.add(u.code);
    }
  }
  for (const u of units) if (!placed.has(u.code)) rows.push(withParent(u));
  return rows;
}
