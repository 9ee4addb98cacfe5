import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { dropSchemas, freePort, until } from '../support/processes';

const up = requirePostgres('JSON logs');
const root = join(__dirname, '..', '..');

/** A process of the ledger with its stdout and stderr kept apart and whole. */
interface Captured {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function start(app: 'gateway' | 'planning', env: Record<string, string>): Captured {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      `apps/${app}/src/main.ts`,
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const captured: Captured = {
    child,
    stdout: [],
    stderr: [],
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => captured.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => captured.stderr.push(chunk.toString()));
  return captured;
}

async function stop(app: Captured | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await app.exited;
}

interface Line {
  level: string;
  msg: string;
  service: string;
  context?: string;
  code?: string;
  stack?: string;
  [field: string]: unknown;
}

/** Every line of stdout as JSON: one that does not parse fails the test here. */
function linesOf(app: Captured): Line[] {
  return app.stdout
    .join('')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(`not a JSON line on stdout: ${line}`);
      }
    });
}

(up ? describe : describe.skip)('JSON logs: one line per event, no secrets, LOG_LEVEL', () => {
  const schema = uniqueSchemaName('logs');
  const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-logs-auth-'));
  const password = `pw-${process.pid}-never-logged`;
  // PostgreSQL here trusts local connections: the password is carried, never checked.
  const withPassword = (() => {
    const url = new URL(databaseUrl());
    url.password = password;
    return url.toString();
  })();
  let standalone: Captured | undefined;
  let url = '';
  let token = '';
  let signingKey = '';
  const env = (port: number): Record<string, string> => ({
    PORT: String(port),
    EVENT_STORE: 'postgres',
    DATABASE_URL: withPassword,
    EVENT_STORE_SCHEMA: schema,
    PLANNING_SCHEMA: `${schema}_planning`,
    REPORTING_SCHEMA: `${schema}_reporting`,
    ASSESSMENT_SCHEMA: `${schema}_assessment`,
    LOAD_SEED: 'false',
    AUTH_KEY_DIR: keyDirectory,
    DEADLINE_CHECK_INTERVAL_MS: '0',
    RISK_SWEEP_INTERVAL_MS: '0',
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    const key = await loadOrCreateLocalKey(keyDirectory);
    signingKey = (
      JSON.parse(readFileSync(join(keyDirectory, 'signing-key.jwk.json'), 'utf8')) as { d: string }
    ).d;
    token = await mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
      subject: 'logs-e2e',
      role: 'planning_office',
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    standalone = start('gateway', env(port));
    await until(
      async () => (await fetch(url, { method: 'GET' })).status > 0,
      'the standalone process to listen',
      90_000,
    );
  }, 120_000);

  afterAll(async () => {
    await stop(standalone);
    await dropSchemas(schema);
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('writes JSON lines: the request, the command and each refusal once, without secrets', async () => {
    // A good token, a bad one, an oversized body and a command the ledger refuses.
    const ok = await post(JSON.stringify({ query: '{ __typename }' }), {
      authorization: `Bearer ${token}`,
      'x-request-id': 'logs-e2e-query',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-request-id')).toBe('logs-e2e-query');
    const badToken = `${token.slice(0, -8)}AAAAAAAA`;
    const refused = await post(JSON.stringify({ query: '{ __typename }' }), {
      authorization: `Bearer ${badToken}`,
      'x-request-id': 'logs-e2e-bad-token',
    });
    expect(refused.status).toBe(401);
    const large = await post(
      JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_200_000)}` }),
      {
        authorization: `Bearer ${token}`,
        'x-request-id': 'logs-e2e-too-large',
      },
    );
    expect(large.status).toBe(413);
    // A generated id comes back when the client sent none (or an unusable one).
    expect(large.headers.get('x-request-id')).toBe('logs-e2e-too-large');
    const rejected = await post(
      JSON.stringify({
        query: `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
        variables: {
          input: {
            idempotencyKey: `${schema}-approve`,
            projectId: 'no-such-project',
            authority: '长春市发展和改革委员会',
            documentNumber: '长发改〔2021〕9号',
            approvedInvestment: '1200000.00',
            approvedOn: '2021-01-05',
          },
        },
      }),
      { authorization: `Bearer ${token}`, 'x-correlation-id': 'logs-e2e-command' },
    );
    const answer = (await rejected.json()) as {
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    expect(answer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(rejected.headers.get('x-request-id')).toBe('logs-e2e-command');
    const generated = await post(JSON.stringify({ query: '{ __typename }' }), {
      authorization: `Bearer ${token}`,
      'x-request-id': 'x'.repeat(300),
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    let lines: Line[] = [];
    await until(
      async () => {
        lines = linesOf(standalone!);
        return lines.some((l) => l.context === 'Command');
      },
      'the command line to be written',
      10_000,
    );
    const all = standalone!.stdout.join('') + standalone!.stderr.join('');

    // Every line is JSON with the shape operators filter on.
    for (const line of lines) {
      expect(['error', 'warn', 'info', 'debug']).toContain(line.level);
      expect(typeof line.time).toBe('string');
      expect(line.service).toBe('standalone');
      expect(typeof line.msg).toBe('string');
      // Only a fault carries a stack.
      if (line.level !== 'error') expect(line.stack).toBeUndefined();
    }
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);

    // No secret anywhere in what the process wrote.
    expect(all).not.toContain(token);
    expect(all).not.toContain(badToken);
    expect(all).not.toContain(token.split('.')[2]!);
    expect(all).not.toContain(password);
    expect(all).not.toContain(signingKey);

    // The 413: one WARN line, no stack, with the request's correlation id.
    const tooLarge = lines.filter((l) => JSON.stringify(l).includes('PAYLOAD_TOO_LARGE'));
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]).toMatchObject({
      level: 'warn',
      code: 'PAYLOAD_TOO_LARGE',
      correlationId: 'logs-e2e-too-large',
    });
    expect(all).not.toMatch(/PayloadTooLargeError|\n\s+at /);

    // The bad token: one WARN line.
    const unauthenticated = lines.filter((l) => l.correlationId === 'logs-e2e-bad-token');
    expect(unauthenticated).toHaveLength(1);
    expect(unauthenticated[0]).toMatchObject({ level: 'warn', code: 'UNAUTHENTICATED' });

    // The refused command: its own line (who, what, how it ended) and one WARN line.
    const command = lines.filter((l) => l.correlationId === 'logs-e2e-command');
    expect(command.filter((l) => l.context === 'Command')).toEqual([
      expect.objectContaining({
        level: 'info',
        command: 'ApproveProject',
        operation: 'mutation approveProject',
        actor: 'planning_office:logs-e2e',
        outcome: 'rejected',
        reason: 'PROJECT_NOT_FOUND',
      }),
    ]);
    expect(command.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', outcome: 'rejected' }),
    ]);
  });

  it('LOG_LEVEL=warn leaves info lines out; a bad LOG_LEVEL stops the start with its reason', async () => {
    const port = await freePort();
    const quiet = start('planning', { ...env(port), LOG_LEVEL: 'warn' });
    const loud = start('planning', { ...env(await freePort()), LOG_LEVEL: 'chatty' });
    try {
      const subgraph = `http://127.0.0.1:${port}/graphql`;
      await until(
        async () => (await fetch(subgraph, { method: 'GET' })).status > 0,
        'planning to listen',
        90_000,
      );
      const refused = await fetch(subgraph, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' },
        body: '{"query":"{ __typename }"}',
      });
      expect(refused.status).toBe(401);
      await until(
        async () => linesOf(quiet).some((l) => l.code === 'UNAUTHENTICATED'),
        'the refusal to be logged',
        10_000,
      );
      const lines = linesOf(quiet);
      expect(lines.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
      expect(lines.map((l) => l.service)).toContain('planning');

      expect(await loud.exited).not.toBe(0);
      expect(loud.stderr.join('')).toContain(
        'LOG_LEVEL: "chatty" is not a level; use one of error, warn, info, debug',
      );
    } finally {
      await stop(quiet);
      await stop(loud);
    }
  }, 120_000);
});
