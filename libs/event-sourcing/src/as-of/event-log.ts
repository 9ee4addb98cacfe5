import {
  EventStore,
  PgliteEventStore,
  PostgresEventStore,
  RecordedEvent,
  quoteIdentifier,
} from '@ledger/event-store';
import {
  COLUMNS,
  EventRow,
  SETTLED,
  toRecordedEvent,
} from '@ledger/event-store/sql/sql-event-store';
import { SqlExecutor } from '../sql/sql-database';

/**
 * Which events of the global log to read. Every field narrows; an empty filter is the whole
 * log. Times compare at the millisecond precision the store reports (and hashes) them with.
 */
export interface EventLogFilter {
  /** Only these event types (already checked against the catalog by the caller). */
  types?: readonly string[];
  /** Events whose `data.projectId` is this, whichever service recorded them. */
  projectId?: string;
  /** `metadata.actor` equals this. */
  actor?: string;
  /** recordedAt >= this. */
  recordedFrom?: Date;
  /** recordedAt <= this: "what the ledger said at T" ignores everything recorded later. */
  recordedTo?: Date;
  /**
   * Valid time (metadata.validAt, or recordedAt when the event has none) strictly before this:
   * "what we now know about the period up to D", corrections included, since a correction
   * carries the valid time of the period it corrects.
   */
  validBefore?: Date;
  /** Global position <= this: pins a replay to the head seen when it started. */
  upTo?: bigint;
}

/** Reads filtered pages of the global log, in global order, never past the gap-safe horizon. */
export interface EventLog {
  /**
   * Up to `limit` events matching `filter` with a position above `after`. `via` runs the SQL
   * on a given connection (a replay's transaction); ignored by logs that are not SQL.
   */
  page(
    filter: EventLogFilter,
    after: bigint | null,
    limit: number,
    via?: SqlExecutor,
  ): Promise<RecordedEvent[]>;
}

/**
 * The SQL stores' events table, filtered in SQL. Uses the store's own column list, row
 * mapping and settled-transaction condition (sql-event-store.ts), so a row reads exactly
 * as `readAll` returns it and no reader can see a position a lower one may still precede.
 */
export class SqlEventLog implements EventLog {
  private readonly table: string;

  constructor(
    private readonly db: SqlExecutor,
    schema: string,
  ) {
    this.table = `${quoteIdentifier(schema)}.events`;
  }

  async page(
    filter: EventLogFilter,
    after: bigint | null,
    limit: number,
    via: SqlExecutor = this.db,
  ): Promise<RecordedEvent[]> {
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = [SETTLED];
    if (after !== null) where.push(`global_position > ${p(after.toString())}::bigint`);
    if (filter.upTo !== undefined)
      where.push(`global_position <= ${p(filter.upTo.toString())}::bigint`);
    if (filter.types !== undefined) where.push(`event_type = ANY (${p(filter.types)}::text[])`);
    if (filter.projectId !== undefined) where.push(`data->>'projectId' = ${p(filter.projectId)}`);
    if (filter.actor !== undefined) where.push(`metadata->>'actor' = ${p(filter.actor)}`);
    const recorded = "date_trunc('milliseconds', recorded_at)";
    if (filter.recordedFrom !== undefined)
      where.push(`${recorded} >= ${p(filter.recordedFrom.toISOString())}::timestamptz`);
    if (filter.recordedTo !== undefined)
      where.push(`${recorded} <= ${p(filter.recordedTo.toISOString())}::timestamptz`);
    if (filter.validBefore !== undefined) {
      // validAt was checked to be ISO-8601 with a zone at append, so the cast cannot fail.
      where.push(
        `coalesce((metadata->>'validAt')::timestamptz, ${recorded}) < ${p(filter.validBefore.toISOString())}::timestamptz`,
      );
    }
    const rows = await via.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE ${where.join(' AND ')}
        ORDER BY global_position LIMIT ${p(limit)}`,
      params,
    );
    return rows.map(toRecordedEvent);
  }
}

/** How many events a scan reads from the store per call while it looks for matches. */
const SCAN_BATCH = 1000;

/**
 * For stores without SQL (EventStoreDB): pages through `readAll` and filters in memory. Always
 * correct, and as slow as the log is long for a narrow filter: the SQL stores are the fast path.
 */
export class ScanningEventLog implements EventLog {
  constructor(private readonly store: EventStore) {}

  async page(
    filter: EventLogFilter,
    after: bigint | null,
    limit: number,
  ): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    let cursor = after ?? undefined;
    for (;;) {
      const batch = await this.store.readAll({
        ...(cursor === undefined ? {} : { after: cursor }),
        maxCount: SCAN_BATCH,
      });
      for (const event of batch) {
        if (filter.upTo !== undefined && event.globalPosition > filter.upTo) return found;
        if (!matches(filter, event)) continue;
        found.push(event);
        if (found.length === limit) return found;
      }
      if (batch.length < SCAN_BATCH) return found;
      cursor = batch[batch.length - 1]!.globalPosition;
    }
  }
}

/** The in-memory twin of SqlEventLog's WHERE clause. */
export function matches(filter: EventLogFilter, event: RecordedEvent): boolean {
  if (filter.upTo !== undefined && event.globalPosition > filter.upTo) return false;
  if (filter.types !== undefined && !filter.types.includes(event.type)) return false;
  if (
    filter.projectId !== undefined &&
    (event.data as { projectId?: unknown }).projectId !== filter.projectId
  )
    return false;
  if (filter.actor !== undefined && event.metadata.actor !== filter.actor) return false;
  const recorded = event.recordedAt.getTime();
  if (filter.recordedFrom !== undefined && recorded < filter.recordedFrom.getTime()) return false;
  if (filter.recordedTo !== undefined && recorded > filter.recordedTo.getTime()) return false;
  if (filter.validBefore !== undefined) {
    const valid = event.metadata.validAt === null ? recorded : Date.parse(event.metadata.validAt);
    if (valid >= filter.validBefore.getTime()) return false;
  }
  return true;
}

/** Where a store keeps its events table; undefined for EventStoreDB. */
export type EventStoreSchema = string | undefined;

/** The fastest log reader the store allows: SQL on its own tables, else a scan of readAll. */
export function eventLogFor(
  store: EventStore,
  db: SqlExecutor,
  schema: EventStoreSchema,
): EventLog {
  if (
    (store instanceof PgliteEventStore || store instanceof PostgresEventStore) &&
    schema !== undefined
  ) {
    return new SqlEventLog(db, schema);
  }
  return new ScanningEventLog(store);
}
