import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { heatingProjectApproval } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { columnOf, fillTemplate, resultRows } from './workbook-fill';
import { appendedSince } from '../support/appended-since';

const ROOT = join(__dirname, '..', '..');
const ROWS = 'recorded replayed refused rows { row outcome code message cell projectId }';
const IMPORT_LIBRARY = `mutation($workbook: String!) { importProjectLibraryWorkbook(workbook: $workbook) { ${ROWS} report { fileName mediaType base64 } } }`;
const IMPORT_REPORTS = `mutation($workbook: String!) { importDispatchReportWorkbook(workbook: $workbook) { ${ROWS} report { fileName mediaType base64 } } }`;
const REPORTER = { role: 'region' as const, region: 'changchun' };

interface Row {
  row: number;
  outcome: string;
  code: string | null;
  message: string | null;
  cell: string | null;
  projectId: string | null;
}
interface Imported {
  recorded: number;
  replayed: number;
  refused: number;
  rows: Row[];
  report: { fileName: string; mediaType: string; base64: string };
}

/** `npm run xlsx` as a user runs it: its own process, the public endpoint, a token. */
function xlsx(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'apps/xlsx-cli/src/cli.ts'), ...args],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const postgresUp = requirePostgres('workbook import e2e on PostgreSQL');

