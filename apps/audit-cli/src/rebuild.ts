/**
 * `rebuild`: a read model from position 0, to the head or only up to a position, so an
 * auditor can see what the read model said at that point of the log. The projections,
 * their database and the bar are `npm run rebuild`'s; the runner is the services' own
 * ProjectionRunner, given a view of the store that ends at the chosen position.
 */
import {
  AppendResult,
  EventStore,
  EventToAppend,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '@ledger/event-store';
import { Projection, ProjectionRunner, SqlDatabase } from '@ledger/event-sourcing';

/**
 * The store as it was up to `bound`: reads never return a later event, and its
 * subscription stops delivering at the bound and says so (`reached`), where the real one
 * would wait for live events for ever. Appends are refused: a rebuild only reads.
 */
export class BoundedStore implements EventStore {
  readonly adapter: EventStore['adapter'];
  /** Events delivered to subscribers, for the summary. */
  delivered = 0;
  private reachedAt: ((position: GlobalPosition | null) => void) | null = null;
  /** Resolves with the last position delivered once every event up to the bound was handled. */
  readonly reached: Promise<GlobalPosition | null>;

  constructor(
    private readonly inner: EventStore,
    readonly bound: GlobalPosition,
  ) {
    this.adapter = inner.adapter;
    this.reached = new Promise((resolve) => (this.reachedAt = resolve));
  }

  appendToStream(_streamId: string, _events: readonly EventToAppend[]): Promise<AppendResult> {
    return Promise.reject(new Error('a rebuild reads the store; it never appends'));
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    // A projection that looks a stream up must see it as of the bound too.
    const events = await this.inner.readStream(streamId, options);
    return events.filter((event) => event.globalPosition <= this.bound);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if ((options.after ?? 0n) >= this.bound) return [];
    const events = await this.inner.readAll(options);
    return events.filter((event) => event.globalPosition <= this.bound);
  }

  async headPosition(): Promise<GlobalPosition | null> {
    const head = await this.inner.headPosition();
    return head === null || head <= this.bound ? head : this.bound;
  }

  subscribe(options: SubscriptionOptions): Subscription {
    let stopped = false;
    let checkpoint = options.after;
    let wake: (() => void) | null = null;
    const batchSize = options.batchSize ?? 500;
    const run = async (): Promise<void> => {
      for (;;) {
        if (stopped) return;
        const page = await this.readAll({ after: checkpoint, maxCount: batchSize });
        if (stopped) return;
        if (page.length === 0) {
          // Every event up to the bound is visible already (the bound is at most the head
          // when the rebuild began): an empty page is the end, not a pause.
          this.reachedAt?.(checkpoint ?? null);
          await new Promise<void>((resolve) => (wake = resolve));
          return;
        }
        if (options.batchHandler) await options.batchHandler(page);
        else for (const event of page) await options.handler(event);
        this.delivered += page.length;
        checkpoint = page[page.length - 1]!.globalPosition;
      }
    };
    const done = run();
    return {
      get checkpoint() {
        return checkpoint;
      },
      done,
      stop: async () => {
        stopped = true;
        wake?.();
        await done.catch(() => undefined);
      },
    };
  }

  /** The real store belongs to the caller: it closes it. */
  async close(): Promise<void> {}
}

export interface RebuildSummary {
  name: string;
  /** Events read from the log into the runner (handled or only passed over). */
  events: number;
  /** The last position applied; null when the log held nothing up to the bound. */
  position: GlobalPosition | null;
  seconds: number;
}

/**
 * Drops the projection's tables and replays the log into them up to `bound` (the head
 * when the rebuild began, or the auditor's position). Its checkpoint then says `bound`:
 * a service started afterwards catches the read model up from there.
 */
export async function rebuildUpTo(
  store: EventStore,
  db: SqlDatabase,
  projection: Projection,
  bound: GlobalPosition,
  onProgress?: (position: GlobalPosition) => void,
): Promise<RebuildSummary> {
  // ProjectionRunner.rebuild() deletes from the checkpoint table, which a fresh read-model
  // schema does not have yet: a start on an empty view creates it (and applies nothing).
  const prepare = new ProjectionRunner(new BoundedStore(store, 0n), db, projection);
  await prepare.start();
  await prepare.stop();
  const view = new BoundedStore(store, bound);
  const runner = new ProjectionRunner(view, db, projection, {
    batchSize: 2000,
    log: (message) => process.stderr.write(`\n${message}\n`),
  });
  const started = performance.now();
  const timer = setInterval(() => onProgress?.(runner.status().position ?? 0n), 250);
  try {
    await runner.rebuild();
    // `reached` comes after the last batch handler returned. A runner that stops for good
    // (another process runs a newer version) never gets there: its waiters hear why, so
    // race one against it instead of hanging. Failures it retries are logged meanwhile.
    const failure = new Promise<never>((_resolve, reject) => {
      runner.waitFor(bound, Number.POSITIVE_INFINITY).catch(reject);
    });
    // stop() below rejects the waiter too, when nobody listens any more.
    failure.catch(() => undefined);
    await Promise.race([view.reached, failure]);
    return {
      name: projection.name,
      events: view.delivered,
      position: runner.status().position,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    clearInterval(timer);
    await runner.stop();
  }
}
