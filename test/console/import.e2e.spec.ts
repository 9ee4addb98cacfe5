import { readFileSync } from 'node:fs';
import { Browser, Download, Page } from 'playwright-core';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { checkedSessions, launchBrowser, screenshot } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { columnOf, fillTemplate, resultRows } from '../spreadsheets/workbook-fill';
import { ok } from './console-data';

interface ImportRow {
  row: number;
  outcome: string;
  code: string | null;
  message: string | null;
  cell: string | null;
  projectId: string | null;
}
interface ImportAnswer {
  data?: {
    importProjectLibraryWorkbook: {
      recorded: number;
      replayed: number;
      refused: number;
      rows: ImportRow[];
    };
  };
  errors?: unknown[];
}
interface ProjectView {
  projectId: string;
  nameZh: string;
  networkCode: string;
  categoryCode: string | null;
  regionCodes: string[];
  responsibleUnit: string | null;
  status: string;
  baseline: { plannedTotalInvestment: string | null };
}

const PROJECT_FIELDS = `projectId nameZh networkCode categoryCode regionCodes responsibleUnit status
  baseline { plannedTotalInvestment }`;

/**
 * The import page (Excel 导入) in a real browser, as the planning office uses it: the
 * project-library template downloaded from the page, filled outside the ledger, uploaded; the
 * result per row on the page as the API answered the page and as the ledger then holds it, and
 * the result report downloaded.
 */
