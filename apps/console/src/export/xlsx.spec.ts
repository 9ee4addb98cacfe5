import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { columnName, columnWidth, safeSheetName, toXlsx, xmlText } from './xlsx';

/** Read back with exceljs: another library than the writer, as a spreadsheet program would. */
async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

const HEADER = ['网络', '计划投资（元）', '备注', 'Change'];
const ROWS = [
  ['智能信息网', '1096200000000.00', '总投资10962亿元', '-0.01'],
  ['=1+1', '0.00', '+86 431', '@SUM(A1)'],
  ['<b>&amp;</b> "quoted"', '00012', '  leading and trailing  ', '1E5'],
  ['TRUE', '2021-06', '第23行：总投资10962亿元', '12.50%'],
  ['𠀋 outside the BMP', '-1096200000000.99', 'line one\nline two', '_x_not_an_escape'],
];
const NUMERIC = [false, true, false, true];

describe('toXlsx', () => {
  it('writes a workbook whose every cell reads back as the exact string given, never a number or formula', async () => {
    const workbook = await readBack(toXlsx('进度:2021/06?[全省]*', HEADER, ROWS, NUMERIC));
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('进度_2021_06__全省__');
    const expected = [HEADER, ...ROWS];
    expect(sheet.rowCount).toBe(expected.length);
    expected.forEach((row, r) => {
      expect(sheet.getRow(r + 1).cellCount).toBe(row.length);
      row.forEach((text, c) => {
        const cell = sheet.getCell(r + 1, c + 1);
        expect({ at: cell.address, type: cell.type, value: cell.value }).toEqual({
          at: cell.address,
          type: ExcelJS.ValueType.String,
          value: text,
        });
        expect(typeof cell.value).toBe('string');
        expect(cell.formula).toBeUndefined();
        expect(cell.text).toBe(text);
      });
    });
  });

  it('makes the header row bold and frozen, right-aligns numeric columns and sizes the columns', async () => {
    const sheet = (await readBack(toXlsx('progress', HEADER, ROWS, NUMERIC))).worksheets[0]!;
    HEADER.forEach((_, c) => {
      const head = sheet.getCell(1, c + 1);
      expect(head.font?.bold).toBe(true);
      expect(head.alignment?.horizontal).toBe(NUMERIC[c] ? 'right' : undefined);
      const body = sheet.getCell(2, c + 1);
      expect(body.font?.bold).not.toBe(true);
      expect(body.alignment?.horizontal).toBe(NUMERIC[c] ? 'right' : undefined);
      expect(body.numFmt).toBe('@');
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
    // 智能信息网 is five wide characters: 10 units, plus 2 of padding; the amount column is
    // as wide as "-1096200000000.99".
    expect(sheet.getColumn(1).width).toBe(columnWidth(ROWS.map((r) => r[0]!).concat(HEADER[0]!)));
    expect(sheet.getColumn(2).width).toBe('-1096200000000.99'.length + 2);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(12);
  });

  it('keeps money text exact through a round trip where a number cell would not', async () => {
    const amounts = ['1096200000000.00', '-0.01', '0.10', '9007199254740993.00', '123456789012.34'];
    const sheet = (
      await readBack(
        toXlsx(
          'amounts',
          ['金额'],
          amounts.map((a) => [a]),
          [true],
        ),
      )
    ).worksheets[0]!;
    amounts.forEach((amount, i) => expect(sheet.getCell(i + 2, 1).value).toBe(amount));
    // What a double would have made of one of them: the reason every cell is a string.
    expect(String(Number('9007199254740993.00'))).not.toBe('9007199254740993');
  });

  it('writes columns past Z, empty tables and empty cells', async () => {
    const wide = Array.from({ length: 30 }, (_, i) => `列${i + 1}`);
    const sheet = (
      await readBack(
        toXlsx(
          'wide',
          wide,
          [wide.map((_, i) => (i === 3 ? '' : String(i)))],
          wide.map(() => false),
        ),
      )
    ).worksheets[0]!;
    expect(sheet.getCell('AD1').value).toBe('列30');
    expect(sheet.getCell('AD2').value).toBe('29');
    // An empty string is an empty cell to exceljs; its text is still empty, never a number.
    expect(sheet.getCell('D2').text).toBe('');
    expect(sheet.getCell('D2').type).not.toBe(ExcelJS.ValueType.Number);

    const empty = (await readBack(toXlsx('empty', ['a', 'b'], [], [false, true]))).worksheets[0]!;
    expect(empty.rowCount).toBe(1);
    expect(empty.getCell('B1').value).toBe('b');
  });

  it('is a zip of the parts a spreadsheet package needs, every cell an inline string', () => {
    const parts = unzipSync(toXlsx('s', HEADER, ROWS, NUMERIC));
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    const cells = sheet.match(/<c /g) ?? [];
    const inline = sheet.match(/<c [^>]*t="inlineStr"/g) ?? [];
    expect(cells.length).toBe((ROWS.length + 1) * HEADER.length);
    expect(inline.length).toBe(cells.length);
    expect(sheet).not.toMatch(/<f>|<v>/);
    expect(sheet).toContain('<dimension ref="A1:D6"/>');
  });
});

describe('safeSheetName', () => {
  it.each([
    ['progress-by-network-2021-06', 'progress-by-network-2021-06'],
    ['a:b\\c/d?e*f[g]h', 'a_b_c_d_e_f_g_h'],
    ["'quoted'", 'quoted'],
    ['', 'Sheet1'],
    ['   ', 'Sheet1'],
    ['History', 'Sheet1'],
    ['history', 'Sheet1'],
    ['x'.repeat(40), 'x'.repeat(31)],
    ['各地区进度'.repeat(8), '各地区进度'.repeat(6) + '各'],
    ['𠀋'.repeat(40), '𠀋'.repeat(15)],
    ['tab\there', 'tab here'],
  ])('%j -> %j', (name, safe) => {
    expect(safeSheetName(name)).toBe(safe);
    expect(safeSheetName(name).length).toBeLessThanOrEqual(31);
  });
});

describe('xmlText and columns', () => {
  it('escapes markup, controls, lone surrogates and literal _xHHHH_ escapes', () => {
    expect(xmlText('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(xmlText('a\u000bb\u0000')).toBe('a_x000B_b_x0000_');
    expect(xmlText('tab\tnew\nline\r')).toBe('tab\tnew\nline\r');
    // Excel reads _xHHHH_ as an escaped character (ECMA-376 ST_Xstring), so a literal one is
    // escaped itself; exceljs does not decode these, so the round trip above avoids them.
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(xmlText('bad \ud800 pair')).toBe('bad \ufffd pair');
    expect(xmlText('𠀋')).toBe('𠀋');
  });

  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });

  it('counts wide characters twice and keeps widths between 6 and 80', () => {
    expect(columnWidth(['ab'])).toBe(6);
    expect(columnWidth(['总投资10962亿元'])).toBe(5 * 2 + 5 + 2);
    expect(columnWidth(['x'.repeat(200)])).toBe(80);
  });
});
