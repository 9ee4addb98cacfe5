import { RecordedEvent } from '@ledger/event-store';
import { SqlExecutor } from '../sql/sql-database';

/**
 * A read model kept in SQL tables of its own schema. `apply` runs in the same transaction
 * as the checkpoint update, so an event is applied exactly once even across crashes.
 */
export interface Projection {
  /** Unique name; also the checkpoint's key. */
  readonly name: string;
  /** The schema that holds its tables and its checkpoint (one per service). */
  readonly schema: string;
  /** Bump when the tables or `apply` change meaning: the projection then rebuilds from position 0. */
  readonly version: number;
  /** Creates the tables (idempotent: IF NOT EXISTS). */
  setup(tx: SqlExecutor): Promise<void>;
  /** Drops everything `setup` created, for a rebuild. */
  teardown(tx: SqlExecutor): Promise<void>;
  /** Whether this projection cares about an event type; others only move the checkpoint. */
  handles(eventType: string): boolean;
  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void>;
  /**
   * Optional: applies several handled events at once, in order (set-based SQL for rebuilds
   * of long logs). When present the runner calls it instead of `apply` for each event.
   */
  applyBatch?(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Optional, for sources without one global order (Kafka, where each service has its own
   * topic): which entity an event needs to exist before it can be applied. The store's log
   * never needs it; a consumer holds such events back until the entity arrives.
   */
  readonly prerequisite?: EventPrerequisite;
}

export interface EventPrerequisite {
  /** The entity an event is about (a project id), or null when it needs none. */
  keyOf(event: RecordedEvent): string | null;
  /** Whether the event brings its entity into being (a project's first event). */
  introduces(event: RecordedEvent): boolean;
  /** Whether the read model knows the entity already. */
  knows(tx: SqlExecutor, key: string): Promise<boolean>;
}
