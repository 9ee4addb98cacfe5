import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download does not
 * work on our machines). The flags keep Chromium from calling home, which a closed network
 * refuses.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'console');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A page of the console as a signed-in reader, with everything that went wrong recorded:
 * console errors, uncaught exceptions, failed requests, and any request that left the
 * product's origin (none may: the console and explorer load nothing from outside).
 */
export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  problems: string[];
  offOrigin: string[];
  close(): Promise<void>;
}

export async function openConsole(
  browser: Browser,
  origin: string,
  token: string | null,
  options: { lang?: 'zh' | 'en' } = {},
): Promise<ConsoleSession> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: options.lang === 'en' ? 'en-GB' : 'zh-CN',
  });
  if (token !== null) {
    // Run in the page, where sessionStorage exists; the console reads its token from there.
    await context.addInitScript({
      content: `window.sessionStorage.setItem('ledger.token', ${JSON.stringify(token)});`,
    });
  }
  const page = await context.newPage();
  const problems: string[] = [];
  const offOrigin: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    // A navigation or a subscription closed by the test itself is not a failure of the page.
    if (failure === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${failure}`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const { protocol, host } = new URL(url);
    const expected = new URL(origin);
    const sameHost = host === expected.host;
    const sameScheme =
      protocol === expected.protocol ||
      protocol === (expected.protocol === 'https:' ? 'wss:' : 'ws:');
    if (!sameHost || !sameScheme) offOrigin.push(url);
  });
  return {
    context,
    page,
    problems,
    offOrigin,
    close: () => context.close(),
  };
}

/**
 * Saves a screenshot as a test artifact (test-artifacts/console/<name>.png): the whole page,
 * or with `viewport` only what the window shows (small enough for a README).
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { viewport?: boolean } = {},
): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: options.viewport !== true });
  return path;
}

/**
 * The sessions of one test file, checked after every test: a test fails when any page it
 * opened logged an error, threw, lost a request or asked another origin for anything. The
 * check runs before the sessions close, so a socket the close cuts is not counted.
 * Call it at the top of a describe; `open` works from beforeAll on.
 */
export function checkedSessions(target: () => { browser: Browser; origin: string }): {
  open(token: string | null, options?: { lang?: 'zh' | 'en' }): Promise<ConsoleSession>;
} {
  let opened: ConsoleSession[] = [];
  afterEach(async () => {
    const sessions = opened;
    opened = [];
    const problems = sessions.flatMap((s) => s.problems);
    const offOrigin = sessions.flatMap((s) => s.offOrigin);
    await Promise.all(sessions.map((s) => s.close()));
    expect({ problems, offOrigin }).toEqual({ problems: [], offOrigin: [] });
  });
  return {
    async open(token, options = {}) {
      const { browser, origin } = target();
      const session = await openConsole(browser, origin, token, options);
      opened.push(session);
      return session;
    },
  };
}

/** A downloaded file's bytes, from clicking `selector`. */
export async function download(page: Page, selector: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-download-'));
  try {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    return readFileSync(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text of what `locator` finds once it reads `expected`, or whatever it reads when
 * `timeoutMs` runs out, for the test to compare (a page that renders in steps, or refetches,
 * may show an older figure first). The DOM's text, not the layout's: a table kept out of
 * layout below the fold (content-visibility) still holds its figures.
 */
export async function textOnceShown(
  locator: Locator,
  expected: string,
  timeoutMs = 5_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = ((await locator.first().textContent({ timeout: timeoutMs })) ?? '').trim();
    if (text === expected || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
