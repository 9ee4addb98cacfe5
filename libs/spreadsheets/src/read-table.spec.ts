import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { readTable } from './read-table';
import { TableSpec } from './table-spec';
import { WorkbookRefusedError } from './workbook-refused';
import { buildResultWorkbook, buildTemplate } from './write-workbooks';
import { handWrittenWorkbook, handWrittenZip, sheetXml } from './testing/hand-written-zip';

type Key = 'name' | 'amount' | 'start' | 'month' | 'flag';

const SPEC: TableSpec<Key> = {
  sheetName: '记录',
  maxDataRows: 10_000,
  columns: [
    { key: 'name', headerZh: '名称', headerEn: 'name', type: 'text', required: true, note: '' },
    {
      key: 'amount',
      headerZh: '金额',
      headerEn: 'amount',
      type: 'money',
      required: true,
      note: '',
    },
    { key: 'start', headerZh: '日期', headerEn: 'start', type: 'date', required: true, note: '' },
    { key: 'month', headerZh: '月份', headerEn: 'month', type: 'month', required: false, note: '' },
    { key: 'flag', headerZh: '标记', headerEn: 'flag', type: 'boolean', required: false, note: '' },
  ],
};
const HEADERS = [SPEC.columns.map((c) => c.headerZh), SPEC.columns.map((c) => c.headerEn)];

async function refusal(file: Buffer): Promise<WorkbookRefusedError> {
  try {
    await readTable(file, SPEC);
  } catch (error) {
    if (error instanceof WorkbookRefusedError) return error;
    throw error;
  }
  throw new Error('the file was read');
}

/** A workbook written by exceljs from the template, with these rows below the headers. */
async function filledTemplate(
  rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>,
  edit?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(
    (await buildTemplate(SPEC, { readme: ['测试'], lists: {} })) as unknown as Parameters<
      typeof workbook.xlsx.load
    >[0],
    // Rewriting the template's validations cell by cell is exceljs's slow part, not ours.
    { ignoreNodes: ['dataValidations'] },
  );
  const sheet = workbook.getWorksheet(SPEC.sheetName)!;
  rows.forEach((cells, i) => {
    cells.forEach((value, j) => (sheet.getCell(i + 3, j + 1).value = value));
  });
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readTable: the template, filled', () => {
  it('maps headers to fields and gives each value in canonical form, with its cell', async () => {
    const file = await filledTemplate([
      ['长春数据中心', '1250000.50', new Date(Date.UTC(2020, 5, 1)), '2020-06', '是'],
      ['', '', '', '', ''],
      ['吉林充电站', 300000, '2021-03-15', '2021-03', false],
    ]);
    const { rows } = await readTable(file, SPEC);
    expect(rows.map((r) => [r.row, r.values, r.problems])).toEqual([
      [
        3,
        {
          name: '长春数据中心',
          amount: '1250000.50',
          start: '2020-06-01',
          month: '2020-06',
          flag: 'true',
        },
        [],
      ],
      [
        5,
        {
          name: '吉林充电站',
          amount: '300000',
          start: '2021-03-15',
          month: '2021-03',
          flag: 'false',
        },
        [],
      ],
    ]);
    expect(rows[1]!.cellOf('amount')).toBe('B5');
  });

  it('refuses a cell of the wrong type in its row, naming the cell; binary money that is not exact to 2 decimals is refused, never rounded', async () => {
    const file = await filledTemplate([
      ['甲', 1234.567, '2020-01-01', null, 'maybe'],
      ['乙', true, new Date(Date.UTC(2020, 0, 1)), 202006, null],
      ['丙', 0.1 + 0.2, '2020-01-01', null, null],
      [null, '5.00', '2020-01-01', null, null],
    ]);
    const { rows } = await readTable(file, SPEC);
    expect(rows.map((r) => r.problems.map((p) => [p.cell, p.column]))).toEqual([
      [
        ['B3', 'amount'],
        ['E3', 'flag'],
      ],
      [
        ['B4', 'amount'],
        ['D4', 'month'],
      ],
      [['B5', 'amount']],
      [['A6', 'name']],
    ]);
    expect(rows[0]!.problems[0]!.message).toContain('not an amount exact to 2 decimals');
    expect(rows[2]!.problems[0]!.message).toContain('0.30000000000000004');
    expect(rows[3]!.problems[0]!.message).toContain('required');
  });

  it('refuses a formula, naming its cell, before building the workbook', async () => {
    const file = await filledTemplate([
      ['甲', { formula: '1+1', result: 2 }, '2020-01-01', null, null],
    ]);
    const error = await refusal(file);
    expect(error.reason).toBe('formula');
    expect(error.message).toContain('cell B3');
  });

  it('refuses merged cells', async () => {
    const file = await filledTemplate([['甲', '1.00', '2020-01-01', null, null]], (sheet) =>
      sheet.mergeCells('A3:B3'),
    );
    const error = await refusal(file);
    expect(error.reason).toBe('merged-cells');
    expect(error.message).toContain('A3:B3');
  });

  it('refuses a sheet that is not the template', async () => {
    const other = handWrittenWorkbook(
      SPEC.sheetName,
      sheetXml([
        ['名称', '数额', '日期'],
        ['name', 'amount', 'start'],
        ['甲', '1', '2020-01-01'],
      ]),
    );
    const error = await refusal(other);
    expect(error.reason).toBe('not-the-template');
    expect(error.message).toContain('B1 "数额"');
    expect(error.message).toContain('金额 (amount)');
    const noSheet = handWrittenWorkbook('Sheet1', sheetXml(HEADERS));
    expect((await refusal(noSheet)).reason).toBe('not-the-template');
  });
});

