import { Client } from 'pg';
import { Browser } from 'playwright-core';
import { databaseUrl, requirePostgres, uniqueSchemaName, waitUntil } from '@ledger/testing';
import { checkedSessions, launchBrowser, screenshot } from '../support/browser';
import { ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { disburse, ok, planHeatingProject, submitReport } from './console-data';

/**
 * The passport's hash-chain check, computed in the reader's browser, against a store that
 * someone with database rights altered behind the ledger's back: before, the chain reads
 * intact; after one stored event's data is changed in PostgreSQL, it reads broken and names
 * that event's stream and version.
 */
const AUDITOR = { role: 'auditor' as const };
const postgresUp = requirePostgres('console chain check e2e on PostgreSQL');

(postgresUp ? describe : describe.skip)('the passport chain check on PostgreSQL', () => {
  const schema = uniqueSchemaName('browser_chain');
  const storeSchema = `${schema}_store`;
  const projectId = `console-chain-${process.pid}`;
  const streamId = `project-${projectId}`;
  let running: RunningApp;
  let browser: Browser;
  let origin: string;
  const sessions = checkedSessions(() => ({ browser, origin }));

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: storeSchema,
        poolSize: 4,
      },
      schema,
    });
    origin = running.url.replace(/\/graphql$/, '');
    browser = await launchBrowser();
    await planHeatingProject(running, projectId);
    await disburse(running, projectId, 'PAY-1', '300000.50');
    await disburse(running, projectId, 'PAY-2', '200000.00');
    await submitReport(running, projectId, '2021-05', '250000.25', '250000.25');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** What the audit API serves of the project's three streams, as the passport asks for them. */
  const served = async () => {
    const api = await ok<Record<'planning' | 'reports' | 'flags', Array<{ eventId: string }>>>(
      running,
      `query($p: String!, $r: String!, $f: String!) {
        planning: streamHistory(streamId: $p) { eventId }
        reports: streamHistory(streamId: $r) { eventId }
        flags: streamHistory(streamId: $f) { eventId }
      }`,
      { p: streamId, r: `dispatch-reports-${projectId}`, f: `risk-flags-${projectId}` },
      AUDITOR,
    );
    return api.planning.length + api.reports.length + api.flags.length;
  };

  it('reads intact, then broken at the altered event once its data is changed in the table', async () => {
    const { page } = await sessions.open(await running.token(AUDITOR));
    await page.goto(`${origin}/projects/${encodeURIComponent(projectId)}`);
    const chain = page.locator('[data-testid="chain-status"]');
    await page.locator('[data-testid="chain-status"][data-state="intact"]').waitFor();
    // Assessment may still be adding flags: the open page follows them live, so the two meet.
    await waitUntil(
      async () => (await chain.getAttribute('data-events')) === String(await served()),
      'the chain check counts every event the audit API serves',
      { timeoutMs: 10_000 },
    );
    await page.locator('[data-testid="chain-status"][data-state="intact"]').waitFor();
    await screenshot(page, 'passport-chain-intact');
    await screenshot(page, 'passport-chain-intact-viewport', { viewport: true });

    // As an attacker with database rights would: the append-only trigger off for one
    // statement, the second payment's amount raised in the stored row.
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    let version: string;
    let eventId: string;
    try {
      const events = `"${storeSchema}".events`;
      const found = await client.query<{ stream_version: string; event_id: string }>(
        `SELECT stream_version::text, event_id::text FROM ${events}
          WHERE stream_id = $1 AND event_type = 'FundsDisbursed' AND data->>'disbursementId' = 'PAY-2'`,
        [streamId],
      );
      expect(found.rows).toHaveLength(1);
      ({ stream_version: version, event_id: eventId } = found.rows[0]!);
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      const changed = await client.query(
        `UPDATE ${events} SET data = jsonb_set(data, '{amount}', '"2000000.00"')
          WHERE event_id = $1`,
        [eventId],
      );
      expect(changed.rowCount).toBe(1);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }

    await page.reload();
    const broken = page.locator('[data-testid="chain-status"][data-state="broken"]');
    await broken.waitFor();
    await expect(broken.getAttribute('data-stream')).resolves.toBe(streamId);
    await expect(broken.getAttribute('data-version')).resolves.toBe(version);
    await expect(broken.getAttribute('data-event')).resolves.toBe(eventId);
    const words = await broken.innerText();
    expect(words).toContain(streamId);
    expect(words).toContain(version);
    await screenshot(page, 'passport-chain-broken', { viewport: true });
  }, 90_000);
});
