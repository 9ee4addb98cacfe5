/**
 * The audit CLI end to end, as auditors run it: a child process on a store seeded with
 * the 761 plan, its stdout and exit code checked against what the store holds.
 * PGlite first (the embedded default, one process per data folder: the seeding store is
 * closed before the CLI opens it), then PostgreSQL, where the chain is tampered with.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventStore,
  PgliteEventStore,
  PostgresEventStore,
  RecordedEvent,
} from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { SeedLoader } from '../../apps/planning/src/seed/seed-loader';
import { ReplayLine, toReplayLine } from '../../apps/audit-cli/src/replay';
import { projections } from '../../apps/gateway/src/rebuild';

/** Every service's read models, as the services list them (what `rebuild all` rebuilds). */
const READ_MODELS = projections({}).length;

const ROOT = join(__dirname, '..', '..');
const CLI = ['-r', 'ts-node/register/transpile-only'];
const MAIN = join(ROOT, 'apps', 'audit-cli', 'src', 'cli.ts');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI, MAIN, ...args],
      // The CLI's environment only: nothing of this Jest process's store settings leaks in.
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function parseNdjson(text: string): ReplayLine[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as ReplayLine);
}

async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({
      after: all[all.length - 1]?.globalPosition,
      maxCount: 1000,
    });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function seed(store: EventStore): Promise<RecordedEvent[]> {
  await new SeedLoader(store, { readModelSchema: 'planning', loadSeed: true }).load();
  return readWholeLog(store);
}

/** JSON round trip of what the CLI should have written for these events. */
const expectedLines = (events: readonly RecordedEvent[]): ReplayLine[] =>
  events.map((e) => JSON.parse(JSON.stringify(toReplayLine(e))) as ReplayLine);

