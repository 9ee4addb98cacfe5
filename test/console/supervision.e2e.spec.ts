import { readFileSync } from 'node:fs';
import { Browser } from 'playwright-core';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { checkedSessions, launchBrowser, screenshot, textOnceShown } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { paragraphsOf, readZipEntry, tablesOf } from '../support/docx-reader';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { key, ok, REPORTER, UNIT } from './console-data';

const SUPERVISOR = { role: 'supervisor' as const };

interface Summons {
  summonsId: string;
  projectId: string | null;
  unitCode: string;
  reason: string;
  flagIds: string[];
  scoreRefs: Array<{ period: string; unitCode: string }>;
  heldOn: string;
}
interface Circular {
  month: string;
  issuedOn: string;
  namedUnits: Array<{ unitCode: string }>;
  figures: Array<{ key: string; value: string }>;
}
interface CircularDocument {
  fileName: string;
  mediaType: string;
  base64: string;
}

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The supervision page (约谈与通报) in a real browser, against what the API answers the same
 * reader: a summons recorded from a red flag, July's circular issued, and its Word document
 * downloaded from the page.
 */
describe('the supervision page (standalone, seeded plan)', () => {
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));
  const projectId = `console-supervision-${process.pid}`;
  const summonsId = `YT-console-${process.pid}`;
  const reason = '供热管网改造投资完成率仅为计划的七成，约谈项目业主';

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone({ clock });
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    await ok(
      running,
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, key('propose')) },
    );
    await ok(
      running,
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      { input: heatingProjectApproval(projectId, key('approve')) },
    );
    await ok(
      running,
      `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
      { input: { idempotencyKey: key('start'), projectId, date: '2021-01-10' } },
    );
    await ok(
      running,
      `mutation($input: RecordMilestoneMetInput!) { recordMilestoneMet(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('commenced'),
          projectId,
          kind: 'commencement',
          metOn: '2021-01-10',
        },
      },
    );
    // July: half of a 1,200,000 plan is due by June; 420,000 done is an SPI of 70%: red.
    clock.set('2021-07-05' as LocalDate);
    await ok(
      running,
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('report'),
          projectId,
          period: '2021-06',
          investmentInMonth: '420000',
          cumulativeInvestment: '420000',
          physicalProgressPercent: '50',
          physicalProgress: '主体施工',
          submittedBy: UNIT,
        },
      },
      REPORTER,
    );
    const flags = await eventually(
      async () =>
        (
          await ok<{ riskFlags: Array<{ flagId: string; rule: string }> }>(
            running,
            `{ riskFlags(filter: { projectId: "${projectId}", severity: "red", status: "open" }) { flagId rule } }`,
          )
        ).riskFlags.filter((f) => f.rule === 'behind-schedule'),
      (found) => found.length > 0,
    );
    expect(flags).toHaveLength(1);
    clock.set('2021-07-12' as LocalDate);
    await ok(
      running,
      `mutation($input: RecordSummonsInput!) { recordSummons(input: $input) { summonsId } }`,
      {
        input: {
          idempotencyKey: key('summons'),
          summonsId,
          projectId,
          unitCode: UNIT,
          reason,
          flagIds: [flags[0]!.flagId],
          heldOn: '2021-07-10',
        },
      },
    );
    clock.set('2021-08-10' as LocalDate);
    await ok(
      running,
      `mutation { scorePeriod(period: "2021-07", idempotencyKey: "${key('score')}") { unit } }`,
    );
    // The read models follow the scores just recorded: the first answer may be a refusal.
    const circularKey = key('circular');
    const issued = await eventually(
      () =>
        running.graphql<{ issueCircular: { month: string } }>(
          `mutation { issueCircular(month: "2021-07", idempotencyKey: "${circularKey}") { month } }`,
        ),
      (answer) => answer.data?.issueCircular?.month === '2021-07',
    );
    expect(issued.errors).toBeUndefined();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('lists the summonses and circulars as the API answers them', async () => {
    const api = await ok<{ summonses: Summons[]; circulars: Circular[] }>(
      running,
      `{ summonses { summonsId projectId unitCode reason flagIds scoreRefs { period unitCode } heldOn }
         circulars { month issuedOn namedUnits { unitCode } figures { key value } } }`,
      {},
      SUPERVISOR,
    );
    expect(api.summonses.map((s) => s.summonsId)).toEqual([summonsId]);
    expect(api.circulars.map((c) => c.month)).toEqual(['2021-07']);
    const { page } = await sessions.open(await running.token(SUPERVISOR));
    await page.goto(`${origin}/supervision`);

    const summonsRows = page.locator('[data-testid="summonses"] tbody tr');
    await summonsRows.first().waitFor();
    expect(await summonsRows.count()).toBe(api.summonses.length);
    const summons = api.summonses[0]!;
    const cell = (column: string) =>
      summonsRows.first().locator(`td[data-column="${column}"]`).innerText();
    expect({
      id: await cell('id'),
      heldOn: await cell('heldOn'),
      unit: await cell('unit'),
      project: await cell('project'),
      reason: await cell('reason'),
      flags: (await cell('flags')).trim(),
      scores: await cell('scores'),
    }).toEqual({
      id: summons.summonsId,
      heldOn: summons.heldOn,
      unit: summons.unitCode,
      project: summons.projectId,
      reason,
      // The page shows each flag by the first 8 characters of its id, linked to the flag.
      flags: summons.flagIds.map((id) => id.slice(0, 8)).join(' '),
      scores: summons.scoreRefs.map((s) => `${s.period}/${s.unitCode}`).join(' '),
    });
    const flagLink = summonsRows.first().locator('td[data-column="flags"] a');
    expect(await flagLink.getAttribute('href')).toContain(encodeURIComponent(summons.flagIds[0]!));

    const circularRows = page.locator('[data-testid="circulars"] tbody tr');
    expect(await circularRows.count()).toBe(api.circulars.length);
    const circular = api.circulars[0]!;
    const circularCell = (column: string) =>
      circularRows.first().locator(`td[data-column="${column}"]`).innerText();
    expect({
      month: await circularCell('month'),
      issuedOn: await circularCell('issuedOn'),
      named: await circularCell('named'),
      figures: await circularCell('figures'),
    }).toEqual({
      month: '2021-07',
      issuedOn: '2021-08-10',
      named: circular.namedUnits.map((u) => u.unitCode).join('、'),
      figures: String(circular.figures.length),
    });
    expect(circular.namedUnits.map((u) => u.unitCode)).toEqual([UNIT]);
    await expect(
      textOnceShown(page.locator('[data-testid="page-supervision"] h1'), '约谈与通报'),
    ).resolves.toBe('约谈与通报');
    await screenshot(page, 'supervision-zh');
  });

  it("downloads the circular's Word document from the page: the document the API gives", async () => {
    const { circularDocument } = await ok<{ circularDocument: CircularDocument }>(
      running,
      `{ circularDocument(month: "2021-07") { fileName mediaType base64 } }`,
      {},
      SUPERVISOR,
    );
    const fromApi = Buffer.from(circularDocument.base64, 'base64');
    const { page } = await sessions.open(await running.token(SUPERVISOR));
    await page.goto(`${origin}/supervision`);
    await page.locator('[data-testid="circular-download-2021-07"]').waitFor();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="circular-download-2021-07"]'),
    ]);
    expect(file.suggestedFilename()).toBe(circularDocument.fileName);
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // Each generation zips the same XML with its own timestamps, so the parts are compared,
    // not the zip's bytes: every part the API's document has, the downloaded one has as is.
    for (const part of ['word/document.xml', 'word/footnotes.xml', '[Content_Types].xml']) {
      const expected = readZipEntry(fromApi, part);
      expect({ part, present: expected !== null }).toEqual({ part, present: true });
      expect({ part, xml: readZipEntry(bytes, part) }).toEqual({ part, xml: expected });
    }
    const documentXml = readZipEntry(bytes, 'word/document.xml')!;
    const paragraphs = paragraphsOf(documentXml);
    expect(paragraphs[0]!.text).toBe('新基建“761”工程2021年7月推进情况通报');
    const named = paragraphs.find((p) => p.text.includes(UNIT));
    expect(named?.text).toContain(reason);
    // The evidence table ends the document: figure keys, their values, their events.
    const tables = tablesOf(documentXml);
    expect(tables[tables.length - 1]![0]!.map((c) => c.text)).toEqual(['键', '数值', '依据事件']);
  });
});
