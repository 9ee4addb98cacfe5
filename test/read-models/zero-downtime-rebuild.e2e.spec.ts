import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EventStoreConfig, openEventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';
import { heatingProjectProposal } from '../support/heating-project';
import { dropSchemas } from '../support/processes';
import { RunningApp, startStandalone } from '../support/standalone-app';

const root = join(__dirname, '..', '..');
const postgres = requirePostgres('zero-downtime rebuild');

interface Sample {
  projects: number;
  registered: number;
  disbursed: bigint;
}

const QUERY = `{
  projects(first: 1) { totalCount }
  progress(by: network) { projects disbursed }
  riskFlags(first: 5) { rule }
}`;

/** Yuan as a decimal string to fen, exactly. */
const fen = (yuan: string): bigint => {
  const [whole, part = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(part.padEnd(2, '0').slice(0, 2));
};

(postgres ? describe : describe.skip)('npm run rebuild -- all, while supervisors query', () => {
  const prefix = uniqueSchemaName('bluegreen');
  const storeSchema = `${prefix}_events`;
  const storeConfig: EventStoreConfig = {
    adapter: 'postgres',
    connectionString: databaseUrl(),
    schema: storeSchema,
    poolSize: 10,
  };
  const idPrefix = `bluegreen-${Date.now().toString(36)}`;
  let running: RunningApp;

  beforeAll(async () => {
    // The synthetic programme (generated, marked synthetic), written before the service
    // starts: it catches up from the log as it would after a restart.
    const store = await openEventStore(storeConfig);
    const calendar = loadPrcCalendar();
    for (const stream of syntheticProgramme({
      projects: 300,
      months: 36,
      disbursementsPerMonth: 1,
      seed: 761,
      dueOn: (p) => calendar.dispatchReportDueDate(Number(p.slice(0, 4)), Number(p.slice(5, 7))),
    })) {
      await store.appendToStream(
        stream.streamId,
        stream.events.map((e) => ({
          type: e.type,
          data: e.data as never,
          metadata: { actor: 'synthetic:generator' },
        })),
      );
    }
    await store.close();
    running = await startStandalone({
      store: storeConfig,
      schema: prefix,
    });
  }, 180_000);

  afterAll(async () => {
    await running?.close();
    await dropSchemas(prefix);
  });

  const sample = async (): Promise<Sample> => {
    const response = await running.graphql<{
      projects: { totalCount: number };
      progress: Array<{ projects: number; disbursed: string }>;
    }>(QUERY, {}, { role: 'supervisor' });
    if (response.errors || !response.data) {
      throw new Error(`query failed during the rebuild: ${JSON.stringify(response.errors)}`);
    }
    return {
      projects: response.data.projects.totalCount,
      registered: response.data.progress.reduce((n, line) => n + line.projects, 0),
      disbursed: response.data.progress.reduce((sum, line) => sum + fen(line.disbursed), 0n),
    };
  };

  it('builds beside the live views, switches once caught up, and no answer fails or goes backwards', async () => {
    // Wait until the live views hold the whole programme (the seed's 160 named projects too).
    let before = await sample();
    for (let i = 0; i < 600 && before.registered < before.projects; i++) {
      await new Promise((r) => setTimeout(r, 100));
      before = await sample();
    }
    expect(before.projects).toBeGreaterThanOrEqual(300);
    expect(before.registered).toBe(before.projects);

    const rebuild = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'apps/gateway/src/rebuild.ts',
        'all',
      ],
      {
        cwd: root,
        env: {
          ...process.env,
          EVENT_STORE: 'postgres',
          DATABASE_URL: databaseUrl(),
          EVENT_STORE_SCHEMA: storeSchema,
          PLANNING_SCHEMA: prefix,
          REPORTING_SCHEMA: `${prefix}_reporting`,
          ASSESSMENT_SCHEMA: `${prefix}_assessment`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    rebuild.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    rebuild.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => rebuild.on('exit', resolve));
    let finished = false;
    void exited.then(() => (finished = true));

    // Supervisors keep querying, and the planning office keeps proposing, all through it.
    const samples: Sample[] = [before];
    let proposed = 0;
    const failures: string[] = [];
    while (!finished) {
      try {
        samples.push(await sample());
        if (samples.length % 5 === 0) {
          const id = `${idPrefix}-${proposed}`;
          const answer = await running.graphql(
            `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
            { input: heatingProjectProposal(id, `${id}-key`) },
          );
          if (answer.errors) failures.push(JSON.stringify(answer.errors));
          else proposed += 1;
        }
      } catch (error) {
        failures.push(String(error));
      }
    }
    const code = await exited;
    // The rebuild's own words when it fails: the exit code alone says nothing.
    expect({ code, failures, output: code === 0 ? '' : output }).toEqual({
      code: 0,
      failures: [],
      output: '',
    });
    for (const name of [
      'planning.programme',
      'planning.project-library',
      'reporting.project-register',
      'reporting.problem-register',
      'assessment.project-facts',
      'assessment.views',
    ]) {
      expect(output).toMatch(
        new RegExp(`${name.replace('.', '\\.')}\\s+v\\d+ at \\d+: built beside`),
      );
    }
    // The rebuild took long enough for the loop to see it: it is not a test of nothing.
    expect(samples.length).toBeGreaterThan(20);
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [samples[i - 1]!, samples[i]!];
      const backwards =
        b.projects < a.projects || b.registered < a.registered || b.disbursed < a.disbursed;
      if (backwards)
        throw new Error(
          `answer ${i} went backwards: ${JSON.stringify([a, b], (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
        );
    }
    // Everything written meanwhile is there, once, in the rebuilt views.
    let after = await sample();
    for (let i = 0; i < 100 && after.registered < before.projects + proposed; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await sample();
    }
    expect(after).toEqual({
      projects: before.projects + proposed,
      registered: before.projects + proposed,
      disbursed: before.disbursed,
    });
  }, 300_000);
});
