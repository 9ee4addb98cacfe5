import { EventStore, RecordedEvent, Subscription } from '@ledger/event-store';
import { SqlDatabase, SqlExecutor, quoteIdentifier } from '../sql/sql-database';
import { Projection } from './projection';

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Global position of the last event applied; null before the first. */
  position: bigint | null;
  running: boolean;
}

interface Waiter {
  position: bigint;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Keeps one projection up to date: catch up from its stored checkpoint, then follow the
 * store live. Each event is applied and the checkpoint moved in one transaction; the
 * checkpoint row is locked first, so a second runner on the same database skips what the
 * first already applied instead of applying it twice.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private position: bigint | null = null;
  private waiters: Waiter[] = [];
  private failure: Error | undefined;

  private readonly checkpoints: string;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    readonly projection: Projection,
  ) {
    this.checkpoints = `${quoteIdentifier(projection.schema)}.read_model_checkpoints`;
  }

  async start(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.projection.schema)}`);
      await tx.query(`CREATE TABLE IF NOT EXISTS ${this.checkpoints} (
        name text PRIMARY KEY, version int NOT NULL, position bigint,
        updated_at timestamptz NOT NULL DEFAULT now())`);
      const [row] = await tx.query<{ version: number; position: string | null }>(
        `SELECT version, position::text AS position FROM ${this.checkpoints} WHERE name = $1 FOR UPDATE`,
        [this.projection.name],
      );
      if (row === undefined || row.version !== this.projection.version) {
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
    this.follow();
  }

  /** Drops the read model and replays the whole log into it. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.db.transaction(async (tx) => {
      await this.projection.teardown(tx);
      await tx.query(`DELETE FROM ${this.checkpoints} WHERE name = $1`, [this.projection.name]);
    });
    this.failure = undefined;
    await this.start();
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    // Nobody will move this projection any more: waiting callers hear it now, not at their timeout.
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`projection ${this.projection.name} stopped`));
    }
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      version: this.projection.version,
      position: this.position,
      running: this.subscription !== undefined && this.failure === undefined,
    };
  }

  /** Resolves once every event up to `position` is in the read model (read-your-writes). */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.position !== null && this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(
            new Error(
              `projection ${this.projection.name} did not reach position ${position} within ${timeoutMs} ms (at ${this.position ?? 'none'})`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private follow(): void {
    const subscription = this.store.subscribe({
      after: this.position ?? undefined,
      batchHandler: (events) => this.applyBatch(events),
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
      for (const waiter of this.waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(this.failure);
      }
    });
  }

  /** One transaction per read batch: the projection's writes and its checkpoint together. */
  private async applyBatch(events: RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1]!.globalPosition;
    // Nothing this projection cares about: no transaction, only the position moves. The
    // stored checkpoint catches up with the next batch that writes; replaying unhandled
    // events after a restart changes nothing.
    if (!events.some((event) => this.projection.handles(event.type))) {
      this.advanceTo(last);
      return;
    }
    await this.db.transaction(async (tx: SqlExecutor) => {
      const [row] = await tx.query<{ position: string | null }>(
        `SELECT position::text AS position FROM ${this.checkpoints} WHERE name = $1 FOR UPDATE`,
        [this.projection.name],
      );
      const stored = row?.position == null ? null : BigInt(row.position);
      for (const event of events) {
        if (stored !== null && stored >= event.globalPosition) continue; // applied by another runner
        if (this.projection.handles(event.type)) await this.projection.apply(tx, event);
      }
      if (stored === null || stored < last) {
        await tx.query(
          `UPDATE ${this.checkpoints} SET position = $2, updated_at = now() WHERE name = $1`,
          [this.projection.name, last.toString()],
        );
      }
    });
    this.advanceTo(last);
  }

  private advanceTo(last: bigint): void {
    this.position = last;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.position > last) return true;
      clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  }
}
