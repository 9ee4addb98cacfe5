import { Browser, Page } from 'playwright-core';
import { checkedSessions, launchBrowser, screenshot, textOnceShown } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { key, ok, planHeatingProject } from './console-data';

/**
 * The stages page and the passport's approvals in a real browser, against what the API
 * answers the same reader (the seeded plan, plus one project of our own).
 */
const SUPERVISOR = { role: 'supervisor' as const };

describe('the console: project stages and pre-construction approvals', () => {
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  const projectId = `console-approvals-${process.pid}`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    await planHeatingProject(running, projectId);
    await ok(
      running,
      `mutation($input: AssignNationalProjectCodeInput!) { assignNationalProjectCode(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('code'),
          projectId,
          code: '2020-220100-44-01-004217',
          assignedOn: '2020-11-20',
        },
      },
    );
    await ok(
      running,
      `mutation($input: RecordPreConstructionApprovalInput!) { recordPreConstructionApproval(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('eia'),
          projectId,
          step: 'ENVIRONMENTAL_ASSESSMENT',
          issuedOn: '2020-12-15',
          issuingBody: '长春市生态环境局',
          documentNumber: '长环审〔2020〕88号',
        },
      },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function open(path: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
    const { page } = await sessions.open(await running.token(SUPERVISOR), { lang });
    await page.goto(`${origin}${path}`);
    return page;
  }

  it('shows the stages of a year per network beside the plan counts, as the API does', async () => {
    const api = await ok<{
      projectStages: Array<{ key: string; nameZh: string; newStart: number; reserve: number }>;
    }>(
      running,
      '{ projectStages(year: 2021, groupBy: NETWORK) { key nameZh newStart reserve } }',
      {},
      SUPERVISOR,
    );
    const municipal = api.projectStages.find((r) => r.key === 'municipal')!;
    expect(municipal.newStart).toBe(1);
    const page = await open('/stages?year=2021');
    const table = page.locator('[data-testid="stages-table"]');
    const text = await textOnceShown(table, municipal.nameZh);
    for (const row of api.projectStages) expect(text).toContain(row.nameZh);
    await screenshot(page, 'stages-2021-network');

    const power = await open('/stages?year=2020');
    const sources = await textOnceShown(power.locator('[data-testid="stages-sources"]'), 'L153');
    expect(sources).toContain('续建电网项目8个');
    expect(await power.locator('[data-testid="stages-table"]').innerText()).toMatch(/55/);
    await screenshot(power, 'stages-2020-network');
  });

  it('shows the code, the approvals and what is missing on the passport', async () => {
    const api = await ok<{ project: { missingApprovals: string[] } }>(
      running,
      `query($id: String!) { project(projectId: $id) { missingApprovals } }`,
      { id: projectId },
      SUPERVISOR,
    );
    const page = await open(`/projects/${projectId}`);
    const section = page.locator('[data-testid="passport-approvals"]');
    const text = await textOnceShown(section, '长环审〔2020〕88号', 15_000);
    expect(text).toContain('2020-220100-44-01-004217');
    expect(text).toContain('环评');
    expect(text).toContain('长春市生态环境局');
    const missing = await page.locator('[data-testid="passport-missing-approvals"]').innerText();
    expect(api.project.missingApprovals.length).toBeGreaterThan(0);
    expect(missing).toContain('施工许可');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'passport-approvals', { viewport: true });
  });
});
