import { EventStore, RecordedEvent } from '@ledger/event-store';
import { SqlDatabase } from '../sql/sql-database';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * What keeps a read model up to date, whatever its source: the store's log in process
 * (standalone mode) or Kafka topics (distributed mode). The read models of a service hold
 * feeds, never a source directly, so the same projection runs on either.
 */
export interface ProjectionFeed {
  readonly projection: Projection;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once the event at `position` is in the read model; rejects after the timeout. */
  waitFor(position: bigint, timeoutMs?: number): Promise<void>;
  /** Only a source with one global order can tell when the read model has caught up. */
  catchUpTo?(position: bigint, progress?: (at: bigint | null) => void): Promise<void>;
}

export interface FeedOptions {
  log?: (message: string) => void;
  /** Called after a transaction that applied events commits (live events only). */
  afterCommit?: (events: readonly RecordedEvent[]) => Promise<void>;
}

export interface ProjectionFeeds {
  feed(projection: Projection, options?: FeedOptions): ProjectionFeed;
}

/** Injection token; without a provider, read models follow the store. */
export const PROJECTION_FEEDS = Symbol('ProjectionFeeds');

export function storeFeeds(store: EventStore, db: SqlDatabase): ProjectionFeeds {
  return { feed: (projection, options) => new ProjectionRunner(store, db, projection, options) };
}

/** For tools that rebuild or report progress: only a store-fed read model can do either. */
export function asStoreRunner(feed: ProjectionFeed): ProjectionRunner {
  if (!(feed instanceof ProjectionRunner)) {
    throw new Error(`${feed.projection.name} is not fed from the store (PROJECTION_SOURCE)`);
  }
  return feed;
}
