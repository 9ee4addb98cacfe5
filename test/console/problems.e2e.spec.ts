import { Browser, Page } from 'playwright-core';
import { checkedSessions, launchBrowser, screenshot, textOnceShown } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { key, ok, planHeatingProject, REPORTER } from './console-data';

/**
 * The problems page (要素保障) and the passport's problems section in a real browser, against
 * what the API answers the same reader: a region raises a land problem, the office assigns it.
 */
const SUPERVISOR = { role: 'supervisor' as const };

describe('the problem register in the console', () => {
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  const projectId = `console-problem-${process.pid}`;
  const problemId = `PRB-console-${process.pid}`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    await planHeatingProject(running, projectId);
    await ok(
      running,
      `mutation($input: RaiseProblemInput!) { raiseProblem(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('raise'),
          problemId,
          projectId,
          kind: 'land',
          description: '换热站用地未落实',
        },
      },
      REPORTER,
    );
    await ok(
      running,
      `mutation($input: AssignProblemInput!) { assignProblem(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('assign'),
          problemId,
          departmentCode: 'natural-resources-department',
          dueInWorkingDays: 5,
        },
      },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function open(path: string): Promise<Page> {
    const { page } = await sessions.open(await running.token(SUPERVISOR));
    await page.goto(`${origin}${path}`);
    return page;
  }

  it('lists the open problems per unit and the register, as the API answers them', async () => {
    const api = await ok<{
      problems: Array<{ problemId: string; dueOn: string }>;
      problemsByUnit: Array<{ unit: string; open: number }>;
    }>(running, `{ problems { problemId dueOn } problemsByUnit { unit open } }`, {}, SUPERVISOR);
    const page = await open('/problems');
    const register = page.locator('[data-testid="problems-register"] tbody tr');
    await register.first().waitFor();
    expect(await register.count()).toBe(api.problems.length);
    const row = page.locator('[data-testid="problems-register"] tbody tr', { hasText: problemId });
    const cells = await row.locator('td').allTextContents();
    expect(cells).toEqual(
      expect.arrayContaining([problemId, projectId, '用地', '已交办', api.problems[0]!.dueOn]),
    );
    // The units by the plan's names: the region that raised it, the department that owes it.
    const units = page.locator('[data-testid="problems-by-unit"] tbody tr');
    expect(await units.count()).toBe(api.problemsByUnit.length);
    await expect(
      textOnceShown(units.filter({ hasText: '自然资源厅' }).locator('td').nth(1), '1'),
    ).resolves.toBe('1');
    await screenshot(page, 'problems-zh');
  });

  it("shows the project's problems on its passport", async () => {
    const page = await open(`/projects/${projectId}`);
    const rows = page.locator('[data-testid="passport-problems-table"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    // textContent, not innerText: a table below the fold is not laid out, and innerText is ''.
    await expect(textOnceShown(rows.first().locator('td').first(), problemId)).resolves.toBe(
      problemId,
    );
  });
});
