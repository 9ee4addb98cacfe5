import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  LocalSigningKey,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { onInterrupt } from './interrupt';
import { OpenLoopFigures, openLoop } from './open-loop';
import { StoreTarget } from './store-targets';

const ROOT = join(__dirname, '..', '..');

/** What `npm start` and `npm run start:<service>` run, from the build. */
export type ServiceEntry = 'gateway' | 'planning' | 'reporting' | 'assessment';

const entryOf = (service: ServiceEntry): string =>
  join(ROOT, 'dist', 'apps', service, 'src', 'main.js');

/**
 * Builds the apps (`nest build gateway`, every service's main) unless the build is newer
 * than every source file it comes from: the server a bench measures is the code it sits
 * beside, and `bench:all` pays for one build, not one per bench.
 */
export function ensureBuilt(): void {
  const built = entryOf('gateway');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource()) return;
  process.stderr.write('building the apps (nest build gateway)\n');
  const result = spawnSync('npx', ['nest', 'build', 'gateway'], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) throw new Error(`nest build gateway failed (exit ${result.status})`);
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (/\.(ts|json|sql)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  };
  for (const dir of ['apps', 'libs', 'seeds']) walk(join(ROOT, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'])
    if (existsSync(join(ROOT, file))) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

/** A free loopback port (the server binds it a moment later; nothing else here races for it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat: unlike
 * latency it does not move with the machine's other work, so it tells where the time goes.
 */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may hold spaces;
    // utime and stime are fields 14 and 15 of proc(5), the 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

/** A server's CPU over some work, next to the work's wall time. */
export interface ServerCpu {
  /** CPU ms the server process used. */
  cpuMs: number;
  /** Share of one core the server kept busy (100 = one core all the time). */
  percentOfCore: number;
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  base: string;
  /** The server's /graphql: the gateway on the standalone app, the subgraph on a service. */
  graphql: string;
  pid: number;
  /** JSON and a bearer token the server accepts, for this role. */
  headers(request: TokenRequest): Promise<Record<string, string>>;
  /** Runs `work` and says how much CPU the server spent meanwhile. */
  measure<T>(work: () => Promise<T>): Promise<{ result: T; cpu: ServerCpu | null }>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  service: ServiceEntry;
  store: StoreTarget;
  /** More of the server's environment: intervals, LOAD_SEED, LEDGER_CLOCK, ... */
  env?: Record<string, string>;
  /** How long start-up (migrations, seed, read models catching up) may take. */
  readyTimeoutMs?: number;
}

/** Servers still running: killed outright if the bench exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Variables of the bench's own environment the server inherits; the rest is set here. */
const INHERITED = ['PATH', 'HOME', 'LANG', 'TZ', 'TMPDIR', 'LOG_LEVEL'];

/**
 * Starts the built app in a process of its own, as `npm start` (or `start:<service>`) does,
 * on a free port, with its own signing key; resolves once /graphql answers a token-bearing
 * `{ __typename }`. The bench's load then crosses a real process boundary, and the
 * server's CPU is the server's alone.
 *
 *   BENCH_SERVER_NODE_ARGS   extra Node flags for the server, e.g.
 *                            "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it
 */
export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  ensureBuilt();
  const port = await freePort();
  const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-bench-auth-'));
  const key: LocalSigningKey = await loadOrCreateLocalKey(keyDirectory);
  const env: Record<string, string> = {};
  for (const name of INHERITED) if (process.env[name]) env[name] = process.env[name];
  Object.assign(env, options.store.env, options.env ?? {}, {
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_KEY_DIR: keyDirectory,
  });
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? process.env.BENCH_APP_NODE_ARGS ?? '')
    .split(' ')
    .filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, entryOf(options.service)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output = tail(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    forget();
    if (child.exitCode === null && child.signalCode === null) {
      // SIGTERM: the app's shutdown hooks close its store and read models.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(keyDirectory, { recursive: true, force: true });
  };
  const forget = onInterrupt(stop);
  const base = `http://127.0.0.1:${port}`;
  const graphql = `${base}/graphql`;
  const headers = async (request: TokenRequest): Promise<Record<string, string>> => ({
    'content-type': 'application/json',
    authorization: `Bearer ${await mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, { ttlSeconds: 6 * 3600, ...request })}`,
  });
  try {
    await ready(graphql, await headers({ role: 'supervisor', subject: 'bench-probe' }), {
      timeoutMs: options.readyTimeoutMs ?? 180_000,
      exited,
      output,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid!;
  return {
    base,
    graphql,
    pid,
    headers,
    measure: async (work) => {
      const before = cpuMsOf(pid);
      const started = performance.now();
      const result = await work();
      const after = cpuMsOf(pid);
      const wall = performance.now() - started;
      return {
        result,
        cpu:
          before === null || after === null
            ? null
            : { cpuMs: after - before, percentOfCore: (100 * (after - before)) / wall },
      };
    },
    stop,
  };
}

/** Starts a server, runs `work` against it and stops it, whatever `work` does. */
export async function withServer<T>(
  options: ServerOptions,
  work: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await startServer(options);
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Keeps the server's last lines (shown if it dies) and passes its error output through. */
function tail(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', (chunk: Buffer) => {
    keep(chunk);
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
      process.stderr.write(`  [server] ${line}\n`);
  });
  return () => lines.join('\n');
}

async function ready(
  url: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; exited: Promise<number | null>; output: () => string },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let gone: number | null | undefined;
  void options.exited.then((code) => (gone = code));
  let last = '';
  while (performance.now() < deadline) {
    if (gone !== undefined)
      throw new Error(`the server exited (${gone}) before it answered:\n${options.output()}`);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(5_000),
      });
      const text = await response.text();
      if (response.status === 200 && text.includes('"__typename"')) return;
      last = `HTTP ${response.status}: ${text.slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `the server did not answer ${url} within ${options.timeoutMs} ms (last: ${last}):\n${options.output()}`,
  );
}

/**
 * One read query at `rate`/s for `seconds` against `service` run alone on `store`, as a
 * supervisor: its latency (open loop) and the server's CPU meanwhile.
 */
export async function queryAtRate(options: {
  service: ServiceEntry;
  store: StoreTarget;
  env: Record<string, string>;
  query: string;
  rate: number;
  seconds: number;
}): Promise<OpenLoopFigures & { cpu: ServerCpu | null }> {
  return withServer(
    { service: options.service, store: options.store, env: options.env },
    async (server) => {
      const headers = await server.headers({
        role: 'supervisor',
        subject: `bench-${options.service}`,
      });
      const body = JSON.stringify({ query: options.query });
      const { result, cpu } = await server.measure(() =>
        openLoop({
          url: server.graphql,
          rate: options.rate,
          seconds: options.seconds,
          headers,
          body: () => body,
          isFailure: (status, text) => status !== 200 || text.includes('"errors"'),
        }),
      );
      return { ...result, cpu };
    },
  );
}
