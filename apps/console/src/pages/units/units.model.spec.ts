import { describe, expect, it } from '@jest/globals';
import { parseDay, unitRows } from './units.model';
import type { AdministrativeUnit } from './units.queries';

const unit = (code: string, nameZh: string, parentCode: string | null, level = 'county') =>
  ({
    code,
    nameZh,
    level,
    parentCode,
    programmeRegionCode: null,
    validFrom: '2020-01-01',
    validTo: null,
    gbt2260: /^\d{6}$/.test(code),
    source: { kind: 'package', summary: 'GB/T 2260' },
  }) as AdministrativeUnit;

describe('units page model', () => {
  it('places each unit under the prefecture that administered it that day, functional areas last', () => {
    const rows = unitRows([
      unit('220100', '长春市', null, 'prefecture'),
      unit('220102', '南关区', '220100'),
      unit('220184', '公主岭市', '220100'),
      unit('220300', '四平市', null, 'prefecture'),
      unit('220382', '双辽市', '220300'),
      unit('ledger:changbaishan', '长白山管委会', null, 'functional-area'),
    ]);
    expect(rows.map((r) => [r.code, r.parentName])).toEqual([
      ['220100', null],
      ['220102', '长春市'],
      ['220184', '长春市'],
      ['220300', null],
      ['220382', '四平市'],
      ['ledger:changbaishan', null],
    ]);
  });

  it('keeps a unit whose parent is not in the answer, naming the parent by code', () => {
    expect(unitRows([unit('220382', '双辽市', '220300')]).map((r) => r.parentName)).toEqual([
      '220300',
    ]);
  });

  it('takes a day from the URL only as YYYY-MM-DD', () => {
    expect(parseDay('2020-06-18')).toBe('2020-06-18');
    expect(parseDay('June 2020')).toBeNull();
    expect(parseDay(null)).toBeNull();
  });
});
