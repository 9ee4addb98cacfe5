import type { DeadLetterKind } from '@ledger/contracts';
import { RecordedEvent } from '@ledger/event-store';
import { SqlExecutor, quoteIdentifier } from '../sql/sql-database';

export type { DeadLetterKind } from '@ledger/contracts';
export type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

/** One dead letter as an operator sees it (both kinds share the table). */
export interface DeadLetter {
  /** `<projection>@<position>` or `<projection>@<topic>/<partition>/<offset>`. */
  id: string;
  kind: DeadLetterKind;
  projection: string;
  eventId: string | null;
  eventType: string | null;
  streamId: string | null;
  globalPosition: bigint | null;
  /** For a parked Kafka message: where it was read. */
  topic: string | null;
  partition: number | null;
  offset: string | null;
  /** The last reason it failed: the projection's error, or why the message is no event. */
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  status: DeadLetterStatus;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  /** The operator's note on a replay, or the required reason of a discard. */
  resolution: string | null;
}

/** A parked message as read off the wire: what a replay reads again. */
export interface ParkedMessage {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: string | null;
}

export interface DeadLetterFilter {
  kind?: DeadLetterKind;
  projection?: string;
  /** Open ones only unless said otherwise. */
  status?: DeadLetterStatus | 'any';
  limit?: number;
}

export const projectionDeadLetterId = (projection: string, position: bigint): string =>
  `${projection}@${position}`;
export const messageDeadLetterId = (
  projection: string,
  topic: string,
  partition: number,
  offset: string,
): string => `${projection}@${topic}/${partition}/${offset}`;

const table = (schema: string) => `${quoteIdentifier(schema)}.dead_letters`;

/** Idempotent: every runner and consumer of a schema calls it when it starts. */
export async function ensureDeadLetters(tx: SqlExecutor, schema: string): Promise<void> {
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  await tx.query(`CREATE TABLE IF NOT EXISTS ${table(schema)} (
    id text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('projection_event', 'kafka_message')),
    projection text NOT NULL,
    event_id uuid, event_type text, stream_id text, global_position bigint,
    topic text, "partition" int, "offset" text, headers jsonb, value text,
    error text NOT NULL,
    attempts int NOT NULL,
    first_failed_at timestamptz NOT NULL DEFAULT now(),
    last_failed_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
    resolved_at timestamptz, resolved_by text, resolution text)`);
}

/**
 * A projection gave up on `event`: in the transaction that moves its checkpoint past it, so
 * the log has no gap (every position up to the checkpoint is applied or here). A rebuild
 * meets the event again: its record opens again, whatever an operator did to the old tables.
 */
export async function recordProjectionDeadLetter(
  tx: SqlExecutor,
  schema: string,
  projection: string,
  event: RecordedEvent,
  failure: { error: string; attempts: number; firstFailedAt: Date },
): Promise<DeadLetter> {
  const [row] = await tx.query<DeadLetterRow>(
    `INSERT INTO ${table(schema)} AS d (id, kind, projection, event_id, event_type, stream_id,
       global_position, error, attempts, first_failed_at)
     VALUES ($1, 'projection_event', $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts,
       first_failed_at = EXCLUDED.first_failed_at, last_failed_at = now(), status = 'open',
       resolved_at = NULL, resolved_by = NULL, resolution = NULL
     RETURNING ${COLUMNS}`,
    [
      projectionDeadLetterId(projection, event.globalPosition),
      projection,
      event.eventId,
      event.type,
      event.streamId,
      event.globalPosition.toString(),
      failure.error,
      failure.attempts,
      failure.firstFailedAt.toISOString(),
    ],
  );
  return toDeadLetter(row!);
}

/** A consumer parked a message for `projection`; parked again (redelivered), it counts once more. */
export async function recordMessageDeadLetter(
  tx: SqlExecutor,
  schema: string,
  projection: string,
  message: ParkedMessage,
  reason: string,
): Promise<void> {
  const id = /^[0-9a-f-]{36}$/.test(message.headers.ce_id ?? '') ? message.headers.ce_id! : null;
  const position = /^\d+$/.test(message.headers.ce_sequence ?? '')
    ? message.headers.ce_sequence!
    : null;
  await tx.query(
    `INSERT INTO ${table(schema)} AS d (id, kind, projection, event_id, event_type, stream_id,
       global_position, topic, "partition", "offset", headers, value, error, attempts)
     VALUES ($1, 'kafka_message', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
     ON CONFLICT (id) DO UPDATE SET attempts = d.attempts + 1, last_failed_at = now()
       WHERE d.status = 'open'`,
    [
      messageDeadLetterId(projection, message.topic, message.partition, message.offset),
      projection,
      id,
      message.headers.ce_type || null,
      message.headers.ce_subject || null,
      position,
      message.topic,
      message.partition,
      message.offset,
      JSON.stringify(message.headers),
      message.value,
      reason,
    ],
  );
}

