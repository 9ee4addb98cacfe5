import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAlive, startTicks } from './processes';

/** Who runs the embedded server of a data folder. */
export interface LockOwner {
  pid: number;
  /** startTicks of that process, so a later process given the same id is not taken for it. */
  started: string | null;
}

/** Another process runs the embedded server of this data folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use: process ${owner.pid} runs its embedded PostgreSQL server. ` +
        `One process at a time runs the server of a data folder; stop that process first ` +
        `(kill -INT ${owner.pid}), or give this one another DATA_DIR`,
    );
    this.name = 'DataDirInUseError';
    // A refusal with its remedy, not a fault: where in our code it was noticed helps nobody.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * One process per data folder starts and stops its server. PostgreSQL's postmaster.pid
 * already keeps a second server off the cluster; this lock says which process owns the
 * running one, so that a second ledger is refused with its owner named, and a server whose
 * owner died (kill -9) is recognised as left over and can be stopped.
 */
export class DataDirLock {
  private released = false;

  private constructor(
    private readonly file: string,
    /** The owner before us when it had ended without releasing the lock (it crashed). */
    readonly previous: LockOwner | null,
  ) {}

  static acquire(file: string, dataDir: string): DataDirLock {
    const me: LockOwner = { pid: process.pid, started: startTicks(process.pid) };
    let previous: LockOwner | null = null;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (create(file, me)) return new DataDirLock(file, previous);
      const owner = readOwner(file);
      if (owner === 'gone') continue;
      if (owner !== 'unreadable' && isRunning(owner)) throw new DataDirInUseError(dataDir, owner);
      // Left by a process that ended. Take it away under a name only we use, so that of two
      // processes clearing it at once only one succeeds, then check it is still the stale one.
      const aside = `${file}.stale-${process.pid}`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      const moved = readOwner(aside);
      if (moved !== 'gone' && moved !== 'unreadable' && isRunning(moved)) {
        // A live owner took it between our read and our rename: give it back.
        renameSync(aside, file);
        throw new DataDirInUseError(dataDir, moved);
      }
      unlinkSync(aside);
      if (moved !== 'gone' && moved !== 'unreadable') previous = moved;
    }
    throw new Error(`could not take the lock ${file}: it keeps changing hands`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/**
 * Written aside, then linked into place: link fails when the name exists, so of two processes
 * starting at once one gets the lock, and nobody ever reads it half written.
 */
function create(file: string, me: LockOwner): boolean {
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, JSON.stringify(me));
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(draft);
  }
}

function readOwner(file: string): LockOwner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'gone';
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return 'unreadable';
    return { pid: parsed.pid, started: typeof parsed.started === 'string' ? parsed.started : null };
  } catch {
    return 'unreadable';
  }
}

function isRunning(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const started = startTicks(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}
