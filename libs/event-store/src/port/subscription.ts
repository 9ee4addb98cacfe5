import { RecordedEvent } from './events';
import { GlobalPosition } from './ids';

interface SubscriptionSettings {
  /** Exclusive checkpoint: the position of the last event this subscriber already handled. */
  after?: GlobalPosition;
  /** Events fetched per read; defaults to 500. */
  batchSize?: number;
}

/**
 * Either one event at a time (`handler`) or a whole read batch at a time (`batchHandler`,
 * for subscribers that store many events and their checkpoint in one transaction). The
 * next delivery waits for the returned promise, so a subscriber that stores its checkpoint
 * with its effects resumes exactly where it stopped. A throw stops the subscription.
 */
export type SubscriptionOptions = SubscriptionSettings &
  (
    | { handler: (event: RecordedEvent) => Promise<void>; batchHandler?: never }
    | { batchHandler: (events: RecordedEvent[]) => Promise<void>; handler?: never }
  );

export interface Subscription {
  /** Position of the last event whose handler completed, or the starting checkpoint. */
  readonly checkpoint: GlobalPosition | undefined;
  /** Resolves when the subscription has stopped; rejects with the handler's or reader's error. */
  readonly done: Promise<void>;
  /** Stops after the handler in progress (if any) finishes; no event is delivered afterwards. */
  stop(): Promise<void>;
}