export async function listDeadLetters(
  db: SqlExecutor,
  schema: string,
  filter: DeadLetterFilter = {},
): Promise<DeadLetter[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const status = filter.status ?? 'open';
  if (status !== 'any') where.push(`status = $${params.push(status)}`);
  if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.projection) where.push(`projection = $${params.push(filter.projection)}`);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = await db.query<DeadLetterRow>(
    `SELECT ${COLUMNS} FROM ${table(schema)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY first_failed_at, id LIMIT ${limit}`,
    params,
  );
  return rows.map(toDeadLetter);
}

/** The dead letter and, for a parked message, what was read off the wire; locked for the caller's transaction. */
export async function lockDeadLetter(
  tx: SqlExecutor,
  schema: string,
  id: string,
): Promise<{ letter: DeadLetter; message: ParkedMessage | null } | null> {
  const [row] = await tx.query<
    DeadLetterRow & { headers: Record<string, string> | null; value: string | null }
  >(`SELECT ${COLUMNS}, headers, value FROM ${table(schema)} WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) return null;
  const letter = toDeadLetter(row);
  const message =
    letter.kind === 'kafka_message' && letter.topic !== null && letter.partition !== null
      ? {
          topic: letter.topic,
          partition: letter.partition,
          offset: letter.offset ?? '',
          headers: row.headers ?? {},
          value: row.value,
        }
      : null;
  return { letter, message };
}

export async function resolveDeadLetter(
  tx: SqlExecutor,
  schema: string,
  id: string,
  status: Exclude<DeadLetterStatus, 'open'>,
  by: string,
  resolution: string | null,
): Promise<DeadLetter> {
  const [row] = await tx.query<DeadLetterRow>(
    `UPDATE ${table(schema)} SET status = $2, resolved_at = now(), resolved_by = $3, resolution = $4
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, by, resolution],
  );
  return toDeadLetter(row!);
}

/** A replay that failed again: the dead letter stays, with the new reason. */
export async function failedAgain(
  tx: SqlExecutor,
  schema: string,
  id: string,
  error: string,
): Promise<DeadLetter> {
  const [row] = await tx.query<DeadLetterRow>(
    `UPDATE ${table(schema)} SET error = $2, attempts = attempts + 1, last_failed_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, error],
  );
  return toDeadLetter(row!);
}

export interface DeadLetterCount {
  kind: DeadLetterKind;
  /** The projection they are dead letters of. */
  source: string;
  count: number;
}

/**
 * Open dead letters by kind and projection, for `ledger_dead_letters{kind,source}` at scrape
 * time. A schema whose read models never started has no table yet: no dead letters.
 */
export async function countDeadLetters(
  db: SqlExecutor,
  schemas: readonly string[],
): Promise<DeadLetterCount[]> {
  const out: DeadLetterCount[] = [];
  for (const schema of new Set(schemas)) {
    const [exists] = await db.query<{ found: string | null }>(
      `SELECT to_regclass($1)::text AS found`,
      [`${quoteIdentifier(schema)}.dead_letters`],
    );
    if (!exists?.found) continue;
    const rows = await db.query<{ kind: DeadLetterKind; projection: string; n: number }>(
      `SELECT kind, projection, count(*)::int AS n FROM ${table(schema)}
       WHERE status = 'open' GROUP BY kind, projection ORDER BY kind, projection`,
    );
    out.push(...rows.map((r) => ({ kind: r.kind, source: r.projection, count: r.n })));
  }
  return out;
}

const COLUMNS = `id, kind, projection, event_id, event_type, stream_id, global_position::text AS global_position,
  topic, "partition", "offset", error, attempts, first_failed_at, last_failed_at, status,
  resolved_at, resolved_by, resolution`;

interface DeadLetterRow {
  id: string;
  kind: DeadLetterKind;
  projection: string;
  event_id: string | null;
  event_type: string | null;
  stream_id: string | null;
  global_position: string | null;
  topic: string | null;
  partition: number | null;
  offset: string | null;
  error: string;
  attempts: number;
  first_failed_at: Date | string;
  last_failed_at: Date | string;
  status: DeadLetterStatus;
  resolved_at: Date | string | null;
  resolved_by: string | null;
  resolution: string | null;
}

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    id: r.id,
    kind: r.kind,
    projection: r.projection,
    eventId: r.event_id,
    eventType: r.event_type,
    streamId: r.stream_id,
    globalPosition: r.global_position === null ? null : BigInt(r.global_position),
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    error: r.error,
    attempts: r.attempts,
    firstFailedAt: date(r.first_failed_at),
    lastFailedAt: date(r.last_failed_at),
    status: r.status,
    resolvedAt: r.resolved_at === null ? null : date(r.resolved_at),
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
  };
}
