import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseUrl, waitUntil } from '@ledger/testing';

const root = join(__dirname, '..', '..');

/** A service alone, the relay, or `gateway`: the standalone process `npm start` runs. */
export type AppName = 'planning' | 'reporting' | 'assessment' | 'relay' | 'gateway';

/** An app as its own process, as in distributed mode; its output is kept for failures. */
export interface AppProcess {
  name: AppName;
  child: ChildProcess;
  output: string[];
}

export function spawnApp(name: AppName, env: Record<string, string>): AppProcess {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      `apps/${name}/src/main.ts`,
    ],
    { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, output };
}

export async function stopApp(app: AppProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise((resolve) => app.child.once('exit', resolve));
  app.child.kill(signal);
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** waitUntil, failing at once (with the processes' last output) if one of them has died. */
export function until(
  check: () => Promise<boolean>,
  what: string,
  ms = 60_000,
  processes: AppProcess[] = [],
): Promise<void> {
  const logs = () =>
    processes.map((p) => `--- ${p.name}\n${p.output.join('').slice(-3000)}`).join('\n');
  return waitUntil(
    async () => {
      const dead = processes.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}): ${what}\n${logs()}`);
      return check().catch(() => false);
    },
    what,
    { timeoutMs: ms, intervalMs: 200, why: logs },
  );
}

/** POSTs a GraphQL operation as a client of that service would. */
export async function graphqlAt<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T | null };
}

/** Drops every schema a test made (they share the `test` database with other suites). */
export async function dropSchemas(prefix: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${prefix}%`],
    );
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
