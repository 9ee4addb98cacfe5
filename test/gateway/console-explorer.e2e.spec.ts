import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * The explorer in a real browser under the host's Content-Security-Policy: GraphiQL and the
 * editor's workers load from this origin alone, the schema is introspected within the API's
 * limits, and the README's first example runs with the console's token.
 */
describe('the offline explorer in a browser', () => {
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let token: string;
  const violations: string[] = [];
  const requested: string[] = [];
  const failed: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    base = running.url.replace(/\/graphql$/, '');
    token = await running.token({ role: 'supervisor' });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    // Page code as text: this project's TypeScript has no DOM types.
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (event) =>
        window.reportViolation(event.violatedDirective + ' ' + event.blockedURI));`,
    });
    // The console's session in this tab, as the console leaves it after sign-in.
    await page.goto(`${base}/console/config.json`);
    await page.evaluate(`sessionStorage.setItem('ledger.token', ${JSON.stringify(token)})`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('loads, introspects and runs the first README example with the token', async () => {
    const introspected = page.waitForResponse(
      (r) => r.url() === running.url && (r.request().postData() ?? '').includes('__schema'),
    );
    await page.goto(running.url);
    await page.waitForSelector('.graphiql-container');
    const introspection = await introspected;
    expect(introspection.status()).toBe(200);
    expect(
      ((await introspection.json()) as { data?: { __schema?: unknown } }).data?.__schema,
    ).toBeTruthy();
    await expect(page.inputValue('[data-testid=explorer-token]')).resolves.toBe(token);

    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const examples = [...readme.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(examples.length).toBeGreaterThan(0);
    await expect(page.locator('.graphiql-tab').count()).resolves.toBe(examples.length);

    // The editor loads after the page: run the tab once it shows the example. A locator, not
    // waitForFunction: polling a string predicate evals in the page, which the CSP refuses.
    const firstField = /\{\s*(\w+)/.exec(examples[0]!)![1]!;
    await page.locator('.graphiql-query-editor', { hasText: firstField }).first().waitFor();
    const executed = page.waitForResponse(
      (r) => r.url() === running.url && (r.request().postData() ?? '').includes(firstField),
    );
    await page.click('.graphiql-execute-button');
    const response = await executed;
    expect(await response.request().headerValue('authorization')).toBe(`Bearer ${token}`);
    const sent = JSON.parse(response.request().postData()!) as { query: string };
    expect(sent.query.trim()).toBe(examples[0]!.trim());
    expect(await response.json()).toEqual(
      await running.graphql(sent.query, {}, { role: 'supervisor' }),
    );
    await page.locator('.result-window', { hasText: '"data"' }).first().waitFor();
  }, 120_000);

  it('completes field names from the schema in the editor (its worker runs)', async () => {
    const root = await running.graphql<{
      __schema: { queryType: { fields: Array<{ name: string }> } };
    }>('{ __schema { queryType { fields { name } } } }');
    const field = root.data!.__schema.queryType.fields[0]!.name;
    await page.click('.graphiql-query-editor .monaco-editor');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`\n{ ${field.slice(0, 3)}`);
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: field });
    await suggestion.first().waitFor({ timeout: 20_000 });
  }, 60_000);

  it('broke no rule of the CSP and reached no other origin', () => {
    expect(violations).toEqual([]);
    expect(
      requested.filter((url) => !url.startsWith(`${base}/`) && !/^(data|blob):/.test(url)),
    ).toEqual([]);
    expect(requested.filter((url) => /worker/.test(url)).length).toBeGreaterThanOrEqual(2);
    expect(failed).toEqual([]);
  });
});
