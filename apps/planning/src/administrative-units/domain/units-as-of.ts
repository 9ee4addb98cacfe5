import {
  AdministrativeUnitEvent,
  AdministrativeUnitLevel,
  AdministrativeUnitSource,
} from './administrative-units.decider';

/**
 * One spell of a unit as it stood: its code, parent and source from `validFrom` through
 * `validTo` (inclusive; null while it still stands so). A unit that moves, or changes its
 * code, ends one spell the day before the change and begins the next on it.
 *
 * Pure and small on purpose: other services that keep the units (as a tolerant reader of
 * these events) may copy it; they must not import it across apps.
 */
export interface UnitSpell {
  code: string;
  nameZh: string;
  level: AdministrativeUnitLevel;
  parentCode: string | null;
  programmeRegionCode: string | null;
  validFrom: string;
  validTo: string | null;
  source: AdministrativeUnitSource;
}

function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Every spell of every unit, in the order the events were recorded. */
export function unitSpells(events: readonly AdministrativeUnitEvent[]): UnitSpell[] {
  const spells: UnitSpell[] = [];
  const open = new Map<string, UnitSpell>();
  for (const event of events) {
    switch (event.type) {
      case 'AdministrativeUnitEstablished': {
        const spell: UnitSpell = {
          code: event.data.code,
          nameZh: event.data.nameZh,
          level: event.data.level,
          parentCode: event.data.parentCode,
          programmeRegionCode: event.data.programmeRegionCode,
          validFrom: event.data.validFrom,
          validTo: null,
          source: event.data.source,
        };
        spells.push(spell);
        open.set(spell.code, spell);
        break;
      }
      case 'AdministrativeUnitReassigned': {
        const before = open.get(event.data.previousCode);
        // A tolerant reader: a change for a unit it never saw established is left out.
        if (!before) break;
        before.validTo = dayBefore(event.data.validFrom);
        open.delete(before.code);
        const spell: UnitSpell = {
          ...before,
          code: event.data.code,
          parentCode: event.data.toParentCode,
          validFrom: event.data.validFrom,
          validTo: null,
          source: event.data.source,
        };
        spells.push(spell);
        open.set(spell.code, spell);
        break;
      }
      default:
        // Tolerant: a later event type this copy does not know is skipped, not fatal.
        break;
    }
  }
  return spells;
}

/**
 * The units as they stood on `asOf` (YYYY-MM-DD), or as they stand now (`null`): the spells
 * that cover that day. Before the first spell of a unit, the unit is not in the answer.
 */
export function unitsAsOf(spells: readonly UnitSpell[], asOf: string | null): UnitSpell[] {
  return spells.filter((spell) =>
    asOf === null
      ? spell.validTo === null
      : spell.validFrom <= asOf && (spell.validTo === null || asOf <= spell.validTo),
  );
}
