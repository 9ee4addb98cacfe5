import { Decider, RuleViolation, assertNever, parseLocalDate } from '@ledger/domain-kernel';
import {
  AdministrativeUnitEstablished,
  AdministrativeUnitEvent,
  AdministrativeUnitLevel,
  AdministrativeUnitReassigned,
  AdministrativeUnitSource,
} from '@ledger/contracts/planning/administrative-unit.events';

export {
  ADMINISTRATIVE_UNITS_STREAM,
  ADMINISTRATIVE_UNIT_EVENT_TYPES,
} from '@ledger/contracts/planning/administrative-unit.events';
export type {
  AdministrativeUnitEstablished,
  AdministrativeUnitEvent,
  AdministrativeUnitLevel,
  AdministrativeUnitReassigned,
  AdministrativeUnitSource,
};

export interface UnitDefinition {
  code: string;
  nameZh: string;
  level: AdministrativeUnitLevel;
  parentCode: string | null;
  programmeRegionCode: string | null;
  validFrom: string;
  source: AdministrativeUnitSource;
}

/** Units in one append: a parent may come earlier in the same list than its counties. */
export interface EstablishAdministrativeUnits {
  type: 'EstablishAdministrativeUnits';
  units: UnitDefinition[];
}

export interface ReassignAdministrativeUnit {
  type: 'ReassignAdministrativeUnit';
  /** The unit's code until the change. */
  previousCode: string;
  /** Its code from `validFrom` on (the same code when it keeps it). */
  code: string;
  toParentCode: string;
  validFrom: string;
  reason: string;
  source: AdministrativeUnitSource;
}

export type AdministrativeUnitCommand = EstablishAdministrativeUnits | ReassignAdministrativeUnit;

export type AdministrativeUnitRule =
  | 'INVALID_UNIT'
  | 'DUPLICATE_UNIT_CODE'
  | 'UNKNOWN_PARENT'
  | 'PARENT_LEVEL_MISMATCH'
  | 'BEFORE_PARENT_ESTABLISHED'
  | 'UNIT_NOT_FOUND'
  | 'REASSIGNMENT_BEFORE_ESTABLISHMENT'
  | 'REASSIGNMENT_OUT_OF_ORDER'
  | 'SAME_PARENT';

interface CurrentUnit {
  code: string;
  level: AdministrativeUnitLevel;
  parentCode: string | null;
  establishedOn: string;
  /** The day of its last change (its establishment when it never changed). */
  lastChangeOn: string;
}

export interface AdministrativeUnitsState {
  /** Units by their code now. */
  units: ReadonlyMap<string, CurrentUnit>;
  /** Every code ever given, current or superseded: a code is never given to two units. */
  codesEverUsed: ReadonlySet<string>;
}

export const initialAdministrativeUnitsState: AdministrativeUnitsState = {
  units: new Map(),
  codesEverUsed: new Set(),
};

const refuse = (rule: AdministrativeUnitRule, message: string): never => {
  throw new RuleViolation(rule, message);
};

/** GB/T 2260: six digits; the ledger's own codes say they are not (`ledger:` and a slug). */
const GB_T_2260 = /^[1-8]\d{5}$/;
const LEDGER_CODE = /^ledger:[a-z0-9]+(-[a-z0-9]+)*$/;

function checkCode(code: string, source: AdministrativeUnitSource, field: string): void {
  if (!GB_T_2260.test(code) && !LEDGER_CODE.test(code)) {
    refuse(
      'INVALID_UNIT',
      `${field} ${JSON.stringify(code)} is neither a six-digit GB/T 2260 code nor a ledger code (ledger:slug)`,
    );
  }
  if ('package' in source && !GB_T_2260.test(code)) {
    refuse(
      'INVALID_UNIT',
      `${field} ${code}: a code from the GB/T 2260 package must be six digits`,
    );
  }
}

function checkDate(value: string, field: string): void {
  try {
    parseLocalDate(value, field);
  } catch (error) {
    refuse('INVALID_UNIT', (error as Error).message);
  }
}

/** Prefectures stand alone; a county is administered by a prefecture; an area by either or none. */
function checkParent(
  level: AdministrativeUnitLevel,
  parent: CurrentUnit | undefined,
  parentCode: string | null,
  validFrom: string,
  what: string,
): void {
  if (parentCode === null) {
    if (level === 'county') refuse('UNKNOWN_PARENT', `${what}: a county needs its prefecture`);
    return;
  }
  if (!parent) return refuse('UNKNOWN_PARENT', `${what}: parent ${parentCode} is not a unit`);
  if (level === 'prefecture' || parent.level !== 'prefecture') {
    refuse(
      'PARENT_LEVEL_MISMATCH',
      `${what}: a ${level} cannot stand under the ${parent.level} ${parentCode}`,
    );
  }
  if (validFrom < parent.establishedOn) {
    refuse(
      'BEFORE_PARENT_ESTABLISHED',
      `${what}: ${validFrom} is before its parent ${parentCode} is held (${parent.establishedOn})`,
    );
  }
}

