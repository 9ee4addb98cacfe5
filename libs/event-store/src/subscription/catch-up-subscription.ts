import { RecordedEvent } from '../port/events';
import { GlobalPosition } from '../port/ids';
import { Subscription, SubscriptionOptions } from '../port/subscription';
import { Wakeup } from './wakeup';

/**
 * How soon a reader looks again for an event this process appended that its read did not
 * return yet: a transaction that began before the append still runs, and the order is safe
 * only once it ends. Usually a millisecond or two, not a poll interval.
 */
const HELD_BACK_RETRY_MS = 2;

export interface CatchUpSource {
  readAll(after: GlobalPosition | undefined, maxCount: number): Promise<RecordedEvent[]>;
  wakeup: Wakeup;
  /** How long to sleep when caught up before looking again for other processes' appends. */
  pollIntervalMs: number;
}

/**
 * Catch-up then live, over any store whose `readAll` never skips. Live mode is the same
 * loop as catch-up: read after the checkpoint, hand each event to the handler, sleep when
 * there is nothing new. One loop means one code path to trust.
 */
export class CatchUpSubscription implements Subscription {
  readonly done: Promise<void>;
  private position: GlobalPosition | undefined;
  private stopping = false;

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: SubscriptionOptions,
  ) {
    this.position = options.after;
    this.done = this.run();
    // A stopped or failed subscription is observed through `done`; never crash the process here.
    this.done.catch(() => undefined);
  }

  get checkpoint(): GlobalPosition | undefined {
    return this.position;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.source.wakeup.notify();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let retry = HELD_BACK_RETRY_MS / 2;
    while (!this.stopping) {
      const seen = this.source.wakeup.generation;
      const batch = await this.source.readAll(this.position, batchSize);
      if (this.options.batchHandler) {
        if (this.stopping) return;
        if (batch.length > 0) {
          await this.options.batchHandler(batch);
          this.position = batch[batch.length - 1]!.globalPosition;
        }
      } else {
        for (const event of batch) {
          if (this.stopping) return;
          await this.options.handler(event);
          this.position = event.globalPosition;
        }
      }
      if (batch.length < batchSize && !this.stopping) {
        const appended = this.source.wakeup.appendedUpTo;
        const heldBack =
          appended !== undefined && (this.position === undefined || this.position < appended);
        // Doubling, so that a long transaction holding the order back is not polled hard.
        retry =
          heldBack && batch.length === 0
            ? Math.min(retry * 2, this.source.pollIntervalMs)
            : HELD_BACK_RETRY_MS;
        await this.source.wakeup.wait(heldBack ? retry : this.source.pollIntervalMs, seen);
      }
    }
  }
}