(postgresUp ? describe : describe.skip)('workbooks in and out (PostgreSQL)', () => {
  let running: RunningApp;
  let store: EventStore;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-xlsx-'));
  const a = `xlsx-a-${process.pid}`;
  let libraryTemplate: Buffer;

  beforeAll(async () => {
    const schema = uniqueSchemaName('xlsx');
    running = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: `${schema}_store`,
        poolSize: 10,
      },
      schema,
      clock: new FixedClock('2021-06-03' as LocalDate),
    });
    store = running.app.get<EventStore>(EVENT_STORE);
    const template = await running.graphql<{ projectLibraryTemplate: Imported['report'] }>(
      'query { projectLibraryTemplate { fileName mediaType base64 } }',
    );
    expect(template.errors).toBeUndefined();
    libraryTemplate = Buffer.from(template.data!.projectLibraryTemplate.base64, 'base64');
  }, 180_000);

  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const recordedSince = (head: bigint | null): Promise<string[]> => appendedSince(store, head);

  const importLibrary = async (file: Buffer) =>
    running.graphql<{ importProjectLibraryWorkbook: Imported }>(IMPORT_LIBRARY, {
      workbook: file.toString('base64'),
    });

  const heating = (extra: Record<string, unknown>) => ({
    项目名称: '长春市供热管网改造工程',
    所属网络: 'municipal',
    项目类别: 'heating',
    所在地区: 'changchun',
    项目单位: '长春热力集团',
    建设性质: '改建',
    计划开工日期: new Date(Date.UTC(2021, 0, 1)),
    计划完工日期: '2021-12-31',
    ...extra,
  });

  it('a filled project library: a result per row with the cell of each refusal, and the report as an xlsx', async () => {
    const file = await fillTemplate(libraryTemplate, '项目库', [
      heating({
        项目编号: a,
        '计划总投资（元）': '1200000.00',
        '资金来源：专项债券（元）': '1200000.00',
        '2021年计划投资（元）': '1200000.00',
      }),
      heating({ 项目名称: '长春市供热二期', '计划总投资（元）': 880000.5 }),
      heating({
        项目名称: '长春市供热三期',
        '计划总投资（元）': '1000000.00',
        '资金来源：专项债券（元）': '900000.00',
      }),
      heating({ 项目名称: '长春市供热四期', '计划总投资（元）': 1234.567 }),
      heating({ 项目名称: '长春市供热五期', '计划总投资（元）': '5.00', 所在地区: 'atlantis' }),
    ]);
    const total = await columnOf(libraryTemplate, '项目库', '计划总投资（元）');
    const region = await columnOf(libraryTemplate, '项目库', '所在地区');
    const head = await store.headPosition();
    const answer = await importLibrary(file);
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.importProjectLibraryWorkbook;
    expect(result.rows.map((r) => [r.row, r.outcome, r.code, r.cell])).toEqual([
      [3, 'RECORDED', null, null],
      [4, 'RECORDED', null, null],
      [5, 'REFUSED', 'RULE_VIOLATED', `${total}5`],
      [6, 'REFUSED', 'BAD_USER_INPUT', `${total}6`],
      [7, 'REFUSED', 'BAD_USER_INPUT', `${region}7`],
    ]);
    expect([result.recorded, result.replayed, result.refused]).toEqual([2, 0, 3]);
    expect(result.rows[0]!.projectId).toBe(a);
    expect(result.rows[1]!.projectId).toMatch(/^prj-[0-9a-f]{20}$/);
    expect(result.rows[3]!.message).toContain('not an amount exact to 2 decimals');
    expect(result.rows[4]!.message).toContain('"atlantis" is not a region');

    const stored = await store.readStream(`project-${a}`);
    expect(stored.map((e) => e.type)).toEqual(['ProjectProposed']);
    expect(stored[0]!.data).toMatchObject({
      plannedTotalInvestment: '1200000.00',
      fundingPlan: [{ source: 'special_bonds', amount: '1200000.00' }],
      plannedStart: '2021-01-01',
    });
    const second = await store.readStream(`project-${result.rows[1]!.projectId!}`);
    expect(second[0]!.data).toMatchObject({ plannedTotalInvestment: '880000.50' });
    // Two proposals recorded, one event each: nothing of the refused rows.
    expect(await recordedSince(head)).toEqual([
      `project-${a} ProjectProposed`,
      `project-${result.rows[1]!.projectId!} ProjectProposed`,
    ]);

    expect(result.report.mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const report = await resultRows(Buffer.from(result.report.base64, 'base64'));
    expect(report.map((r) => [r[0], r[1], r[3] ?? null])).toEqual([
      [3, 'RECORDED', null],
      [4, 'RECORDED', null],
      [5, 'REFUSED', `${total}5`],
      [6, 'REFUSED', `${total}6`],
      [7, 'REFUSED', `${region}7`],
    ]);

    // The same file again: nothing new is recorded.
    const before = await store.headPosition();
    const again = (await importLibrary(file)).data!.importProjectLibraryWorkbook;
    expect(again.rows.map((r) => r.outcome)).toEqual([
      'REPLAYED',
      'REPLAYED',
      'REFUSED',
      'REFUSED',
      'REFUSED',
    ]);
    expect(await recordedSince(before)).toEqual([]);
  });

  it('a hostile file records nothing and says why', async () => {
    const row = heating({ 项目名称: '长春市供热六期', '计划总投资（元）': '5.00' });
    const formula = await fillTemplate(libraryTemplate, '项目库', [row], (sheet) => {
      sheet.getCell('H3').value = { formula: '2+3', result: 5 };
    });
    const merged = await fillTemplate(libraryTemplate, '项目库', [row], (sheet) =>
      sheet.mergeCells('B3:C3'),
    );
    const head = await store.headPosition();
    const cases: Array<[Buffer, string]> = [
      [formula, 'formula'],
      [merged, 'merged-cells'],
      [Buffer.from('项目名称,计划总投资\n长春,5\n'), 'not-a-zip'],
    ];
    for (const [file, reason] of cases) {
      const answer = await importLibrary(file);
      expect(answer.data).toBeNull();
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    }
    const notBase64 = await running.graphql(IMPORT_LIBRARY, { workbook: '*not base64*' });
    expect(notBase64.errors![0]!.extensions).toMatchObject({ reason: 'not-base64' });

    // Larger than a request may carry: a clear 413 before anything is parsed.
    const response = await fetch(running.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await running.token({})}`,
      },
      body: JSON.stringify({
        query: IMPORT_LIBRARY,
        variables: { workbook: Buffer.alloc(1_200_000, 7).toString('base64') },
      }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');

    // Not the office: refused whole by the policy.
    const asRegion = await running.graphql(
      IMPORT_LIBRARY,
      { workbook: formula.toString('base64') },
      REPORTER,
    );
    expect(asRegion.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await recordedSince(head)).toEqual([]);
  });

  it('monthly reports: each row on its own, so a refused month does not keep the next one out', async () => {
    const approved = await running.graphql(
      'mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }',
      { input: heatingProjectApproval(a, `xlsx-approve-${a}`) },
    );
    expect(approved.errors).toBeUndefined();
    const template = await running.graphql<{ dispatchReportTemplate: Imported['report'] }>(
      'query { dispatchReportTemplate { base64 } }',
      {},
      REPORTER,
    );
    const reportTemplate = Buffer.from(template.data!.dispatchReportTemplate.base64, 'base64');
    const month = (period: string, inMonth: string | number, cumulative: string) => ({
      项目编号: a,
      报告月份: period,
      '本月完成投资（元）': inMonth,
      '累计完成投资（元）': cumulative,
      '形象进度（%）': '10',
      形象进度说明: '管网铺设中',
      填报单位: '长春热力集团',
    });
    const file = await fillTemplate(reportTemplate, '月度调度', [
      month('2021-01', '100000.00', '100000.00'),
      month('2021-02', '100000.00', '250000.00'), // should be 200,000
      month('2021-03', '100000.00', '200000.00'),
      month('2021-04', 5.125, '300000.00'),
    ]);
    const cumulative = await columnOf(reportTemplate, '月度调度', '累计完成投资（元）');
    const inMonth = await columnOf(reportTemplate, '月度调度', '本月完成投资（元）');
    const send = async () =>
      (
        await running.graphql<{ importDispatchReportWorkbook: Imported }>(
          IMPORT_REPORTS,
          { workbook: file.toString('base64') },
          REPORTER,
        )
      ).data!.importDispatchReportWorkbook;
    const result = await send();
    expect(result.rows.map((r) => [r.row, r.outcome, r.code, r.cell])).toEqual([
      [3, 'RECORDED', null, null],
      [4, 'REFUSED', 'RULE_VIOLATED', `${cumulative}4`],
      [5, 'RECORDED', null, null],
      [6, 'REFUSED', 'BAD_USER_INPUT', `${inMonth}6`],
    ]);
    const reports = await store.readStream(`dispatch-reports-${a}`);
    expect(reports.map((e) => (e.data as { period: string }).period)).toEqual([
      '2021-01',
      '2021-03',
    ]);
    const head = await store.headPosition();
    expect((await send()).rows.map((r) => r.outcome)).toEqual([
      'REPLAYED',
      'REFUSED',
      'REPLAYED',
      'REFUSED',
    ]);
    expect(await recordedSince(head)).toEqual([]);
  });

  it('npm run xlsx: template, import with a report, import again, a hostile file', async () => {
    const token = await running.token({ role: 'planning_office', subject: 'xlsx-cli' });
    const common = ['--url', running.url, '--token', token];
    const templateFile = join(dir, 'template.xlsx');
    const got = await xlsx(['template', 'project-library', '--out', templateFile, ...common]);
    expect(got.code).toBe(0);
    const b = `xlsx-b-${process.pid}`;
    const filled = join(dir, 'filled.xlsx');
    writeFileSync(
      filled,
      await fillTemplate(readFileSync(templateFile), '项目库', [
        heating({ 项目编号: b, '计划总投资（元）': '300000.00' }),
        heating({
          项目编号: `${b}-2`,
          '计划总投资（元）': '300000.00',
          计划完工日期: '2020-01-01',
        }),
      ]),
    );
    const reportFile = join(dir, 'report.xlsx');
    const head = await store.headPosition();
    const run = await xlsx([
      'import',
      'project-library',
      '--file',
      filled,
      '--report',
      reportFile,
      ...common,
    ]);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    const end = await columnOf(libraryTemplate, '项目库', '计划完工日期');
    expect(lines.map((l) => [l.row, l.outcome, l.cell])).toEqual([
      [3, 'RECORDED', null],
      [4, 'REFUSED', `${end}4`],
    ]);
    expect(run.stderr).toContain('2 rows in');
    expect(run.stderr).toContain('1 recorded, 0 replayed, 1 refused');
    expect((await resultRows(readFileSync(reportFile))).map((r) => r[1])).toEqual([
      'RECORDED',
      'REFUSED',
    ]);
    expect(await recordedSince(head)).toEqual([`project-${b} ProjectProposed`]);

    const before = await store.headPosition();
    const again = await xlsx(['import', 'project-library', '--file', filled, ...common]);
    expect(again.stderr).toContain('0 recorded, 1 replayed, 1 refused');

    const hostile = join(dir, 'hostile.xlsx');
    writeFileSync(
      hostile,
      await fillTemplate(readFileSync(templateFile), '项目库', [], (sheet) =>
        sheet.mergeCells('A3:B4'),
      ),
    );
    const refused = await xlsx(['import', 'project-library', '--file', hostile, ...common]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('BAD_USER_INPUT (merged-cells)');
    expect(refused.stderr).toContain('Nothing was recorded');
    expect(await recordedSince(before)).toEqual([]);
  }, 180_000);
});
