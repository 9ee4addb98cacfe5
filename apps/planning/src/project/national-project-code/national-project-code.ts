import { Branded, InvalidCommandError } from '@ledger/domain-kernel';

/**
 * The national unified project code (全国投资项目在线审批监管平台 项目代码).
 *
 * The rule implemented (what could be confirmed, with where):
 * - 发改投资〔2020〕1439号《固定资产投资项目代码管理规范》(NDRC and 17 departments, in force
 *   from 2020-11-01, switched over province by province), as a provincial DRC restates it
 *   (湖北省发改委办公室, 2021-01-18): "项目代码由4位时间代码、6位地区代码、2位中央业务指导
 *   部门代码、2位项目类型代码、5位随机码和1位校验码共5段依次组成;每段代码之间由短横线“-”
 *   连接,共24位".
 * - GB/T 40058-2021《全国固定资产投资项目代码编码规范》(published 2021-04-30, in force
 *   2021-08-01) made that structure a national standard; NDRC's explanation of it: "项目代码
 *   共24位,由4位时间代码,6位地区代码,2位中央业务指导部门代码,2位项目类型代码,5位随机码
 *   和1位校验码,5段依次组成".
 *
 * So: YYYY-RRRRRR-DD-TT-NNNNNC, 20 characters in 5 segments joined by 4 hyphens.
 *
 * What this could NOT confirm (so does not check): the check character's algorithm and
 * alphabet (a digit or an upper-case letter is accepted); the lists of department codes and
 * of project-type codes (any two digits are accepted); which GB/T 2260 codes the region part
 * may take beyond a real province prefix; and the exact layout of codes assigned before the
 * 2020 reform (the 2016 platform's codes have the same 4-6-2-2-6 shape as far as could be
 * seen, and pass the same check). The 761 plan is of April 2020, so most of its projects
 * carry pre-reform codes.
 */
export type NationalProjectCode = Branded<string, 'NationalProjectCode'>;

/** The province-level prefixes of GB/T 2260 (two digits), and 00 for none. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64',
  '65', '71', '81', '82',
]); // prettier-ignore

const SHAPE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{5})([0-9A-Z])$/;

export interface NationalProjectCodeParts {
  year: number;
  regionCode: string;
  departmentCode: string;
  projectTypeCode: string;
  randomCode: string;
  checkCharacter: string;
}

/** The parts of a well-formed code, or why it is not one (a sentence a person can act on). */
export function nationalProjectCodeParts(text: string): NationalProjectCodeParts | string {
  if (text.length !== 24) {
    return `a national project code has 24 characters (e.g. 2020-220100-48-01-012345); this one has ${text.length}`;
  }
  const match = SHAPE.exec(text);
  if (!match) {
    return 'a national project code is 4 digits (year), 6 (region), 2 (department), 2 (project type) and 5 digits plus a check character, joined by "-" (e.g. 2020-220100-48-01-012345)';
  }
  const [, year, region, department, type, random, check] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const y = Number(year);
  if (y < 2015 || y > 2100) {
    return `the time code ${year} is not a year of the national platform (set up under 发改电〔2015〕501号: no code is older than 2015)`;
  }
  if (!PROVINCES.has(region.slice(0, 2))) {
    return `the region code ${region} does not start with a GB/T 2260 province code`;
  }
  if (department === '00' || type === '00') {
    return 'the department and project-type codes are never 00';
  }
  return {
    year: y,
    regionCode: region,
    departmentCode: department,
    projectTypeCode: type,
    randomCode: random,
    checkCharacter: check,
  };
}

/** The edge's parse: trimmed, upper-cased check character, refused with the field named. */
export function parseNationalProjectCode(
  value: string | null | undefined,
  field = 'code',
): NationalProjectCode {
  const text = (value ?? '').trim().toUpperCase();
  const parts = nationalProjectCodeParts(text);
  if (typeof parts === 'string') throw new InvalidCommandError(field, `${field}: ${parts}`);
  return text as NationalProjectCode;
}
