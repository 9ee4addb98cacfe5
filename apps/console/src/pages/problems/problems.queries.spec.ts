import { describe, expect, it } from '@jest/globals';
import { parseStatus, unitNamer } from './problems.queries';

describe('the problems page helpers', () => {
  it('takes a status from the URL only when it is one of the API enum', () => {
    expect(parseStatus('ASSIGNED')).toBe('ASSIGNED');
    expect(parseStatus('assigned')).toBeNull();
    expect(parseStatus(null)).toBeNull();
  });

  it("names a unit from the plan's regions and departments, else shows its code", () => {
    const name = unitNamer(
      {
        regions: [{ code: 'changchun', nameZh: '长春市', nameEn: 'Changchun' }],
        departments: [
          {
            code: 'natural-resources-department',
            nameZh: '省自然资源厅',
            nameEn: 'Natural Resources',
          },
        ],
      },
      false,
    );
    expect(name('changchun')).toBe('长春市');
    expect(name('natural-resources-department')).toBe('省自然资源厅');
    expect(name('provincial-drc')).toBe('provincial-drc');
  });
});