describe('readTable: hostile files', () => {
  it('refuses what is not a zip, and a zip that is no workbook', async () => {
    expect((await refusal(Buffer.from('名称,金额\n甲,1\n'))).reason).toBe('not-a-zip');
    expect((await refusal(Buffer.alloc(0))).reason).toBe('not-a-zip');
    const zip = handWrittenZip([{ name: 'hello.txt', data: 'hello' }]);
    expect((await refusal(zip)).reason).toBe('not-a-workbook');
    // A zip cut short: its end record is gone.
    const cut = handWrittenWorkbook(SPEC.sheetName, sheetXml(HEADERS)).subarray(0, 200);
    expect((await refusal(cut)).reason).toBe('not-a-zip');
  });

  it('refuses a million rows after reading ten thousand of them, never the whole sheet', async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 1_000_000; r++)
      rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    const xml = Buffer.from(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
    const file = handWrittenWorkbook(SPEC.sheetName, {
      name: 'xl/worksheets/sheet1.xml',
      data: xml,
    });
    const error = await refusal(file);
    expect(error.reason).toBe('too-many-rows');
    expect(error.message).toContain('at most 10000 data rows');
  });

  it('stops at the row limit: what follows it is never inflated', async () => {
    // 20,000 real rows, then bytes that are no deflate data at all, in a sheet declaring the
    // size of a million rows: a reader that went on would fail on them, not count rows.
    const rows: string[] = [];
    for (let r = 1; r <= 20_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c></row>`);
    const head = deflateRawSync(
      Buffer.from(
        `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}`,
      ),
      { finishFlush: constants.Z_SYNC_FLUSH },
    );
    const garbage = Buffer.alloc(400_000, 0xff);
    const file = handWrittenWorkbook(SPEC.sheetName, {
      name: 'xl/worksheets/sheet1.xml',
      data: '',
      deflated: { bytes: Buffer.concat([head, garbage]), size: 45_000_000, crc: 0 },
    });
    expect((await refusal(file)).reason).toBe('too-many-rows');
  });

  describe('zip bombs', () => {
    const zeros = Buffer.alloc(60 * 1024 * 1024);
    const deflated = { bytes: deflateRawSync(zeros), size: zeros.length, crc: crc32(zeros) };
    const sheetWith = (entry: Partial<Parameters<typeof handWrittenZip>[0][number]>): Buffer =>
      handWrittenWorkbook(SPEC.sheetName, sheetXml(HEADERS), [
        { name: 'xl/media/image1.bin', data: Buffer.alloc(0), ...entry },
      ]);

    it('refuses on the declared compression ratio, before inflating', async () => {
      const error = await refusal(sheetWith({ deflated }));
      expect(error.reason).toBe('zip-limits');
      expect(error.message).toMatch(/compression ratio of \d+:1/);
    });

    it('refuses on the declared size, before inflating', async () => {
      const error = await refusal(sheetWith({ deflated, declaredSize: 0xfffffff0 }));
      expect(error.reason).toBe('zip-limits');
      expect(error.message).toContain('declares 4294967280 bytes uncompressed');
    });

    it('stops an entry that inflates to more than it declared', async () => {
      const error = await refusal(sheetWith({ deflated, declaredSize: 1000 }));
      expect(error.reason).toBe('zip-limits');
      expect(error.message).toContain('inflates to more than the 1000 bytes it declares');
      // The same lie in a worksheet, streamed.
      const sheet = Buffer.from(
        sheetXml([...HEADERS, ...Array.from({ length: 5000 }, () => ['甲', '1.00', '2020-01-01'])]),
      );
      const lying = handWrittenWorkbook(SPEC.sheetName, {
        name: 'xl/worksheets/sheet1.xml',
        data: sheet,
        declaredSize: 2048,
      });
      expect((await refusal(lying)).message).toContain('inflates to more than');
    });

    it('refuses too many entries', async () => {
      const many = Array.from({ length: 300 }, (_, i) => ({
        name: `xl/media/${i}.bin`,
        data: 'x',
      }));
      const error = await refusal(handWrittenWorkbook(SPEC.sheetName, sheetXml(HEADERS), many));
      expect(error.message).toContain('305 entries');
    });
  });
});

describe('readTable: files written by other programs', () => {
  it('reads a hand-written OOXML workbook (inline strings, no styles, numbers as numbers)', async () => {
    const file = handWrittenWorkbook(
      SPEC.sheetName,
      sheetXml([
        ...HEADERS,
        ['四平光伏', 880000.25, '2020-09-30', '2020-09', '否'],
        ['辽源热网', '1.00', 44105, null, null],
      ]),
    );
    const { rows } = await readTable(file, SPEC);
    expect(rows).toHaveLength(2);
    // A number in a date column of a sheet without styles is no date: refused, with its cell.
    expect(rows[1]!.problems.map((p) => p.cell)).toEqual(['C4']);
    expect(rows[1]!.problems[0]!.message).toContain('not a date');
    expect(rows[0]!.values).toEqual({
      name: '四平光伏',
      amount: '880000.25',
      start: '2020-09-30',
      month: '2020-09',
      flag: 'false',
    });
  });

  it('reads a workbook written by openpyxl (Debian python3-openpyxl), dates as dates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openpyxl-'));
    try {
      const out = join(dir, 'filled.xlsx');
      const script = `
import datetime, json, sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = ${JSON.stringify(SPEC.sheetName)}
for row in json.loads(sys.argv[2]):
    ws.append(row)
ws.append(["白城风电", "2500000.00", datetime.datetime(2021, 4, 1), "2021-04", "是"])
ws.append(["松原储能", 12.5, datetime.date(2021, 5, 6), None, None])
wb.save(sys.argv[1])
`;
      writeFileSync(join(dir, 'write.py'), script);
      execFileSync('/usr/bin/python3', [join(dir, 'write.py'), out, JSON.stringify(HEADERS)]);
      const { rows } = await readTable(readFileSync(out), SPEC);
      expect(rows.map((r) => [r.row, r.values, r.problems])).toEqual([
        [
          3,
          {
            name: '白城风电',
            amount: '2500000.00',
            start: '2021-04-01',
            month: '2021-04',
            flag: 'true',
          },
          [],
        ],
        [4, { name: '松原储能', amount: '12.5', start: '2021-05-06' }, []],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the workbooks written', () => {
  it('the template has its README, its two header rows and data validation on the data rows', async () => {
    const file = await buildTemplate(SPEC, {
      readme: ['测试模板', 'a test template'],
      lists: { name: { title: '名称', entries: [{ code: 'a', nameZh: '甲' }] } },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['说明', '记录', '代码表']);
    const sheet = workbook.getWorksheet('记录')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADERS[0]!]);
    expect(sheet.getRow(2).values).toEqual([undefined, ...HEADERS[1]!]);
    const validations = (
      sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
    ).dataValidations.model;
    expect(validations['A10002']).toMatchObject({ type: 'list', formulae: ["'代码表'!$A$2:$A$2"] });
    expect(validations['C3']).toMatchObject({ type: 'date' });
    expect(validations['A10003']).toBeUndefined();
    // The empty template reads as no rows.
    expect((await readTable(file, SPEC)).rows).toEqual([]);
  });

  it('the result workbook has a row per record', async () => {
    const file = await buildResultWorkbook(
      '导入结果',
      [
        { row: 3, outcome: 'RECORDED', code: null, message: null, cell: null, subject: 'p-1' },
        {
          row: 4,
          outcome: 'REFUSED',
          code: 'BAD_USER_INPUT',
          message: 'bad',
          cell: 'D4',
          subject: null,
        },
      ],
      '项目编号 projectId',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(5).values).toEqual([
      undefined,
      4,
      'REFUSED',
      'BAD_USER_INPUT',
      'D4',
      'bad',
    ]);
  });
});
