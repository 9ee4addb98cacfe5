import {
  EventStore,
  EventVersioning,
  PgliteEventStore,
  PostgresEventStore,
  RecordedEvent,
  quoteIdentifier,
  rawStore,
  versioningOf,
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
   * Valid time (validTimeOf: the fact's own date, else metadata.validAt, else recordedAt)
   * strictly before this: "what we now know about the period up to D", corrections
   * included, since a correction carries the valid time of the period it corrects.
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

/** A date-only valid time (YYYY-MM-DD) is the start of that day in Beijing, as asOf.validAt reads it. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * When an event's fact is about, in epoch milliseconds: the date its data states
 * (`data.validAt`, YYYY-MM-DD: planning facts since version 2 of their types, upcast from
 * their own dates before that), else the metadata's valid time (a report's period, the
 * plan's issue date for the seed), else when it was recorded. Read the event upcast.
 */
export function validTimeOf(event: RecordedEvent): number {
  const own = (event.data as { validAt?: unknown }).validAt;
  if (typeof own === 'string' && DATE_ONLY.test(own)) return Date.parse(`${own}T00:00:00+08:00`);
  if (event.metadata.validAt !== null) return Date.parse(event.metadata.validAt);
  return event.recordedAt.getTime();
}

/**
 * The SQL stores' events table, filtered in SQL. Uses the store's own column list, row
 * mapping and settled-transaction condition (sql-event-store.ts), so a row reads exactly
 * as `readAll` returns it and no reader can see a position a lower one may still precede.
 * Rows are upcast like every other read (`versioning`, from the store the log belongs to).
 */
export class SqlEventLog implements EventLog {
  private readonly table: string;

  constructor(
    private readonly db: SqlExecutor,
    schema: string,
    private readonly versioning?: EventVersioning,
  ) {
    this.table = `${quoteIdentifier(schema)}.events`;
  }

  async page(
    filter: EventLogFilter,
    after: bigint | null,
    limit: number,
    via: SqlExecutor = this.db,
  ): Promise<RecordedEvent[]> {
    const validBefore = filter.validBefore;
    const found: RecordedEvent[] = [];
    let cursor = after;
    for (;;) {
      const { sql, params } = this.query(filter, cursor, limit);
      const rows = await via.query<EventRow>(sql, params);
      for (const row of rows) {
        const event = this.upcast(toRecordedEvent(row));
        if (validBefore === undefined || validTimeOf(event) < validBefore.getTime()) {
          found.push(event);
          if (found.length === limit) return found;
        }
      }
      // Only the valid-time filter is finished in memory: a short page means the end.
      if (rows.length < limit || validBefore === undefined) return found;
      cursor = toRecordedEvent(rows[rows.length - 1]!).globalPosition;
    }
  }

  private query(
    filter: EventLogFilter,
    after: bigint | null,
    limit: number,
  ): { sql: string; params: unknown[] } {
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
      // A superset in SQL, exact in memory after upcasting: an event that states a valid
      // time is kept only if it is early enough; one that states none is kept, because
      // reading it at its current version may give it one (a planning fact stored at
      // version 1 gets the date of its own data). Upcasters add a valid time, never move
      // one. metadata.validAt was checked to be ISO-8601 with a zone at append.
      const stated =
        `coalesce(CASE WHEN data->>'validAt' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' ` +
        `THEN (data->>'validAt' || 'T00:00:00+08:00')::timestamptz END, (metadata->>'validAt')::timestamptz)`;
      where.push(
        `(${stated} IS NULL OR ${stated} < ${p(filter.validBefore.toISOString())}::timestamptz)`,
      );
    }
    return {
      sql: `SELECT ${COLUMNS} FROM ${this.table} WHERE ${where.join(' AND ')}
        ORDER BY global_position LIMIT ${p(limit)}`,
      params,
    };
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    return this.versioning ? this.versioning.upcast(event) : event;
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
  if (filter.validBefore !== undefined && validTimeOf(event) >= filter.validBefore.getTime())
    return false;
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
  const raw = rawStore(store);
  if (
    (raw instanceof PgliteEventStore || raw instanceof PostgresEventStore) &&
    schema !== undefined
  ) {
    return new SqlEventLog(db, schema, versioningOf(store));
  }
  // Reads through the store it was given: upcast when that store is.
  return new ScanningEventLog(store);
}