describe('audit CLI on the embedded store (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-audit-'));
  const env = { EVENT_STORE: 'pglite', DATA_DIR: dataDir };
  let log: RecordedEvent[] = [];

  beforeAll(async () => {
    const store = await PgliteEventStore.open({ dataDir: join(dataDir, 'event-store') });
    try {
      log = await seed(store);
    } finally {
      await store.close();
    }
    expect(log.length).toBeGreaterThan(100);
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('replay writes the whole log as NDJSON on stdout, equal to the store in count, order and content', async () => {
    const run = await runCli(['replay'], env);
    expect(run.code).toBe(0);
    const lines = parseNdjson(run.stdout);
    expect(lines).toHaveLength(log.length);
    expect(lines).toEqual(expectedLines(log));
    // Parsed back: positions strictly increasing, hashes present, times exact.
    const positions = lines.map((l) => BigInt(l.globalPosition));
    expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    expect(lines.every((l) => /^[0-9a-f]{64}$/.test(l.chain?.hash ?? ''))).toBe(true);
    expect(new Date(lines[0]!.recordedAt).getTime()).toBe(log[0]!.recordedAt.getTime());
    // The summary goes to stderr, so stdout stays pure NDJSON.
    expect(run.stderr).toMatch(new RegExp(`replay: ${log.length} events, \\d+ bytes, .* events/s`));
  }, 120_000);

  it('replay --stream --out writes one stream in version order to the file, nothing on stdout', async () => {
    const streamId = log.find((e) => e.streamId.startsWith('project-'))!.streamId;
    const out = join(dataDir, 'stream.ndjson');
    const run = await runCli(['replay', '--stream', streamId, '--out', out], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = parseNdjson(readFileSync(out, 'utf8'));
    expect(lines).toEqual(expectedLines(log.filter((e) => e.streamId === streamId)));
    expect(lines.map((l) => l.streamVersion)).toEqual(lines.map((_l, i) => String(i)));
    expect(existsSync(`${out}.partial`)).toBe(false);
  }, 120_000);

  it('replay --from --to keeps the events recorded in [from, to), with --type on top', async () => {
    const times = [...new Set(log.map((e) => e.recordedAt.getTime()))];
    expect(times.length).toBeGreaterThan(3);
    const from = new Date(times[Math.floor(times.length / 4)]!);
    const to = new Date(times[Math.floor((times.length * 3) / 4)]!);
    const inRange = log.filter(
      (e) => e.recordedAt.getTime() >= from.getTime() && e.recordedAt.getTime() < to.getTime(),
    );
    expect(inRange.length).toBeGreaterThan(0);
    expect(inRange.length).toBeLessThan(log.length);
    const type = inRange[0]!.type;
    const run = await runCli(
      ['replay', '--from', from.toISOString(), '--to', to.toISOString(), '--type', type],
      env,
    );
    expect(run.code).toBe(0);
    expect(parseNdjson(run.stdout)).toEqual(expectedLines(inRange.filter((e) => e.type === type)));
    expect(run.stderr).toMatch(/of \d+ read/);
  }, 120_000);

  it('verify finds the chain intact (exit 0), for the whole log and for one project', async () => {
    const all = await runCli(['verify'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`OK: ${log.length} events, chain intact`);
    expect(all.stdout).toMatch(/^anchor: \S+ version \d+ hash [0-9a-f]{64}/m);

    const projectStream = log.find((e) => e.streamId.startsWith('project-'))!.streamId;
    const project = await runCli(
      ['verify', '--project', projectStream.slice('project-'.length)],
      env,
    );
    expect(project.code).toBe(0);
    const count = log.filter((e) => e.streamId === projectStream).length;
    expect(project.stdout).toContain(`OK: ${count} events, chain intact`);
  }, 120_000);

  it('rebuild all rebuilds every read model and prints a summary; --to rebuilds as of a position', async () => {
    const all = await runCli(['rebuild', 'all'], env);
    expect(all.code).toBe(0);
    for (const name of [
      'planning.programme',
      'planning.project-library',
      'reporting.project-register',
      'reporting.problem-register',
    ]) {
      expect(all.stderr).toMatch(
        new RegExp(
          `rebuild: ${name} v\\d+: ${log.length} events to position ${log[log.length - 1]!.globalPosition}`,
        ),
      );
    }
    expect(all.stderr).toContain(
      `${READ_MODELS} read model(s) as of position ${log[log.length - 1]!.globalPosition}`,
    );

    // A position among the projects' events: the runner stores its checkpoint with a batch
    // that changed the read model, so a position before the first project would leave none.
    const projectEvents = log.filter((e) => e.streamId.startsWith('project-'));
    const at = projectEvents[Math.floor(projectEvents.length / 2)]!.globalPosition;
    const upTo = log.filter((e) => e.globalPosition <= at);
    const partial = await runCli(['rebuild', 'planning.project-library', '--to', String(at)], env);
    expect(partial.code).toBe(0);
    expect(partial.stderr).toContain(`${upTo.length} events to position ${at}`);

    // The read model says what it said at that position: its checkpoint, and no project listed later.
    const store = await PgliteEventStore.open({ dataDir: join(dataDir, 'event-store') });
    try {
      const checkpoint = await store.db.query<{ position: string }>(
        `SELECT position::text AS position FROM planning.read_model_checkpoints WHERE name = 'planning.project-library'`,
      );
      expect(checkpoint.rows[0]?.position).toBe(String(at));
      const projects = await store.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM planning.projects',
      );
      const listed = new Set(
        upTo.filter((e) => e.streamId.startsWith('project-')).map((e) => e.streamId),
      );
      expect(projects.rows[0]?.n).toBe(listed.size);
    } finally {
      await store.close();
    }
  }, 240_000);

  // Each argument rule is the parser's unit test (apps/audit-cli/src/args.spec.ts); here,
  // what the process does with a refusal: one from the parser, one found only once the
  // projections are known, one that would have written a file.
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['rebuild', 'no.such'], /no such projection "no.such"/],
    [['replay', '--from', 'yesterday'], /--from must be an ISO-8601 date/],
  ])(
    '%j is a usage error: exit 2, one line on stderr, nothing written',
    async (args, message) => {
      const out = join(dataDir, 'never.ndjson');
      // A replay that would write a file must not even create it when its arguments are wrong.
      const run = await runCli(args[0] === 'replay' ? [...args, '--out', out] : args, env);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.partial`)).toBe(false);
    },
    60_000,
  );
});

const describePostgres = requirePostgres('audit CLI on PostgreSQL') ? describe : describe.skip;

describePostgres('audit CLI on PostgreSQL', () => {
  const schema = uniqueSchemaName('audit_store');
  const planning = uniqueSchemaName('audit_planning');
  const reporting = uniqueSchemaName('audit_reporting');
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: databaseUrl(),
    EVENT_STORE_SCHEMA: schema,
    PLANNING_SCHEMA: planning,
    REPORTING_SCHEMA: reporting,
  };
  let store: PostgresEventStore;
  let log: RecordedEvent[] = [];

  beforeAll(async () => {
    store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
    log = await seed(store);
  }, 120_000);
  afterAll(async () => {
    for (const s of [schema, planning, reporting]) {
      await store.pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    }
    await store.close();
  });

  it('replays the same log and rebuilds from it', async () => {
    const replay = await runCli(['replay'], env);
    expect(replay.code).toBe(0);
    expect(parseNdjson(replay.stdout)).toEqual(expectedLines(log));
    const rebuild = await runCli(['rebuild', 'all'], env);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stderr).toContain(`${READ_MODELS} read model(s) as of position`);
  }, 120_000);

  it('verify says intact, then exit 1 naming the event whose data was changed behind the store', async () => {
    const intact = await runCli(['verify', '--all'], env);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`OK: ${log.length} events, chain intact`);

    const victim = log.filter((e) => e.streamId.startsWith('project-'))[5]!;
    const client = await store.pool.connect();
    try {
      // The append-only trigger refuses UPDATE; replica mode skips triggers, as an
      // attacker with superuser rights could.
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      const updated = await client.query(
        `UPDATE "${schema}".events SET data = data || '{"tampered": true}'::jsonb WHERE global_position = $1`,
        [victim.globalPosition.toString()],
      );
      expect(updated.rowCount).toBe(1);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    const broken = await runCli(['verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `BROKEN: stream ${victim.streamId}, version ${victim.streamVersion}, global position ${victim.globalPosition}: content altered`,
    );
    expect(broken.stdout).not.toContain('OK:');

    const stream = await runCli(['verify', '--stream', victim.streamId], env);
    expect(stream.code).toBe(1);
    expect(stream.stdout).toContain(`global position ${victim.globalPosition}: content altered`);

    const other = log.find(
      (e) => e.streamId.startsWith('project-') && e.streamId !== victim.streamId,
    )!;
    const untouched = await runCli(['verify', '--stream', other.streamId], env);
    expect(untouched.code).toBe(0);

    const missing = await runCli(['verify', '--stream', 'project-no-such-project'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('holds no events');
  }, 120_000);
});