describe('the import page (standalone, seeded plan)', () => {
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  const projectId = `console-import-${process.pid}`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    // A day inside the plan's years, as the workbook import test runs on.
    running = await startStandalone({ clock: new FixedClock('2021-06-03' as LocalDate) });
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const saved = async (file: Download): Promise<Buffer> => readFileSync(await file.path());

  async function clickForDownload(page: Page, selector: string): Promise<Download> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return file;
  }

  const heatingTotal = async (): Promise<number> =>
    (
      await ok<{ projects: { totalCount: number } }>(
        running,
        `{ projects(filter: { regionCode: "changchun", categoryCode: "heating" }) { totalCount } }`,
      )
    ).projects.totalCount;

  /** Uploads `file` through the page's file input; the API's answer to the page's request. */
  async function upload(page: Page, file: Buffer): Promise<ImportAnswer> {
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) =>
          r.url().endsWith('/graphql') &&
          (r.request().postData() ?? '').includes('importProjectLibraryWorkbook'),
      ),
      page.setInputFiles('[data-testid="import-file"]', {
        name: 'project-library-filled.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      }),
    ]);
    return (await response.json()) as ImportAnswer;
  }

  async function shownRows(page: Page): Promise<Array<Record<string, string>>> {
    const rows = page.locator('[data-testid="import-rows"] tbody tr');
    await rows.first().waitFor();
    const shown: Array<Record<string, string>> = [];
    for (const row of await rows.all()) {
      const cell = async (column: string) =>
        (await row.locator(`td[data-column="${column}"]`).innerText()).trim();
      shown.push({
        row: await cell('row'),
        outcome: await cell('outcome'),
        cell: await cell('cell'),
        code: await cell('code'),
        message: await cell('message'),
        project: await cell('project'),
      });
    }
    return shown;
  }

  const OUTCOME_ZH: Record<string, string> = {
    RECORDED: '已记录',
    REPLAYED: '已存在',
    REFUSED: '被拒',
  };
  const asShown = (rows: ImportRow[]) =>
    rows.map((r) => ({
      row: String(r.row),
      outcome: OUTCOME_ZH[r.outcome]!,
      cell: r.cell ?? '',
      code: r.code ?? '',
      message: r.message ?? '',
      project: r.projectId ?? '',
    }));

  it('downloads the template, imports a filled one row by row, and downloads the result', async () => {
    const { page } = await sessions.open(await running.token({}));
    await page.goto(`${origin}/import`);
    await page.locator('[data-testid="import-template"]').waitFor();
    // The page's title is its heading, as on every other page.
    expect(await page.locator('[data-testid="page-import"] h1').innerText()).toBe('Excel 导入');

    // The template as the page downloads it is the one the API gives.
    const templateFile = await clickForDownload(page, '[data-testid="import-template"]');
    const template = await saved(templateFile);
    const api = await ok<{ projectLibraryTemplate: { fileName: string; base64: string } }>(
      running,
      `{ projectLibraryTemplate { fileName base64 } }`,
    );
    expect(templateFile.suggestedFilename()).toBe(api.projectLibraryTemplate.fileName);
    expect(template.subarray(0, 2).toString()).toBe('PK');
    const region = await columnOf(template, '项目库', '所在地区');
    expect(
      await columnOf(
        Buffer.from(api.projectLibraryTemplate.base64, 'base64'),
        '项目库',
        '所在地区',
      ),
    ).toBe(region);

    // Filled by a planner (in exceljs): one good row, one naming a region there is none of.
    const heating = (extra: Record<string, string>) => ({
      所属网络: 'municipal',
      项目类别: 'heating',
      所在地区: 'changchun',
      项目单位: '长春热力集团',
      建设性质: '改建',
      计划开工日期: '2021-01-01',
      计划完工日期: '2021-12-31',
      ...extra,
    });
    const filled = await fillTemplate(template, '项目库', [
      heating({
        项目编号: projectId,
        项目名称: '长春市供热管网改造工程（导入）',
        '计划总投资（元）': '1200000.00',
        '资金来源：专项债券（元）': '1200000.00',
        '2021年计划投资（元）': '1200000.00',
      }),
      heating({
        项目名称: '长春市供热管网改造二期（导入）',
        '计划总投资（元）': '5.00',
        所在地区: 'atlantis',
      }),
    ]);

    const before = await heatingTotal();
    const answer = await upload(page, filled);
    expect(answer.errors).toBeUndefined();
    const result = answer.data!.importProjectLibraryWorkbook;
    expect(result.rows.map((r) => [r.row, r.outcome, r.code, r.cell])).toEqual([
      [3, 'RECORDED', null, null],
      [4, 'REFUSED', 'BAD_USER_INPUT', `${region}4`],
    ]);
    expect(result.rows[1]!.message).toContain('"atlantis" is not a region');
    // The page shows every row as the API answered it.
    expect(await shownRows(page)).toEqual(asShown(result.rows));
    expect(await page.locator('[data-testid="import-summary"]').innerText()).toContain(
      '已记录 1 行，已存在 0 行，被拒 1 行',
    );

    // What the ledger holds now: the recorded row as a project, nothing of the refused one.
    const { project } = await ok<{ project: ProjectView | null }>(
      running,
      `query($id: String!) { project(projectId: $id) { ${PROJECT_FIELDS} } }`,
      { id: projectId },
    );
    expect(project).toEqual({
      projectId,
      nameZh: '长春市供热管网改造工程（导入）',
      networkCode: 'municipal',
      categoryCode: 'heating',
      regionCodes: ['changchun'],
      responsibleUnit: '长春热力集团',
      status: 'proposed',
      baseline: { plannedTotalInvestment: '1200000.00' },
    });
    expect(await heatingTotal()).toBe(before + 1);
    await screenshot(page, 'import-zh');

    // The result report, downloaded from the page: the same rows and cells.
    const reportFile = await clickForDownload(page, '[data-testid="import-report"]');
    const report = await saved(reportFile);
    expect(reportFile.suggestedFilename()).toMatch(/\.xlsx$/);
    expect((await resultRows(report)).map((r) => [r[0], r[1], r[3] ?? null])).toEqual([
      [3, 'RECORDED', null],
      [4, 'REFUSED', `${region}4`],
    ]);

    // The same file again from the page: nothing new recorded, the refusal as before.
    const again = (await upload(page, filled)).data!.importProjectLibraryWorkbook;
    expect(again.rows.map((r) => r.outcome)).toEqual(['REPLAYED', 'REFUSED']);
    await page.locator('[data-testid="import-summary"]', { hasText: '已存在 1 行' }).waitFor();
    expect(await shownRows(page)).toEqual(asShown(again.rows));
    expect(await heatingTotal()).toBe(before + 1);
  }, 120_000);

  it('tells a reader who may not import why, on the page, and records nothing', async () => {
    const before = await heatingTotal();
    const { page } = await sessions.open(
      await running.token({ role: 'region', region: 'changchun' }),
    );
    await page.goto(`${origin}/import`);
    await page.click('[data-testid="import-template"]');
    const refused = page.locator('[data-testid="import-refused"]');
    await refused.waitFor();
    const api = await running.graphql(
      `{ projectLibraryTemplate { fileName } }`,
      {},
      {
        role: 'region',
        region: 'changchun',
      },
    );
    expect(api.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await refused.innerText()).toContain(String(api.errors?.[0]?.message));
    expect(await heatingTotal()).toBe(before);
  });
});
