import { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import {
  Lag,
  measureLag,
  projectionProbes,
  recordProjectionFailure,
  shared,
} from '@ledger/observability';
import { SqlDatabase, SqlExecutor, quoteIdentifier } from '../sql/sql-database';
import { Projection } from './projection';
import { batchPlacement, inSpan, tracingIsOn } from '@ledger/observability/tracing';
import { ensureDeadLetters } from '../dead-letters/dead-letter-table';
import {
  projectionMaxAttemptsFromEnv,
  setAsidePoisonEvent,
  validMaxAttempts,
} from '../dead-letters/poison-event';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Global position of the last event applied; null before the first. */
  position: bigint | null;
  running: boolean;
  /** The last error, while the runner retries after it. */
  lastError: string | null;
}

interface Waiter {
  position: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Another process runs a different version of this projection on the same tables. */
export class ProjectionVersionChangedError extends Error {
  constructor(name: string, ours: number, stored: number) {
    super(
      `projection ${name}: this process runs version ${ours}, the database holds version ${stored}; stopping rather than mixing versions`,
    );
    this.name = 'ProjectionVersionChangedError';
  }
}

/** A caller waited for an event its projection set aside as a dead letter. */
export class ProjectionDeadLetterError extends Error {
  constructor(name: string, position: bigint, reason: string) {
    super(`projection ${name} set the event at ${position} aside as a dead letter: ${reason}`);
    this.name = 'ProjectionDeadLetterError';
  }
}

export class ProjectionLagError extends Error {
  constructor(name: string, target: bigint, at: bigint | null, timeoutMs: number) {
    super(
      `projection ${name} did not reach position ${target} within ${timeoutMs} ms (at ${at ?? 'none'})`,
    );
    this.name = 'ProjectionLagError';
  }
}

export interface ProjectionRunnerOptions {
  /** Where the runner says what it retries and why. */
  log?: (message: string) => void;
  /** First retry delay after a failure; doubles up to 30 s. */
  retryDelayMs?: number;
  /** Events read (and applied in one transaction) at a time; defaults to 500. */
  batchSize?: number;
  /**
   * Called after a batch is committed, with the events this projection handled: for process
   * managers that act on what the read model now knows. Never called for events that were
   * already in the store when the runner started (a catch-up or rebuild replays history; it
   * must not act on it again). Its failures are logged, never undo the batch; the caller
   * must catch up some other way (a sweep over the final state).
   */
  afterCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
  /**
   * Failures of one batch before the runner applies it event by event and sets the failing
   * event aside as a dead letter (1-100; PROJECTION_MAX_ATTEMPTS, else 5).
   */
  maxAttempts?: number;
  /**
   * Whether /metrics and /health/ready watch it (default true); a rebuild's shadow runner
   * is not the read model readers are served from.
   */
  observed?: boolean;
}

const MAX_RETRY_DELAY_MS = 30_000;

/** One head query per store for all its projections at a scrape or readiness check. */
const heads = new WeakMap<EventStore, () => Promise<bigint | null>>();

function sharedHead(store: EventStore): () => Promise<bigint | null> {
  let head = heads.get(store);
  if (head === undefined) {
    head = shared(() => store.headPosition());
    heads.set(store, head);
  }
  return head;
}

/**
 * Keeps one projection up to date: catch up from its stored checkpoint, then follow the
 * store live. A read batch is applied and the checkpoint moved in one transaction, after
 * locking the checkpoint row, so a second runner on the same database skips what the
 * first already applied instead of applying it twice. A failed batch rolls back and is
 * retried from the stored checkpoint with backoff; only a version clash stops the runner.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private position: bigint | null = null;
  private waiters: Waiter[] = [];
  /** Set when the runner has stopped for good (version clash); retries never set it. */
  private fatal: Error | undefined;
  private lastError: Error | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs: number;
  private stopped = true;
  /** The head when the runner started: events up to it are history, replayed, not acted on. */
  private liveAfter: bigint | null = null;
  /** Failures in a row at the current checkpoint: past maxAttempts, a poison event is looked for. */
  private failures: { attempts: number; firstFailedAt: Date; lastError: string } | undefined;
  private readonly maxAttempts: number;
  /** Recently set-aside positions and why: a caller who waits for one later hears it too. */
  private readonly setAside = new Map<bigint, string>();
  private unobserve: (() => void) | undefined;

