import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import {
  SettingError,
  brokersSetting,
  listenAddressFromEnv,
  postgresUrlSetting,
} from '@ledger/domain-kernel';

export const ROOT = join(__dirname, '..', '..');

/** One process of the distributed run. */
export interface ProcessSpec {
  /** How the status table and the output prefix name it (reporting-1, reporting-2, ...). */
  name: string;
  /** The app whose build it runs: dist/apps/<app>/src/main.js. */
  app: 'relay' | 'planning' | 'reporting' | 'assessment' | 'audit' | 'gateway';
  port: number;
  env: Record<string, string>;
}

export type ProcessState = 'starting' | 'ready' | 'stopping' | 'stopped' | 'exited';

export interface ProcessStatus {
  name: string;
  pid: number | null;
  port: number;
  state: ProcessState;
  /** Why it exited, when it did: "code 1", "signal SIGKILL". */
  exit: string | null;
  restarts: number;
}

/**
 * The settings of the run, read and checked before anything starts: a typo must not start
 * half a system.
 */
export interface RunSettings {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** Ports from here up: gateway +0, planning +1, reporting +2, assessment +3, audit +4,
   * relay +5 (the contract's 4000..4005), the second reporting instance +6. */
  basePort: number;
  host: string;
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';

export function runSettingsFromEnv(env: NodeJS.ProcessEnv): RunSettings {
  const databaseUrl =
    postgresUrlSetting(
      { DATABASE_URL: env.DATABASE_URL ?? DEFAULT_DATABASE_URL },
      'DATABASE_URL',
    ) ?? DEFAULT_DATABASE_URL;
  const brokers = brokersSetting(env, 'KAFKA_BROKERS', DEFAULT_KAFKA_BROKERS);
  const base = env.DISTRIBUTED_BASE_PORT ?? '4000';
  const basePort = Number(base);
  if (!/^\d+$/.test(base) || basePort < 1 || basePort + 6 > 65535) {
    throw new SettingError(
      `DISTRIBUTED_BASE_PORT must be a port from 1 to 65529 (seven ports from it are used), got "${base}"`,
    );
  }
  const { host } = listenAddressFromEnv(env, basePort);
  return { databaseUrl, kafkaBrokers: brokers, basePort, host };
}

/**
 * Every process of the distributed run, in start order: the relay first (it creates the
 * topics the consumers subscribe to), the services, two reporting instances in one consumer
 * group (same schema and group prefix: the partitions are shared between them, and each
 * event is applied once through the consumed-events table), the gateway last.
 */
export function processPlan(settings: RunSettings, shared: Record<string, string>): ProcessSpec[] {
  const port = (offset: number) => settings.basePort + offset;
  const base = {
    ...shared,
    EVENT_STORE: 'postgres',
    DATABASE_URL: settings.databaseUrl,
    KAFKA_BROKERS: settings.kafkaBrokers.join(','),
    HOST: settings.host,
  };
  const url = (offset: number) => `http://${loopback(settings.host)}:${port(offset)}/graphql`;
  const fromKafka = { PROJECTION_SOURCE: 'kafka' };
  return [
    { name: 'relay', app: 'relay', port: port(5), env: { ...base, PORT: String(port(5)) } },
    {
      name: 'planning',
      app: 'planning',
      port: port(1),
      env: { ...base, PORT: String(port(1)) },
    },
    {
      name: 'reporting-1',
      app: 'reporting',
      port: port(2),
      env: { ...base, ...fromKafka, PORT: String(port(2)) },
    },
    {
      name: 'reporting-2',
      app: 'reporting',
      port: port(6),
      env: { ...base, ...fromKafka, PORT: String(port(6)) },
    },
    {
      name: 'assessment',
      app: 'assessment',
      port: port(3),
      env: { ...base, ...fromKafka, PORT: String(port(3)) },
    },
    { name: 'audit', app: 'audit', port: port(4), env: { ...base, PORT: String(port(4)) } },
    {
      name: 'gateway',
      app: 'gateway',
      port: port(0),
      env: {
        ...base,
        PORT: String(port(0)),
        PLANNING_URL: url(1),
        REPORTING_URL: url(2),
        ASSESSMENT_URL: url(3),
        AUDIT_URL: url(4),
      },
    },
  ];
}

/** Where to reach a server bound to `host`: a wildcard bind is reached on loopback. */
function loopback(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** Whether PostgreSQL answers at `url`; the reason if not. */
export async function checkPostgres(url: string): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const e = error as { message?: string; code?: string };
    return e.message || e.code || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether something accepts TCP connections at host:port. */
export function tcpAnswers(hostPort: string, timeoutMs = 1000): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Readiness as the process reports it: /health/ready answers 200 (every process serves it,
 * the relay on its small HTTP server). A process older than that endpoint (404) is taken as
 * ready once its GraphQL endpoint answers at all (a 401 without a token is an answer).
 */
export async function probeReady(host: string, port: number): Promise<boolean> {
  const at = `http://${loopback(host)}:${port}`;
  try {
    const health = await fetch(`${at}/health/ready`, { signal: AbortSignal.timeout(2000) });
    await health.arrayBuffer();
    if (health.status === 200) return true;
    if (health.status !== 404) return false;
    const graphql = await fetch(`${at}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(2000),
    });
    await graphql.arrayBuffer();
    return graphql.status < 500;
  } catch {
    return false;
  }
}

interface Child {
  spec: ProcessSpec;
  process: ChildProcess | null;
  state: ProcessState;
  exit: string | null;
  restarts: number;
  /** Resolves when the current process has exited. */
  exited: Promise<void>;
  /** The relay before it had an HTTP server: its log line says it is publishing. */
  saidReady: boolean;
}

export interface RunOptions {
  /** Each line a child writes, prefixed with its name. */
  line?: (name: string, text: string, stream: 'stdout' | 'stderr') => void;
  /** A child that exited without being asked to. */
  died?: (status: ProcessStatus) => void;
  /** Start a child that died again (after 1 s, then 2 s, ... up to 30 s). */
  restart?: boolean;
  /** Called whenever a child's state changes. */
  changed?: () => void;
}

/** Starts, watches and stops the processes of the plan. */
export class DistributedRun {
  private readonly children: Child[];
  private stopping = false;

  constructor(
    plan: ProcessSpec[],
    private readonly host: string,
    private readonly options: RunOptions = {},
  ) {
    this.children = plan.map((spec) => ({
      spec,
      process: null,
      state: 'stopped',
      exit: null,
      restarts: 0,
      exited: Promise.resolve(),
      saidReady: false,
    }));
  }

  get names(): string[] {
    return this.children.map((c) => c.spec.name);
  }

  status(): ProcessStatus[] {
    return this.children.map((c) => ({
      name: c.spec.name,
      pid: c.process?.pid ?? null,
      port: c.spec.port,
      state: c.state,
      exit: c.exit,
      restarts: c.restarts,
    }));
  }

  spec(name: string): ProcessSpec {
    return this.child(name).spec;
  }

  /** Starts the named processes together and waits until each is ready. */
  async startAndWait(names: string[], timeoutMs: number): Promise<void> {
    for (const name of names) this.launch(this.child(name));
    await Promise.all(names.map((name) => this.waitReady(name, timeoutMs)));
  }

  async waitReady(name: string, timeoutMs: number): Promise<void> {
    const child = this.child(name);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.state === 'exited' && !this.options.restart) {
        throw new Error(`${name} exited (${child.exit}) before it was ready`);
      }
      if (
        child.state === 'starting' &&
        (child.saidReady || (await probeReady(this.host, child.spec.port)))
      ) {
        if (child.state === 'starting') this.set(child, 'ready');
      }
      if (child.state === 'ready') return;
      if (Date.now() > deadline) {
        throw new Error(`${name} was not ready within ${Math.round(timeoutMs / 1000)} s`);
      }
      await sleep(300);
    }
  }

  /** Stops one process (as a supervisor or an operator would); it is not restarted. */
  async stop(name: string, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const child = this.child(name);
    const running = child.process;
    if (!running || child.state === 'exited' || child.state === 'stopped') return;
    this.set(child, 'stopping');
    running.kill(signal);
    const killed = setTimeout(() => running.kill('SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(killed);
  }

  /** Starts one stopped or exited process again and waits for it to be ready. */
  async restart(name: string, timeoutMs = 120_000): Promise<void> {
    const child = this.child(name);
    if (child.state !== 'stopped' && child.state !== 'exited') await this.stop(name);
    const deadline = Date.now() + timeoutMs;
    // As a supervisor does: a process that cannot start yet (its database still away) is
    // started again, with growing pauses, until it is ready or the time is up.
    for (let attempt = 0; ; attempt++) {
      child.restarts++;
      this.launch(child);
      try {
        await this.waitReady(name, Math.max(1000, deadline - Date.now()));
        return;
      } catch (error) {
        if (child.state !== 'exited' || Date.now() > deadline) throw error;
        await sleep(Math.min(1000 * 2 ** attempt, 10_000));
      }
    }
  }

  /** Stops every process, newest first, and waits for each to exit. */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const child of [...this.children].reverse())
      await this.stop(child.spec.name, 'SIGTERM', graceMs);
  }

  /** Last resort when the launcher itself is going (an uncaught error): nothing outlives it. */
  killAll(): void {
    for (const child of this.children) {
      if (child.process && child.process.exitCode === null && child.process.signalCode === null)
        child.process.kill('SIGKILL');
    }
  }

  private child(name: string): Child {
    const child = this.children.find((c) => c.spec.name === name);
    if (!child) throw new Error(`no process named ${name}: ${this.names.join(', ')}`);
    return child;
  }

  private set(child: Child, state: ProcessState): void {
    if (child.state === state) return;
    child.state = state;
    this.options.changed?.();
  }

  private launch(child: Child): void {
    const spec = child.spec;
    const entry = join(ROOT, 'dist', 'apps', spec.app, 'src', 'main.js');
    const proc = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: Ctrl-C at the terminal reaches the launcher alone, which
      // stops the processes in order instead of all of them at once.
      detached: true,
    });
    child.process = proc;
    child.exit = null;
    child.saidReady = false;
    this.set(child, 'starting');
    for (const stream of ['stdout', 'stderr'] as const) {
      const lines = createInterface({ input: proc[stream] });
      lines.on('line', (text) => {
        // The relay without an HTTP server of its own says so when it follows the store.
        if (spec.app === 'relay' && /publishing the store/.test(text)) child.saidReady = true;
        this.options.line?.(spec.name, text, stream);
      });
    }
    child.exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        child.exit = signal ? `signal ${signal}` : `code ${code}`;
        const asked = child.state === 'stopping' || this.stopping;
        this.set(child, asked ? 'stopped' : 'exited');
        if (!asked) {
          this.options.died?.(this.status().find((s) => s.name === spec.name)!);
          // 78 (EX_CONFIG): a setting is wrong; starting it again would fail the same way.
          if (this.options.restart && code !== 78) this.restartLater(child);
        }
        resolve();
      });
    });
  }

  private restartLater(child: Child): void {
    const delay = Math.min(1000 * 2 ** Math.min(child.restarts, 5), 30_000);
    setTimeout(() => {
      if (this.stopping || child.state !== 'exited') return;
      child.restarts++;
      this.launch(child);
      void this.waitReady(child.spec.name, 300_000).catch(() => undefined);
    }, delay);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the plan in its order and waits for each step to be ready: the relay (it creates
 * the topics the consumers subscribe to), then the services together, then the gateway.
 */
export async function startInOrder(run: DistributedRun, plan: ProcessSpec[]): Promise<void> {
  await run.startAndWait(['relay'], 120_000);
  await run.startAndWait(
    plan.filter((p) => p.app !== 'relay' && p.app !== 'gateway').map((p) => p.name),
    300_000,
  );
  await run.startAndWait(['gateway'], 120_000);
}

/** The status as a table: name, pid, port, state. */
export function statusTable(rows: ProcessStatus[]): string {
  const header = ['process', 'pid', 'port', 'state', 'restarts'];
  const cells = rows.map((r) => [
    r.name,
    r.pid === null ? '-' : String(r.pid),
    String(r.port),
    r.state === 'exited' ? `exited (${r.exit})` : r.state,
    String(r.restarts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
