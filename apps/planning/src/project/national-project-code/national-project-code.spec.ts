import { InvalidCommandError } from '@ledger/domain-kernel';
import { nationalProjectCodeParts, parseNationalProjectCode } from './national-project-code';

/** The published format (发改投资〔2020〕1439号, GB/T 40058-2021): see national-project-code.ts. */
describe('the national unified project code (全国投资项目在线审批监管平台 项目代码)', () => {
  const refused = (code: string): string => {
    try {
      parseNationalProjectCode(code);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCommandError);
      return (error as Error).message;
    }
    throw new Error(`${code} was accepted`);
  };

  it('given a code of the published shape, when parsed, then its five segments are read', () => {
    expect(nationalProjectCodeParts('2020-220100-48-01-012345')).toEqual({
      year: 2020,
      regionCode: '220100',
      departmentCode: '48',
      projectTypeCode: '01',
      randomCode: '01234',
      checkCharacter: '5',
    });
  });

  it('given a letter as check character, when parsed, then it is accepted and upper-cased', () => {
    expect(parseNationalProjectCode(' 2021-220000-04-01-10203x ')).toBe('2021-220000-04-01-10203X');
  });

  it('given the wrong length, when parsed, then it is refused saying 24 characters', () => {
    expect(refused('2020-220100-48-01-01234')).toMatch(/24 characters.*has 23/);
    expect(refused('')).toMatch(/24 characters/);
  });

  it('given 24 characters in the wrong layout, when parsed, then it is refused', () => {
    expect(refused('2020220100-48-01-0123456')).toMatch(/joined by "-"/);
    expect(refused('2020-2201-0048-01-012345')).toMatch(/joined by "-"/);
    expect(refused('2020-220100-4A-01-012345')).toMatch(/joined by "-"/);
    expect(refused('2020-220100-48-01-A12345')).toMatch(/joined by "-"/);
  });

  it('given a year before the platform, when parsed, then it is refused', () => {
    expect(refused('2014-220100-48-01-012345')).toMatch(/2014/);
  });

  it('given a region that is no GB/T 2260 province, when parsed, then it is refused', () => {
    expect(refused('2020-990100-48-01-012345')).toMatch(/province code/);
  });

  it('given 00 as department or type code, when parsed, then it is refused', () => {
    expect(refused('2020-220100-00-01-012345')).toMatch(/never 00/);
    expect(refused('2020-220100-48-00-012345')).toMatch(/never 00/);
  });
});
