/**
 * `npm run dead-letters` end to end, as operators run it: a child process over a
 * PostgreSQL store where the reporting register set two poison events aside; it lists them,
 * replays one after the fix (once: the second replay is refused) and discards the other
 * with its reason, each action recorded on the operations stream.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore, RecordedEvent } from '@ledger/event-store';
import { DEAD_LETTER_OPERATIONS_STREAM } from '@ledger/contracts';
import { ProjectionRunner, SqlExecutor, postgresDatabase } from '@ledger/event-sourcing';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'apps', 'ops-cli', 'src', 'cli.ts');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', MAIN, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function projectIdOf(event: RecordedEvent): string {
  const id = event.data.projectId;
  if (typeof id !== 'string') throw new Error(`${event.type} without a projectId`);
  return id;
}

/** The real register, until its "bug" is fixed: it cannot read the poisoned projects. */
class RegisterWithABug extends ProjectRegisterProjection {
  readonly poisoned = new Set<string>();
  override async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const unreadable = events.find((e) => this.poisoned.has(projectIdOf(e)));
    if (unreadable) {
      throw new Error(`cannot read the proposal of ${projectIdOf(unreadable)}`);
    }
    return super.applyBatch(tx, events);
  }
}

const up = requirePostgres('dead-letters CLI');
(up ? describe : describe.skip)('npm run dead-letters (PostgreSQL)', () => {
  const storeSchema = uniqueSchemaName('dlcli_store');
  const reporting = uniqueSchemaName('dlcli_reporting');
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    EVENT_STORE_SCHEMA: storeSchema,
    REPORTING_SCHEMA: reporting,
    PLANNING_SCHEMA: uniqueSchemaName('dlcli_planning'),
    ASSESSMENT_SCHEMA: uniqueSchemaName('dlcli_assessment'),
  };
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema: storeSchema });
  });
  afterAll(async () => {
    for (const schema of [reporting, storeSchema])
      await store.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await store.close();
  });

  it('lists, replays once and discards with a reason', async () => {
    const projects = [
      ...syntheticProgramme({
        projects: 3,
        months: 1,
        disbursementsPerMonth: 0,
        seed: 7,
        dueOn: (p) => `${p}-12`,
      }),
    ].filter((s) => s.streamId.startsWith('project-'));
    for (const stream of projects) {
      const first = stream.events[0]!;
      await store.appendToStream(stream.streamId, [
        { type: first.type, data: first.data as never, metadata: { actor: 'test' } },
      ]);
    }
    const [a, b, c] = await store.readAll();
    const projectOf = (e: RecordedEvent | undefined) => projectIdOf(e!);
    const register = new RegisterWithABug(reporting);
    register.poisoned.add(projectOf(a));
    register.poisoned.add(projectOf(c));
    const runner = new ProjectionRunner(store, postgresDatabase(store.pool), register, {
      maxAttempts: 1,
      retryDelayMs: 5,
    });
    await runner.start();
    await runner.waitFor(b!.globalPosition, 20_000);
    await expect(runner.waitFor(c!.globalPosition, 20_000)).rejects.toThrow(/dead letter/);
    await runner.stop();
    const inRegister = async (event: RecordedEvent | undefined) =>
      (
        await store.pool.query(
          `SELECT 1 FROM "${reporting}".project_register WHERE project_id = $1`,
          [projectOf(event)],
        )
      ).rowCount;
    expect([await inRegister(a), await inRegister(b), await inRegister(c)]).toEqual([0, 1, 0]);

    const replayId = `reporting.project-register@${a!.globalPosition}`;
    const discardId = `reporting.project-register@${c!.globalPosition}`;
    const [listed, noReason] = await Promise.all([
      runCli(['list', '--json'], env),
      runCli(['discard', discardId], env),
    ]);
    expect(listed.code).toBe(0);
    const letters = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(letters.map((l) => [l.id, l.kind, l.eventType, l.status, l.error])).toEqual([
      [
        replayId,
        'projection_event',
        'ProjectProposed',
        'open',
        `cannot read the proposal of ${projectOf(a)}`,
      ],
      [
        discardId,
        'projection_event',
        'ProjectProposed',
        'open',
        `cannot read the proposal of ${projectOf(c)}`,
      ],
    ]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/discard needs --reason/);

    // The fix ships (the CLI runs the real register); one replayed, the other discarded.
    const [replayed, discarded] = await Promise.all([
      runCli(['replay', replayId, '--note', 'register fixed', '--by', 'alice'], env),
      runCli(['discard', discardId, '--reason', 'a test project, never real', '--by', 'bob'], env),
    ]);
    expect([replayed.code, replayed.stdout]).toEqual([0, expect.stringMatching(/^applied {2}/)]);
    expect(discarded.code).toBe(0);
    expect(await inRegister(a)).toBe(1);

    const again = await runCli(['replay', replayId, '--by', 'alice'], env);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(`dead letter ${replayId} was already replayed`);
    expect(await inRegister(a)).toBe(1);
    expect(await inRegister(c)).toBe(0);

    const audit = await store.readStream(DEAD_LETTER_OPERATIONS_STREAM);
    expect(
      audit
        .map((e) => [
          e.type,
          e.metadata.actor,
          e.data.deadLetterId,
          e.data.outcome ?? e.data.reason,
        ])
        .sort(),
    ).toEqual(
      [
        ['DeadLetterDiscarded', 'operator:bob', discardId, 'a test project, never real'],
        ['DeadLetterReplayed', 'operator:alice', replayId, 'applied'],
      ].sort(),
    );
  }, 60_000);
});