function establish(
  command: EstablishAdministrativeUnits,
  state: AdministrativeUnitsState,
): AdministrativeUnitEvent[] {
  if (command.units.length === 0) refuse('INVALID_UNIT', 'no unit to establish');
  // Folded as it goes, so a county may name a prefecture established earlier in this list.
  let current = state;
  const events: AdministrativeUnitEvent[] = [];
  for (const unit of command.units) {
    const what = `unit ${unit.code}`;
    checkCode(unit.code, unit.source, 'code');
    checkDate(unit.validFrom, `${what}: validFrom`);
    if (unit.nameZh.trim() === '') refuse('INVALID_UNIT', `${what}: nameZh is empty`);
    if (current.codesEverUsed.has(unit.code)) {
      refuse('DUPLICATE_UNIT_CODE', `${what}: the code is already given to a unit`);
    }
    const parent = unit.parentCode === null ? undefined : current.units.get(unit.parentCode);
    checkParent(unit.level, parent, unit.parentCode, unit.validFrom, what);
    const event: AdministrativeUnitEstablished = {
      type: 'AdministrativeUnitEstablished',
      data: {
        code: unit.code,
        nameZh: unit.nameZh,
        level: unit.level,
        parentCode: unit.parentCode,
        programmeRegionCode: unit.programmeRegionCode,
        validFrom: unit.validFrom,
        validAt: unit.validFrom,
        source: unit.source,
      },
    };
    events.push(event);
    current = evolveAdministrativeUnits(current, event);
  }
  return events;
}

function reassign(
  command: ReassignAdministrativeUnit,
  state: AdministrativeUnitsState,
): AdministrativeUnitEvent[] {
  const what = `unit ${command.previousCode}`;
  checkDate(command.validFrom, 'validFrom');
  if (command.reason.trim() === '')
    refuse('INVALID_UNIT', `${what}: a reassignment needs its reason`);
  const unit = state.units.get(command.previousCode);
  if (!unit) {
    return refuse(
      'UNIT_NOT_FOUND',
      state.codesEverUsed.has(command.previousCode)
        ? `${what}: the code was superseded; reassign the unit by its code now`
        : `${what} is not a unit`,
    );
  }
  checkCode(command.code, command.source, 'code');
  if (command.code !== command.previousCode && state.codesEverUsed.has(command.code)) {
    refuse('DUPLICATE_UNIT_CODE', `${what}: code ${command.code} is already given to a unit`);
  }
  if (command.validFrom <= unit.establishedOn) {
    refuse(
      'REASSIGNMENT_BEFORE_ESTABLISHMENT',
      `${what}: ${command.validFrom} is not after the unit is held (${unit.establishedOn})`,
    );
  }
  if (command.validFrom <= unit.lastChangeOn) {
    refuse(
      'REASSIGNMENT_OUT_OF_ORDER',
      `${what}: changes are recorded in the order they took effect, and it last changed on ${unit.lastChangeOn}`,
    );
  }
  if (unit.parentCode === command.toParentCode) {
    refuse('SAME_PARENT', `${what} already stands under ${command.toParentCode}`);
  }
  checkParent(
    unit.level,
    state.units.get(command.toParentCode),
    command.toParentCode,
    command.validFrom,
    what,
  );
  if (unit.parentCode === null) {
    return refuse('UNKNOWN_PARENT', `${what} stands under no unit: nothing to move it from`);
  }
  return [
    {
      type: 'AdministrativeUnitReassigned',
      data: {
        code: command.code,
        previousCode: command.previousCode,
        fromParentCode: unit.parentCode,
        toParentCode: command.toParentCode,
        validFrom: command.validFrom,
        validAt: command.validFrom,
        reason: command.reason,
        source: command.source,
      },
    },
  ];
}

export function decideAdministrativeUnits(
  command: AdministrativeUnitCommand,
  state: AdministrativeUnitsState,
): AdministrativeUnitEvent[] {
  switch (command.type) {
    case 'EstablishAdministrativeUnits':
      return establish(command, state);
    case 'ReassignAdministrativeUnit':
      return reassign(command, state);
    default:
      return assertNever(command);
  }
}

export function evolveAdministrativeUnits(
  state: AdministrativeUnitsState,
  event: AdministrativeUnitEvent,
): AdministrativeUnitsState {
  switch (event.type) {
    case 'AdministrativeUnitEstablished': {
      const units = new Map(state.units);
      units.set(event.data.code, {
        code: event.data.code,
        level: event.data.level,
        parentCode: event.data.parentCode,
        establishedOn: event.data.validFrom,
        lastChangeOn: event.data.validFrom,
      });
      return { units, codesEverUsed: new Set([...state.codesEverUsed, event.data.code]) };
    }
    case 'AdministrativeUnitReassigned': {
      const before = state.units.get(event.data.previousCode);
      if (!before) return state;
      const units = new Map(state.units);
      units.delete(event.data.previousCode);
      units.set(event.data.code, {
        ...before,
        code: event.data.code,
        parentCode: event.data.toParentCode,
        lastChangeOn: event.data.validFrom,
      });
      return { units, codesEverUsed: new Set([...state.codesEverUsed, event.data.code]) };
    }
    default:
      return assertNever(event);
  }
}

export const administrativeUnitsDecider: Decider<
  AdministrativeUnitCommand,
  AdministrativeUnitEvent,
  AdministrativeUnitsState
> = {
  decide: decideAdministrativeUnits,
  evolve: evolveAdministrativeUnits,
  initialState: initialAdministrativeUnitsState,
};
