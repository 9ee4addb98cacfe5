import { AppendResult, EventToAppend, RecordedEvent } from './events';
import { ExpectedVersion } from './expected-version';
import { GlobalPosition, StreamVersion } from './ids';
import { Subscription, SubscriptionOptions } from './subscription';

export interface AppendOptions {
  /** Defaults to `'any'`. */
  expectedVersion?: ExpectedVersion;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  fromVersion?: StreamVersion;
  /** Defaults to every event. */
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: the position of the last event already seen. Omit to start at the beginning. */
  after?: GlobalPosition;
  /** Batch size; defaults to 1000. */
  maxCount?: number;
}

/**
 * The event store port. Every adapter passes the same contract suite
 * (`libs/event-store/src/testing/event-store-contract.ts`).
 */
export interface EventStore {
  /** Which adapter this is, for logs and health checks. */
  readonly adapter: 'pglite' | 'postgres' | 'eventstoredb';

  /** Appends all events or none, checking `expectedVersion` atomically with the write. */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /** Events of one stream in version order; an absent stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * One batch of the global log in strictly increasing position. Never skips an event:
   * an event that becomes visible later always has a higher position than any returned now.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Position of the last event visible in the global log, or null when the log is empty. */
  headPosition(): Promise<GlobalPosition | null>;

  /** Catches up from a checkpoint, then follows new events live, one handler call at a time. */
  subscribe(options: SubscriptionOptions): Subscription;

  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