  private readonly checkpoints: string;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = `${quoteIdentifier(projection.schema)}.read_model_checkpoints`;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxAttempts =
      options.maxAttempts === undefined
        ? projectionMaxAttemptsFromEnv()
        : validMaxAttempts(options.maxAttempts);
  }

  /** The after-commit hook, for a dead letter's replay (a replayed event is live too). */
  get afterCommit(): ProjectionRunnerOptions['afterCommit'] {
    return this.options.afterCommit;
  }

  async start(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.ensureCheckpoints(tx);
      const [row] = await tx.query<{ version: number; position: string | null }>(
        `SELECT version, position::text AS position FROM ${this.checkpoints} WHERE name = $1 FOR UPDATE`,
        [this.projection.name],
      );
      if (row !== undefined && row.version > this.projection.version) {
        // An older process must never tear down what a newer one built.
        throw new ProjectionVersionChangedError(
          this.projection.name,
          this.projection.version,
          row.version,
        );
      }
      if (row === undefined || row.version < this.projection.version) {
        await this.projection.teardown(tx);
        await this.projection.setup(tx);
        await tx.query(
          `INSERT INTO ${this.checkpoints} (name, version, position) VALUES ($1, $2, NULL)
           ON CONFLICT (name) DO UPDATE SET version = $2, position = NULL, updated_at = now()`,
          [this.projection.name, this.projection.version],
        );
        this.position = null;
      } else {
        await this.projection.setup(tx);
        this.position = row.position === null ? null : BigInt(row.position);
      }
    });
    this.fatal = undefined;
    this.lastError = undefined;
    this.stopped = false;
    this.liveAfter = await this.store.headPosition();
    this.observe();
    this.follow();
  }

  /** Registers this read model with /metrics and /health/ready, read at their time only. */
  private observe(): void {
    if (this.options.observed === false) return;
    this.unobserve?.();
    const head = sharedHead(this.store);
    const log = { headPosition: head, readAll: this.store.readAll.bind(this.store) };
    this.unobserve = projectionProbes.add(this.projection.name, {
      name: this.projection.name,
      state: () => ({
        position: this.position,
        running: !this.stopped && this.fatal === undefined,
        catchingUp:
          this.liveAfter !== null && (this.position === null || this.position < this.liveAfter),
        lastError: this.lastError?.message ?? null,
      }),
      lag: (): Promise<Lag> => measureLag(log, this.position),
    });
  }

  /** Drops the read model and replays the whole log into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.db.transaction(async (tx) => {
      // A read model never started in this database has no tables yet: rebuilding it is
      // building it.
      await this.ensureCheckpoints(tx);
      await this.projection.teardown(tx);
      await tx.query(`DELETE FROM ${this.checkpoints} WHERE name = $1`, [this.projection.name]);
    });
    await this.start();
  }

  private async ensureCheckpoints(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.projection.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.checkpoints} (
      name text PRIMARY KEY, version int NOT NULL, position bigint,
      updated_at timestamptz NOT NULL DEFAULT now())`);
    await ensureDeadLetters(tx, this.projection.schema);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unobserve?.();
    this.unobserve = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    await this.storeSkippedPosition();
    // Nobody will move this projection any more: waiting callers hear it now, not at their timeout.
    this.rejectWaiters(new Error(`projection ${this.projection.name} stopped`));
  }

  /**
   * Batches this projection does not handle move only the position in memory. Stored on stop,
   * so the next start (a restart, or the next round of a blue/green rebuild) does not read them
   * all again: a projection whose events are rare otherwise went back to 0 on every start.
   */
  private async storeSkippedPosition(): Promise<void> {
    if (this.position === null || this.fatal !== undefined) return;
    try {
      await this.db.query(
        `UPDATE ${this.checkpoints} SET position = $2, updated_at = now()
         WHERE name = $1 AND version = $3 AND (position IS NULL OR position < $2)`,
        [this.projection.name, this.position.toString(), this.projection.version],
      );
    } catch (error) {
      // The database may already be closing with the process; the next start reads again.
      this.options.log?.(`${this.projection.name}: position not stored on stop: ${String(error)}`);
    }
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      version: this.projection.version,
      position: this.position,
      running: !this.stopped && this.fatal === undefined,
      lastError: this.lastError?.message ?? null,
    };
  }

  /** Resolves once every event up to `position` is in the read model (read-your-writes). */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.fatal) return Promise.reject(this.fatal);
    const skipped = this.setAside.get(position);
    if (skipped !== undefined) {
      return Promise.reject(new ProjectionDeadLetterError(this.projection.name, position, skipped));
    }
    if (this.position !== null && this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject, timer: undefined };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new ProjectionLagError(this.projection.name, position, this.position, timeoutMs));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  /**
   * Waits, however long it takes, until the projection reaches `position`, reporting
   * progress meanwhile: a rebuild of a long log must not fail a start-up on a timer.
   */
  async catchUpTo(position: bigint, progress?: (at: bigint | null) => void): Promise<void> {
    for (;;) {
      try {
        await this.waitFor(position, 5_000);
        return;
      } catch (error) {
        if (!(error instanceof ProjectionLagError)) throw error;
        progress?.(this.position);
      }
    }
  }

  private follow(): void {
    const subscription = this.store.subscribe({
      after: this.position ?? undefined,
      batchSize: this.options.batchSize ?? 500,
      batchHandler: (events) => this.applyBatch(events),
    });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => this.failed(subscription, error),
    );
  }

  private failed(subscription: Subscription, error: unknown): void {
    if (this.subscription !== subscription || this.stopped) return;
    const failure = error instanceof Error ? error : new Error(String(error));
    if (failure instanceof ProjectionVersionChangedError) {
      this.fatal = failure;
      this.options.log?.(failure.message);
      this.rejectWaiters(failure);
      return;
    }
    this.lastError = failure;
    this.failures = {
      attempts: (this.failures?.attempts ?? 0) + 1,
      firstFailedAt: this.failures?.firstFailedAt ?? new Date(),
      lastError: failure.message,
    };
    if (this.options.observed !== false) recordProjectionFailure(this.projection.name);
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    this.options.log?.(
      `projection ${this.projection.name} failed at ${this.position ?? 'start'}: ${failure.message}; retrying in ${delay} ms`,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const next =
        this.failures !== undefined && this.failures.attempts >= this.maxAttempts
          ? this.setAsidePoisonEvent()
          : this.resumeFromCheckpoint();
      next.catch((e: unknown) => this.failed(subscription, e));
    }, delay);
  }

  /** After a failure, start again from what the database says was applied. */
  private async resumeFromCheckpoint(): Promise<void> {
    if (this.stopped) return;
    const [row] = await this.db.query<{ position: string | null }>(
      `SELECT position::text AS position FROM ${this.checkpoints} WHERE name = $1`,
      [this.projection.name],
    );
    this.position = row?.position == null ? null : BigInt(row.position);
    this.follow();
  }

  private applyBatch(events: RecordedEvent[]): Promise<void> {
    if (!tracingIsOn() || !events.some((event) => this.projection.handles(event.type))) {
      return this.applyBatchUntraced(events);
    }
    // Placed by the events' own trace context, never by what was active when the store
    // woke the subscription (an append of some other request, in this very process).
    return inSpan(
      `apply ${this.projection.name}`,
      {
        ...batchPlacement(events.map((e) => e.metadata)),
        attributes: {
          'ledger.projection': this.projection.name,
          'ledger.event.count': events.length,
          'ledger.position.last': events[events.length - 1]!.globalPosition.toString(),
        },
      },
      () => this.applyBatchUntraced(events),
    );
  }

  /**
   * The batch failed maxAttempts times: apply it event by event, set the event that fails
   * alone aside as a dead letter (checkpoint moved past it in the same transaction), tell
   * whoever waits for that very event, and follow on from there.
   */
  private async setAsidePoisonEvent(): Promise<void> {
    if (this.stopped || this.failures === undefined) return;
    const found = await setAsidePoisonEvent({
      store: this.store,
      db: this.db,
      projection: this.projection,
      batchSize: this.options.batchSize ?? 500,
      failures: this.failures,
      isFatal: (error) => error instanceof ProjectionVersionChangedError,
    });
    if (this.stopped) return;
    const letter = found.deadLetter;
    if (letter?.globalPosition != null) {
      this.options.log?.(
        `projection ${this.projection.name} set ${letter.eventType ?? 'an event'} @${letter.globalPosition} aside as dead letter ${letter.id} after ${letter.attempts} attempts: ${letter.error}`,
      );
      const at = letter.globalPosition;
      this.setAside.set(at, letter.error);
      // Bounded: a caller waits for its own, recent, event.
      if (this.setAside.size > 1000) this.setAside.delete(this.setAside.keys().next().value!);
      const error = new ProjectionDeadLetterError(this.projection.name, at, letter.error);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.position !== at) return true;
        if (waiter.timer) clearTimeout(waiter.timer);
        waiter.reject(error);
        return false;
      });
    }
    this.failures = undefined;
    if (found.position !== null) this.advanceTo(found.position);
    await this.notifyLive(found.applied);
    this.follow();
  }

  private async notifyLive(applied: readonly RecordedEvent[]): Promise<void> {
    const live = applied.filter(
      (event) => this.liveAfter === null || event.globalPosition > this.liveAfter,
    );
    if (this.options.afterCommit && live.length > 0) {
      await this.options
        .afterCommit(live)
        .catch((error: unknown) =>
          this.options.log?.(`after ${this.projection.name} batch: ${String(error)}`),
        );
    }
  }

  /** One transaction per read batch: the projection's writes and its checkpoint together. */
  private async applyBatchUntraced(events: RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1]!.globalPosition;
    // Nothing this projection cares about: no transaction, only the position moves. The
    // stored checkpoint catches up with the next batch that writes; replaying unhandled
    // events after a restart changes nothing.
    if (!events.some((event) => this.projection.handles(event.type))) {
      this.advanceTo(last);
      return;
    }
    const applied = await this.db.transaction(async (tx: SqlExecutor) => {
      const [row] = await tx.query<{ version: number; position: string | null }>(
        `SELECT version, position::text AS position FROM ${this.checkpoints} WHERE name = $1 FOR UPDATE`,
        [this.projection.name],
      );
      if (row === undefined || row.version !== this.projection.version) {
        throw new ProjectionVersionChangedError(
          this.projection.name,
          this.projection.version,
          row?.version ?? -1,
        );
      }
      const stored = row.position === null ? null : BigInt(row.position);
      // Skip what another runner already applied; keep only what this projection handles.
      const fresh = events.filter(
        (event) =>
          (stored === null || stored < event.globalPosition) && this.projection.handles(event.type),
      );
      if (this.projection.applyBatch) {
        if (fresh.length > 0) await this.projection.applyBatch(tx, fresh);
      } else {
        for (const event of fresh) await this.projection.apply(tx, event);
      }
      if (stored === null || stored < last) {
        await tx.query(
          `UPDATE ${this.checkpoints} SET position = $2, updated_at = now() WHERE name = $1`,
          [this.projection.name, last.toString()],
        );
      }
      return fresh;
    });
    this.advanceTo(last);
    await this.notifyLive(applied);
  }

  private advanceTo(last: bigint): void {
    this.position = last;
    this.lastError = undefined;
    this.failures = undefined;
    this.retryDelayMs = this.options.retryDelayMs ?? 500;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.position > last) return true;
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}
