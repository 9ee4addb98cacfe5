import { EventStore, RecordedEvent } from '@ledger/event-store';
import { SqlDatabase, quoteIdentifier } from '../sql/sql-database';
import { Projection } from '../projection/projection';
import { DeadLetter, recordProjectionDeadLetter } from './dead-letter-table';
import { applyOne } from './dead-letter-operations';

export const DEFAULT_MAX_PROJECTION_ATTEMPTS = 5;

/**
 * PROJECTION_MAX_ATTEMPTS: how many times a batch may fail before the runner looks for the
 * event that fails it and sets that one aside as a dead letter (1-100, default 5).
 */
export function projectionMaxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PROJECTION_MAX_ATTEMPTS;
  if (raw === undefined || raw === '') return DEFAULT_MAX_PROJECTION_ATTEMPTS;
  return validMaxAttempts(Number(raw), `PROJECTION_MAX_ATTEMPTS="${raw}"`);
}

export function validMaxAttempts(value: number, what = `maxAttempts ${value}`): number {
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new Error(
      `${what}: a projection batch's attempts before dead-lettering must be a whole number from 1 to 100`,
    );
  }
  return value;
}

/**
 * Failures that say nothing about the event: the database went away, or refused for load.
 * Setting an event aside for them would lose a good event; the runner keeps retrying.
 */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE 08 connection, 53 resources, 57P operator intervention (shutdown, restart),
    // 40001/40P01 serialization and deadlock; and Node's socket errors.
    if (/^(08|53|57P)/.test(code) || code === '40001' || code === '40P01') return true;
    if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NOTFOUND)$/.test(code)) return true;
  }
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    error.message,
  );
}

export interface PoisonSearch {
  store: EventStore;
  db: SqlDatabase;
  projection: Projection;
  batchSize: number;
  /** The batch's failures so far: what the dead letter records. */
  failures: { attempts: number; firstFailedAt: Date; lastError: string };
  /** Whether an error means the runner must stop (a version clash), not dead-letter. */
  isFatal: (error: unknown) => boolean;
}

export interface PoisonSearchResult {
  /** The stored checkpoint afterwards. */
  position: bigint | null;
  /** Events applied one by one before the poison one (or all of the batch, if none failed alone). */
  applied: RecordedEvent[];
  /** The event set aside, if one failed on its own. */
  deadLetter: DeadLetter | null;
}

/**
 * After a batch failed `maxAttempts` times: apply the batch from the stored checkpoint one
 * event per transaction, each moving the checkpoint with it. The first event that fails on
 * its own (and not for a transient reason) is recorded as a dead letter in the transaction
 * that moves the checkpoint past it: every position up to the checkpoint is then applied or
 * dead-lettered, never silently missing, and the runner goes on after it.
 */
export async function setAsidePoisonEvent(search: PoisonSearch): Promise<PoisonSearchResult> {
  const { db, projection } = search;
  const checkpoints = `${quoteIdentifier(projection.schema)}.read_model_checkpoints`;
  const lockCheckpoint = async (tx: Parameters<Parameters<SqlDatabase['transaction']>[0]>[0]) => {
    const [row] = await tx.query<{ version: number; position: string | null }>(
      `SELECT version, position::text AS position FROM ${checkpoints} WHERE name = $1 FOR UPDATE`,
      [projection.name],
    );
    if (row === undefined || row.version !== projection.version) {
      throw new Error(`${projection.name}: checkpoint row missing or at another version`);
    }
    return row.position === null ? null : BigInt(row.position);
  };
  const [start] = await db.query<{ position: string | null }>(
    `SELECT position::text AS position FROM ${checkpoints} WHERE name = $1`,
    [projection.name],
  );
  let position = start?.position == null ? null : BigInt(start.position);
  const events = await search.store.readAll({
    ...(position === null ? {} : { after: position }),
    maxCount: search.batchSize,
  });
  const applied: RecordedEvent[] = [];
  for (const event of events) {
    if (!projection.handles(event.type)) continue;
    try {
      const moved = await db.transaction(async (tx) => {
        const stored = await lockCheckpoint(tx);
        // Another runner got past it meanwhile: nothing to do here.
        if (stored !== null && stored >= event.globalPosition) return false;
        await applyOne(tx, projection, event);
        await tx.query(
          `UPDATE ${checkpoints} SET position = $2, updated_at = now() WHERE name = $1`,
          [projection.name, event.globalPosition.toString()],
        );
        return true;
      });
      if (moved) applied.push(event);
      position = event.globalPosition;
    } catch (error) {
      if (search.isFatal(error) || isTransientFailure(error)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const deadLetter = await db.transaction(async (tx) => {
        const stored = await lockCheckpoint(tx);
        if (stored !== null && stored >= event.globalPosition) return null;
        const letter = await recordProjectionDeadLetter(
          tx,
          projection.schema,
          projection.name,
          event,
          {
            error: reason,
            attempts: search.failures.attempts + 1,
            firstFailedAt: search.failures.firstFailedAt,
          },
        );
        await tx.query(
          `UPDATE ${checkpoints} SET position = $2, updated_at = now() WHERE name = $1`,
          [projection.name, event.globalPosition.toString()],
        );
        return letter;
      });
      return { position: event.globalPosition, applied, deadLetter };
    }
  }
  return { position, applied, deadLetter: null };
}
