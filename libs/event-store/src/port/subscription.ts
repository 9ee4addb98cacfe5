import { RecordedEvent } from './events';
import { GlobalPosition } from './ids';

export interface SubscriptionOptions {
  /** Exclusive checkpoint: the position of the last event this subscriber already handled. */
  after?: GlobalPosition;
  /**
   * Called once per event in global order. The next event is delivered only after the
   * returned promise resolves, so a handler that stores its checkpoint with its effects
   * can resume exactly where it stopped. A throw stops the subscription.
   */
  handler: (event: RecordedEvent) => Promise<void>;
  /** Events fetched per read; defaults to 500. */
  batchSize?: number;
}

export interface Subscription {
  /** Position of the last event whose handler completed, or the starting checkpoint. */
  readonly checkpoint: GlobalPosition | undefined;
  /** Resolves when the subscription has stopped; rejects with the handler's or reader's error. */
  readonly done: Promise<void>;
  /** Stops after the handler in progress (if any) finishes; no event is delivered afterwards. */
  stop(): Promise<void>;
}
