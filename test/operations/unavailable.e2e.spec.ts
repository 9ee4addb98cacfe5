import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { AppProcess, dropSchemas, freePort, spawnApp, stopApp, until } from '../support/processes';
import { CuttableProxy } from '../../tools/distributed/proxy';

const up = requirePostgres('database unavailable');

interface Answer {
  status: number;
  retryAfter: string | null;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  };
}

(up ? describe : describe.skip)('while the database is down', () => {
  const schema = uniqueSchemaName('unavailable');
  const projectId = `unavailable-${process.pid}`;
  const approval = heatingProjectApproval(projectId, `${schema}-approve`);
  let proxy: CuttableProxy;
  let app: AppProcess | undefined;
  let url = '';
  let token = '';
  const direct = new Client({ connectionString: databaseUrl() });

  const send = async (query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  };
  const approve = () =>
    send(`mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`, {
      input: approval,
    });
  const readProject = () =>
    send(`query($id: String!) { project(projectId: $id) { projectId status } }`, {
      id: projectId,
    });
  /** What the store holds for the project, read past the proxy. */
  const eventTypes = async (): Promise<string[]> =>
    (
      await direct.query<{ type: string }>(
        `SELECT event_type AS type FROM "${schema}".events WHERE stream_id = $1 ORDER BY global_position`,
        [`project-${projectId}`],
      )
    ).rows.map((r) => r.type);

  beforeAll(async () => {
    await direct.connect();
    const target = new URL(databaseUrl());
    proxy = new CuttableProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || '5432'),
    });
    await proxy.open();
    const through = new URL(databaseUrl());
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-unavailable-'));
    const key = await loadOrCreateLocalKey(join(keyDirectory, 'auth'));
    token = await mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
      subject: 'unavailable-e2e',
      role: 'planning_office',
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    // The standalone process on PostgreSQL: gateway, every subgraph and their read models in
    // one process, so a fault anywhere below the gateway is seen as a client sees it.
    app = spawnApp('gateway', {
      EVENT_STORE: 'postgres',
      DATABASE_URL: through.toString(),
      EVENT_STORE_SCHEMA: schema,
      PLANNING_SCHEMA: `${schema}_planning`,
      REPORTING_SCHEMA: `${schema}_reporting`,
      ASSESSMENT_SCHEMA: `${schema}_assessment`,
      DATA_DIR: keyDirectory,
      AUTH_KEY_DIR: join(keyDirectory, 'auth'),
      // The 761 plan: the networks and categories a proposal names.
      LOAD_SEED: 'true',
      DEADLINE_CHECK_INTERVAL_MS: '0',
      RISK_SWEEP_INTERVAL_MS: '0',
      PORT: String(port),
    });
    await until(
      async () => (await readProject()).status === 200,
      'the standalone process to answer',
      60_000,
      [app],
    );
    const proposed = await send(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, `${schema}-propose`) },
    );
    expect(proposed.body.errors).toBeUndefined();
  }, 90_000);

  afterAll(async () => {
    await stopApp(app, 'SIGTERM');
    await proxy.cut();
    await direct.end();
    await dropSchemas(schema);
  });

  it('a command answers UNAVAILABLE with 503, records nothing, and succeeds once it is back', async () => {
    const before = await eventTypes();
    expect(before).toEqual(['ProjectProposed']);

    await proxy.cut();
    const refused = await approve();
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAVAILABLE']);
    expect(refused.body.errors?.[0]?.message).not.toMatch(/ECONNREFUSED|5432|internal/i);
    // A query, which no command wrapper sees, answers the same.
    const read = await readProject();
    expect(read.status).toBe(503);
    expect(read.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAVAILABLE']);
    expect(await eventTypes()).toEqual(before);

    await proxy.open();
    // The same process, not restarted: its pool connects again on the next request.
    let accepted: Answer | undefined;
    await until(
      async () => {
        accepted = await approve();
        return accepted.status === 200;
      },
      'the command to be accepted again',
      30_000,
      [app!],
    );
    expect(accepted?.body).toEqual({ data: { approveProject: { replayed: false } } });
    expect(await eventTypes()).toEqual(['ProjectProposed', 'ProjectApproved']);
    expect(app!.child.exitCode).toBeNull();
  });

  it('a connection cut under a running process is no crash: the next command is accepted', async () => {
    // Idle pooled connections die with the cut; the pool's clients must not end the process.
    await proxy.cut();
    await proxy.open();
    let answer: Answer | undefined;
    await until(
      async () => {
        answer = await approve();
        return answer.status === 200;
      },
      'the command to be answered after the cut',
      30_000,
      [app!],
    );
    // The approval was recorded above: sent again with its key, it is a replay.
    expect(answer?.body).toEqual({ data: { approveProject: { replayed: true } } });
    expect(await eventTypes()).toEqual(['ProjectProposed', 'ProjectApproved']);
    expect(app!.child.exitCode).toBeNull();
  });
});
