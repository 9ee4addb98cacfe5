import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { appendedSince } from '../support/appended-since';

const ROOT = join(__dirname, '..', '..');

/** `npm run load` as a user runs it: its own process, the public endpoint, a token. */
function load(
  args: string[],
): Promise<{ code: number; lines: Array<Record<string, unknown>>; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'apps/load-cli/src/cli.ts'), ...args],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const lines = stdout
          .split('\n')
          .filter((l) => l.length > 0)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
        resolve({ code, lines, stderr });
      },
    );
  });
}

const postgresUp = requirePostgres('load CLI e2e on PostgreSQL');

(postgresUp ? describe : describe.skip)('npm run load: NDJSON through the bulk mutations', () => {
  let running: RunningApp;
  let store: EventStore;
  const dir = mkdtempSync(join(tmpdir(), 'ledger-load-'));
  const x = `load-x-${process.pid}`;
  const y = `load-y-${process.pid}`;
  const line = (kind: string, input: unknown) => JSON.stringify({ kind, input });

  beforeAll(async () => {
    const schema = uniqueSchemaName('load');
    running = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: `${schema}_store`,
        poolSize: 10,
      },
      schema,
      clock: new FixedClock('2021-06-03' as LocalDate),
    });
    store = running.app.get<EventStore>(EVENT_STORE);
  }, 180_000);

  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const planningFile = join(dir, 'planning.ndjson');
  const payment = (projectId: string, amount: string) =>
    line('disburseFunds', {
      idempotencyKey: `load-pay-${projectId}`,
      projectId,
      disbursementId: 'p-1',
      amount,
      source: 'special_bonds',
      paidOn: '2021-02-10',
      payee: '长春热力集团',
    });

  it('prints an outcome per line and a summary; a refused command keeps its project out', async () => {
    writeFileSync(
      planningFile,
      [
        line('proposeProject', heatingProjectProposal(x, `load-propose-${x}`)),
        line('approveProject', heatingProjectApproval(x, `load-approve-${x}`)),
        '',
        '{"kind": "disburseFunds", not json',
        payment(x, '300000.00'),
        line('proposeProject', heatingProjectProposal(y, `load-propose-${y}`)),
        payment(y, '1.00'), // y is not approved
      ].join('\n'),
    );
    const token = await running.token({ role: 'planning_office', subject: 'loader' });
    const run = await load(['--file', planningFile, '--url', running.url, '--token', token]);
    expect(run.code).toBe(1);
    expect(run.lines.map((l) => [l.line, l.status])).toEqual([
      [1, 'RECORDED'],
      [2, 'RECORDED'],
      [4, 'REFUSED'],
      [5, 'RECORDED'],
      [6, 'NOT_APPLIED'],
      [7, 'REFUSED'],
    ]);
    expect(run.lines[2]).toMatchObject({ kind: null, refusal: { code: 'BAD_USER_INPUT' } });
    expect(run.lines[4]).toMatchObject({ streamId: `project-${y}`, notAppliedBecause: 7 });
    expect(run.lines[5]).toMatchObject({
      kind: 'disburseFunds',
      refusal: { code: 'RULE_VIOLATED', rule: 'DISBURSEMENT_BEFORE_APPROVAL' },
    });
    expect(run.lines[3]).toMatchObject({ streamId: `project-${x}`, version: '2' });
    expect(run.stderr).toContain(
      '6 commands in', // lines that are not blank
    );
    expect(run.stderr).toContain('3 recorded, 0 replayed, 2 refused, 1 not applied');
    const stored = await store.readStream(`project-${x}`);
    expect(stored.map((e) => e.metadata.actor)).toEqual(
      Array<string>(3).fill('planning_office:loader'),
    );
    expect(run.lines[3]!.position).toBe(stored[2]!.globalPosition.toString());
    expect(await store.readStream(`project-${y}`)).toEqual([]);

    // The same file again: what was recorded is replayed, nothing new is stored.
    const head = await store.headPosition();
    const again = await load(['--file', planningFile, '--url', running.url, '--token', token]);
    expect(again.lines.map((l) => l.status)).toEqual([
      'REPLAYED',
      'REPLAYED',
      'REFUSED',
      'REPLAYED',
      'NOT_APPLIED',
      'REFUSED',
    ]);
    expect(await appendedSince(store, head)).toEqual([]);
  }, 120_000);

  it('sends chunks of --chunk commands in the order of the file, with the token given', async () => {
    const reportsFile = join(dir, 'reports.ndjson');
    const months = [
      ['2021-01', '100000.00', '100000.00'],
      ['2021-02', '100000.00', '200000.00'],
      ['2021-03', '50000.00', '250000.00'],
    ];
    writeFileSync(
      reportsFile,
      months
        .map(([period, month, cumulative]) =>
          line('submitDispatchReport', {
            idempotencyKey: `load-report-${x}-${period}`,
            projectId: x,
            period,
            investmentInMonth: month,
            cumulativeInvestment: cumulative,
            physicalProgressPercent: '10',
            physicalProgress: '管网铺设中',
            quantities: [],
            submittedBy: '长春热力集团',
          }),
        )
        .join('\n') + '\n',
    );
    const region = await running.token({ role: 'region', region: 'changchun', subject: 'loader' });
    const run = await load([
      '--file',
      reportsFile,
      '--url',
      running.url,
      '--token',
      region,
      '--chunk',
      '2',
    ]);
    expect(run.stderr).toContain('3 commands in');
    expect(run.stderr).toContain('2 requests');
    expect(run.code).toBe(0);
    expect(run.lines.map((l) => [l.line, l.status, l.version])).toEqual([
      [1, 'RECORDED', '0'],
      [2, 'RECORDED', '1'],
      [3, 'RECORDED', '2'],
    ]);

    // The planning office may not report: the request is refused whole, and the CLI says so.
    const office = await running.token({ role: 'planning_office' });
    const refused = await load(['--file', reportsFile, '--url', running.url, '--token', office]);
    expect(refused.code).toBe(2);
    expect(refused.lines).toEqual([]);
    expect(refused.stderr).toMatch(/stopped at line 1: FORBIDDEN/);
  }, 120_000);

  it('refuses a command line without a token', async () => {
    const run = await load(['--file', planningFile, '--url', running.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a token is needed');
  });
});
