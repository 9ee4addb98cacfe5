import ExcelJS from 'exceljs';
import { Browser, Locator, Page } from 'playwright-core';
import { formatAmount, MoneyUnit, sumAmounts } from '../../apps/console/src/money';
import { waitUntil } from '@ledger/testing';
import {
  checkedSessions,
  download,
  launchBrowser,
  screenshot,
  textOnceShown,
} from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { disburse, key, ok, planHeatingProject, submitReport } from './console-data';

/**
 * Every page of the console in a real browser against the seeded 761 plan, compared with
 * what the API answers the same reader; sign-in; what a region's reader may not see; and
 * the downloads, cell by cell. Every test also fails on any browser error or any request
 * that leaves the product's origin (checkedSessions).
 */
const SUPERVISOR = { role: 'supervisor' as const };

/** A figure as the document states it, its whole part grouped by thousands: "10962" -> "10,962". */
const grouped = (decimal: string): string =>
  decimal.replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/** The values of `attribute` on every element `locator` finds (the tests have no DOM types). */
async function attributes(locator: Locator, attribute: string): Promise<string[]> {
  return Promise.all(
    (await locator.all()).map(async (l) => (await l.getAttribute(attribute)) ?? ''),
  );
}

describe('the console in a browser (standalone, seeded plan)', () => {
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  const projectId = `console-heating-${process.pid}`;

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    // One project of our own with money and a report, so that the tables hold more than zeros.
    await planHeatingProject(running, projectId);
    await disburse(running, projectId, 'PAY-1', '300000.50');
    await submitReport(running, projectId, '2021-05', '250000.25', '250000.25');
    // The planning office scores the month, so that the scores page has a ranking to show.
    await ok(
      running,
      `mutation($k: String!) { scorePeriod(period: "2021-05", idempotencyKey: $k) { unit } }`,
      {
        k: key('score'),
      },
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** A page as `as` reads it, once its root is there. */
  async function open(
    path: string,
    as: Record<string, unknown> | null = SUPERVISOR,
    lang: 'zh' | 'en' = 'zh',
  ): Promise<Page> {
    const token = as === null ? null : await running.token(as);
    const { page } = await sessions.open(token, { lang });
    await page.goto(`${origin}${path}`);
    return page;
  }

  const text = (page: Page, testId: string) =>
    page.locator(`[data-testid="${testId}"]`).innerText();

  describe('overview', () => {
    interface Programme {
      programme: {
        totalInvestment: { valueYi: string; source: { line: number; quote: string } };
        networks: Array<{ code: string }>;
      };
    }

    it('shows the headline with the document quote the API holds, and a row per network', async () => {
      const api = await ok<Programme>(
        running,
        `{ programme { totalInvestment { valueYi source { line quote } } networks { code } } }`,
        {},
        SUPERVISOR,
      );
      const page = await open('/');
      await page.locator('[data-testid="overview-networks"] tbody tr').first().waitFor();
      const headline = await text(page, 'headline-investment-value');
      const { valueYi, source } = api.programme.totalInvestment;
      expect(headline.replace(/\s+/g, ' ')).toBe(`${grouped(valueYi)} 亿元`);
      // The seeded plan: 1,096.2 billion yuan, as the document says it.
      expect(grouped(valueYi)).toBe('10,962');
      const quote = page.locator('[data-testid="headline-investment-source"] .source');
      await expect(quote.getAttribute('title')).resolves.toBe(source.quote);
      expect(await quote.innerText()).toContain(source.quote);
      expect(await quote.innerText()).toContain(String(source.line));

      const month = await page.locator('[data-testid="month-picker"]').inputValue();
      const progress = await ok<{ progress: Array<{ key: string }> }>(
        running,
        `query($m: String!) { progress(by: network, through: $m) { key } }`,
        { m: month },
        SUPERVISOR,
      );
      const codes = new Set([
        ...api.programme.networks.map((n) => n.code),
        ...progress.progress.map((l) => l.key),
      ]);
      // One row per network, and the total.
      const rows = page.locator('[data-testid="overview-networks"] tbody tr');
      await expect(rows.count()).resolves.toBe(codes.size + 1);
      await screenshot(page, 'overview-zh');
      await screenshot(page, 'overview-zh-viewport', { viewport: true });
    }, 60_000);

    it('reads in English with ?lang=en', async () => {
      const api = await ok<{ programme: { nameEn: string } }>(
        running,
        `{ programme { nameEn } }`,
        {},
        SUPERVISOR,
      );
      const page = await open('/?lang=en', SUPERVISOR, 'en');
      await page.locator('[data-testid="overview-networks"] tbody tr').first().waitFor();
      await expect(text(page, 'programme-name')).resolves.toBe(api.programme.nameEn);
      await expect(text(page, 'nav-overview')).resolves.toBe('Overview');
      await screenshot(page, 'overview-en');
    }, 60_000);
  });

  it('map: a tile per region the API lists', async () => {
    const api = await ok<{ programme: { regions: Array<{ code: string }> } }>(
      running,
      `{ programme { regions { code } } }`,
      {},
      SUPERVISOR,
    );
    const page = await open('/map');
    await page.locator('[data-testid="tile-map"]').waitFor();
    const tiles = (
      await attributes(
        page.locator('[data-testid^="map-tile-"]:not([data-testid^="map-tile-figure-"])'),
        'data-testid',
      )
    ).map((id) => id.slice('map-tile-'.length));
    expect(tiles.sort()).toEqual(api.programme.regions.map((r) => r.code).sort());
    await expect(page.locator('[data-testid="map-regions"] tbody tr').count()).resolves.toBe(
      api.programme.regions.length,
    );
    await screenshot(page, 'map-zh');
    await screenshot(page, 'map-zh-viewport', { viewport: true });
  }, 60_000);

  it('scores: the ranking the API gives for the period shown', async () => {
    const page = await open('/scores');
    const period = page.locator('[data-testid="period-picker"]');
    await period.waitFor();
    const api = await ok<{ scores: Array<{ unit: string; score: string; rank: number }> }>(
      running,
      `query($p: String!) { scores(period: $p, unitKind: "department") { unit score rank } }`,
      { p: await period.inputValue() },
      SUPERVISOR,
    );
    // The page opens on the latest month with reports, which the office scored in beforeAll.
    expect(api.scores.length).toBeGreaterThan(0);
    for (const s of api.scores) {
      const shown = page.locator(`[data-testid="score-${s.unit}"]`);
      expect(await textOnceShown(shown, s.score)).toBe(s.score);
    }
    await expect(page.locator('[data-testid="scores-ranking"] tbody tr').count()).resolves.toBe(
      api.scores.length,
    );
    await screenshot(page, 'scores-zh');
  }, 60_000);

  it('risk board: the flags the API lists', async () => {
    const flags = async () =>
      (
        await ok<{ riskFlags: Array<{ flagId: string; projectId: string | null }> }>(
          running,
          `{ riskFlags(filter: {}, first: 200) { flagId projectId } }`,
          {},
          SUPERVISOR,
        )
      ).riskFlags;
    const page = await open('/risk');
    const count = page.locator('[data-testid="risk-count"]');
    await count.waitFor();
    // Assessment raises flags on its own time after the facts: the live board follows it.
    let listed = await flags();
    await waitUntil(
      async () =>
        (await count.getAttribute('data-count')) === String((listed = await flags()).length),
      'the board counts the flags the API lists',
      { timeoutMs: 10_000 },
    );
    const rows = page.locator('[data-testid="risk-flags"] tbody tr');
    await expect(rows.count()).resolves.toBe(Math.max(listed.length, 1));
    // Each flag's project by the name planning gives it (ids stand in until the names come).
    const names: string[] = [];
    for (const id of new Set(listed.map((f) => f.projectId).filter((p) => p !== null))) {
      const { project } = await ok<{ project: { nameZh: string } }>(
        running,
        `query($id: String!) { project(projectId: $id) { nameZh } }`,
        { id },
        SUPERVISOR,
      );
      names.push(project.nameZh);
      await page
        .locator('[data-testid="risk-flags"] tbody tr', { hasText: project.nameZh })
        .first()
        .waitFor();
    }
    await screenshot(page, 'risk-zh');
    const english = await open('/risk?lang=en', SUPERVISOR, 'en');
    await english.locator('[data-testid="risk-count"]').waitFor();
    for (const name of names)
      await english
        .locator('[data-testid="risk-flags"] tbody tr', { hasText: name })
        .first()
        .waitFor();
    await screenshot(english, 'risk-en', { viewport: true });
  }, 60_000);

  it('passport of a project the plan names: its figures, and its chain intact', async () => {
    const library = await ok<{
      projects: { edges: Array<{ node: { projectId: string; fromPlanDocument: boolean } }> };
    }>(
      running,
      `{ projects(first: 20) { edges { node { projectId fromPlanDocument } } } }`,
      {},
      SUPERVISOR,
    );
    const id = library.projects.edges.find((e) => e.node.fromPlanDocument)!.node.projectId;
    const api = await ok<{
      project: {
        nameZh: string;
        currentPlan: { plannedTotalInvestment: string | null };
        disbursedTotal: string;
      };
      planning: unknown[];
      reports: unknown[];
      flags: unknown[];
    }>(
      running,
      `query($id: String!, $p: String!, $r: String!, $f: String!) {
        project(projectId: $id) { nameZh currentPlan { plannedTotalInvestment } disbursedTotal }
        planning: streamHistory(streamId: $p) { eventId }
        reports: streamHistory(streamId: $r) { eventId }
        flags: streamHistory(streamId: $f) { eventId }
      }`,
      { id, p: `project-${id}`, r: `dispatch-reports-${id}`, f: `risk-flags-${id}` },
      SUPERVISOR,
    );
    const page = await open(`/projects/${encodeURIComponent(id)}`, SUPERVISOR);
    await page.locator('[data-testid="page-passport"][data-state="ready"]').waitFor();
    await expect(text(page, 'passport-name')).resolves.toContain(api.project.nameZh);
    await expect(
      page.locator('[data-testid="passport-planned"]').getAttribute('data-amount'),
    ).resolves.toBe(api.project.currentPlan.plannedTotalInvestment ?? '');
    await expect(
      page.locator('[data-testid="passport-disbursed-total"]').getAttribute('data-amount'),
    ).resolves.toBe(api.project.disbursedTotal);
    const chain = page.locator('[data-testid="chain-status"][data-state="intact"]');
    await chain.waitFor();
    const events = api.planning.length + api.reports.length + api.flags.length;
    expect(events).toBeGreaterThan(0);
    await expect(chain.getAttribute('data-events')).resolves.toBe(String(events));
    await screenshot(page, 'passport-zh');
    await screenshot(page, 'passport-zh-viewport', { viewport: true });
  }, 60_000);

  describe("a region's reader", () => {
    let regions: string[];
    let project: {
      nameZh: string;
      responsibleUnit: string;
      regionCodes: string[];
      currentPlan: { plannedTotalInvestment: string; approvedInvestment: string };
      disbursedTotal: string;
      approval: { documentNumber: string };
    };

    beforeAll(async () => {
      const api = await ok<{
        programme: { regions: Array<{ code: string }> };
        project: typeof project;
      }>(
        running,
        `query($id: String!) { programme { regions { code } }
          project(projectId: $id) { nameZh responsibleUnit regionCodes disbursedTotal
            currentPlan { plannedTotalInvestment approvedInvestment } approval { documentNumber } } }`,
        { id: projectId },
        SUPERVISOR,
      );
      regions = api.programme.regions.map((r) => r.code);
      project = api.project;
    });

    it("cannot open another region's project: the passport says so and shows none of it", async () => {
      const other = regions.find((r) => !project.regionCodes.includes(r))!;
      const page = await open(`/projects/${encodeURIComponent(projectId)}`, {
        role: 'region',
        region: other,
      });
      await page.locator('[data-testid="passport-denied"]').waitFor();
      await expect(
        page.locator('[data-testid="page-passport"]').getAttribute('data-state'),
      ).resolves.toMatch(/^(denied|failed)$/);
      const body = await page.locator('body').innerText();
      const html = await page.content();
      const amounts = [
        project.currentPlan.plannedTotalInvestment,
        project.currentPlan.approvedInvestment,
        project.disbursedTotal,
        '250000.25',
      ];
      const forms = amounts.flatMap((a) => [
        a,
        formatAmount(a, 'yuan', 2),
        formatAmount(a, 'wan', 2),
      ]);
      const secrets = [project.nameZh, project.responsibleUnit, project.approval.documentNumber];
      for (const secret of [...secrets, ...forms]) {
        expect({ secret, inText: body.includes(secret) }).toEqual({ secret, inText: false });
        expect({ secret, inHtml: html.includes(secret) }).toEqual({ secret, inHtml: false });
      }
      await screenshot(page, 'passport-denied');
    }, 60_000);

    it("sees its own region's project", async () => {
      const page = await open(`/projects/${encodeURIComponent(projectId)}`, {
        role: 'region',
        region: project.regionCodes[0]!,
      });
      await page.locator('[data-testid="page-passport"][data-state="ready"]').waitFor();
      await expect(text(page, 'passport-name')).resolves.toContain(project.nameZh);
      await expect(
        page.locator('[data-testid="passport-disbursed-total"]').getAttribute('data-amount'),
      ).resolves.toBe(project.disbursedTotal);
    }, 60_000);
  });

  describe('sign-in', () => {
    it('shows the login page without a token, and the overview after the dev login', async () => {
      const page = await open('/', null);
      await page.locator('[data-testid="login"]').waitFor();
      await expect(page.locator('[data-testid="page-overview"]').count()).resolves.toBe(0);
      await screenshot(page, 'login-zh');
      await page.locator('[data-testid="dev-login"]').waitFor();
      await page.selectOption('[data-testid="dev-role"]', 'supervisor');
      await page.click('[data-testid="dev-submit"]');
      await page.locator('[data-testid="headline-investment-value"]').waitFor();
      await expect(text(page, 'who')).resolves.toBe('supervisor');
      // The minted token is the console's session, and the API accepts it.
      const token = await page.evaluate<string | null>(`sessionStorage.getItem('ledger.token')`);
      if (token === null) throw new Error('the dev login left no token in the session');
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ programme { code } }' }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    }, 60_000);
  });

  describe('downloads of the overview networks table', () => {
    /** The money columns of that table, by the API field each one shows. */
    const MONEY = [
      'planned',
      'approved',
      'disbursed',
      'reported',
      'annualPlan',
      'completedInYear',
    ] as const;
    type Money = (typeof MONEY)[number];
    interface Line extends Record<Money, string> {
      key: string;
    }

    /** What the API says, formatted as the page formats it: rows by network name, and the total. */
    async function expected(
      month: string,
      unit: MoneyUnit,
    ): Promise<Map<string, Record<Money, string>>> {
      const api = await ok<{
        programme: { networks: Array<{ code: string; nameZh: string }> };
        progress: Line[];
      }>(
        running,
        `query($m: String!) { programme { networks { code nameZh } }
          progress(by: network, through: $m) { key ${MONEY.join(' ')} } }`,
        { m: month },
        SUPERVISOR,
      );
      const rows = new Map<string, Record<Money, string>>();
      const formatted = (line: Line | undefined) =>
        Object.fromEntries(
          MONEY.map((m) => [m, line ? formatAmount(line[m], unit, 2) : '—']),
        ) as Record<Money, string>;
      for (const n of api.programme.networks)
        rows.set(n.nameZh, formatted(api.progress.find((l) => l.key === n.code)));
      rows.set(
        '合计',
        Object.fromEntries(
          MONEY.map((m) => [m, formatAmount(sumAmounts(api.progress.map((l) => l[m])), unit, 2)]),
        ) as Record<Money, string>,
      );
      return rows;
    }

    /** RFC 4180, as the console writes it (with a byte-order mark). */
    function parseCsv(bytes: Buffer): string[][] {
      const text = bytes.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const rows: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 1; i < text.length; i++) {
        const c = text[i]!;
        if (quoted) {
          if (c === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cell += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          row.push(cell);
          cell = '';
        } else if (c === '\r' && text[i + 1] === '\n') {
          row.push(cell);
          rows.push(row);
          row = [];
          cell = '';
          i++;
        } else cell += c;
      }
      return rows;
    }

    async function readXlsx(bytes: Buffer): Promise<{ rows: string[][]; kinds: Set<string> }> {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const rows: string[][] = [];
      const kinds = new Set<string>();
      sheet.eachRow({ includeEmpty: true }, (r) => {
        const cells: string[] = [];
        for (let c = 1; c <= sheet.columnCount; c++) {
          const value = r.getCell(c).value;
          if (value === null || value === undefined) {
            cells.push('');
            continue;
          }
          kinds.add(typeof value);
          cells.push(typeof value === 'string' ? value : JSON.stringify(value));
        }
        rows.push(cells);
      });
      return { rows, kinds };
    }

    it.each<[MoneyUnit, string]>([
      ['yi', '/'],
      ['yuan', '/?money=yuan'],
    ])(
      'CSV and xlsx hold the API figures formatted as the page formats them (%s)',
      async (unit, path) => {
        const page = await open(path);
        const table = page.locator('[data-testid="overview-networks"]');
        await table.locator('tbody tr').first().waitFor();
        const month = await page.locator('[data-testid="month-picker"]').inputValue();
        const columns = await attributes(
          table.locator('tbody tr').first().locator('td'),
          'data-column',
        );
        const header = await table.locator('thead th').allInnerTexts();
        const want = await expected(month, unit);

        const csv = parseCsv(await download(page, '[data-testid="overview-networks-csv"]'));
        const xlsx = await readXlsx(await download(page, '[data-testid="overview-networks-xlsx"]'));
        // Text only: a number cell would be a binary double, not the ledger's exact figure.
        expect([...xlsx.kinds]).toEqual(['string']);
        for (const [label, rows] of [
          ['csv', csv],
          ['xlsx', xlsx.rows],
        ] as const) {
          expect({ label, header: rows[0] }).toEqual({ label, header });
          const body = rows.slice(1);
          expect(body.map((r) => r[0])).toEqual([...want.keys()]);
          let compared = 0;
          for (const r of body) {
            const figures = want.get(r[0]!)!;
            for (const money of MONEY) {
              const cell = r[columns.indexOf(money)];
              expect({ label, row: r[0], money, cell }).toEqual({
                label,
                row: r[0],
                money,
                cell: figures[money],
              });
              compared++;
            }
          }
          expect(compared).toBe(want.size * MONEY.length);
        }
        // The files hold what the screen shows.
        const screen = await Promise.all(
          (await table.locator('tbody tr').all()).map((tr) => tr.locator('td').allTextContents()),
        );
        for (const [i, r] of screen.entries())
          for (const money of MONEY) {
            const at = columns.indexOf(money);
            expect(csv[i + 1]![at]).toBe(r[at]);
          }
        // In yuan, the test project's payment shows among the figures (in 亿元 it rounds to 0.00).
        if (unit === 'yuan')
          expect(csv.slice(1).some((r) => /[1-9]/.test(r[columns.indexOf('disbursed')]!))).toBe(
            true,
          );
      },
      60_000,
    );
  });
});
