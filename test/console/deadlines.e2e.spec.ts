import { Browser } from 'playwright-core';
import { checkedSessions, launchBrowser, screenshot, textOnceShown } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { key, ok } from './console-data';

const SUPERVISOR = { role: 'supervisor' as const };
const ENERGY = { role: 'lead_department' as const, department: 'energy-bureau' };

interface Deadline {
  networkCode: string;
  kind: string;
  status: string;
}

/**
 * The deadlines page in a real browser, against what the API answers the same reader: the
 * overdue count of each network and kind, and the rows of one status.
 */
describe('the deadlines page (standalone, seeded plan)', () => {
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  // A past day the calendar covers, so the figures do not move with the real clock.
  const asOf = '2020-10-22';

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    await ok(
      running,
      `mutation($input: SubmitNetworkReportInput!) { submitNetworkReport(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('weekly'),
          networkCode: 'power',
          kind: 'weekly-dispatch',
          period: '2020-W23',
          summary: '本周调度：220千伏输变电工程3项开工',
        },
      },
      ENERGY,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows per network and kind the overdue count the API gives, and the late rows', async () => {
    const api = await ok<{ reportDeadlines: Deadline[] }>(
      running,
      `query($d: String) { reportDeadlines(asOf: $d) { networkCode kind status } }`,
      { d: asOf },
      SUPERVISOR,
    );
    const { page } = await sessions.open(await running.token(SUPERVISOR));
    await page.goto(`${origin}/deadlines?date=${asOf}`);
    await page.locator('[data-testid="deadlines-summary"] tbody tr').first().waitFor();
    const pairs = new Set(api.reportDeadlines.map((d) => `${d.networkCode}|${d.kind}`));
    expect(pairs).toEqual(
      new Set([
        'power|weekly-dispatch',
        'oilgas|weekly-dispatch',
        'info|quarterly-consultation',
        'info|annual-summary',
      ]),
    );
    for (const pair of pairs) {
      const [network, kind] = pair.split('|') as [string, string];
      const expected = String(
        api.reportDeadlines.filter(
          (d) => d.networkCode === network && d.kind === kind && d.status === 'overdue',
        ).length,
      );
      const shown = page.locator(`[data-testid="overdue-${network}-${kind}"]`);
      expect({ pair, shown: await textOnceShown(shown, expected) }).toEqual({
        pair,
        shown: expected,
      });
    }
    // Today (the real clock) the one report has come in, years after its week: late, the
    // only late row, on the page as in the API.
    const today = await ok<{ reportDeadlines: Array<Deadline & { period: string }> }>(
      running,
      `{ reportDeadlines(kind: "weekly-dispatch") { networkCode kind status period } }`,
      {},
      SUPERVISOR,
    );
    const late = today.reportDeadlines.filter((d) => d.status === 'late');
    expect(late.map((d) => `${d.networkCode} ${d.period}`)).toEqual(['power 2020-W23']);
    await page.goto(`${origin}/deadlines?kind=weekly-dispatch&status=late`);
    const rows = page.locator('[data-testid="deadlines-periods"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('2020-W23');
    await screenshot(page, 'deadlines-zh');
  }, 90_000);
});
