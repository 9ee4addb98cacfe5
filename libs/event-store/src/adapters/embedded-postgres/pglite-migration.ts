import { existsSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ChainBreak, verifyChain } from '../../chain/verify-chain';
import { quoteIdentifier } from '../../sql/sql-client';
import { PgliteEventStore } from '../pglite/pglite-event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';

/** PGlite's store always lives in this schema (EVENT_STORE=pglite has no schema setting). */
const PGLITE_SCHEMA = 'event_store';
/** Rows per round trip: about a megabyte of JSON for the 761 plan's events. */
const BATCH = 2000;
/** Bookkeeping of the writer, not part of the ledger: see below. */
const NOT_COPIED = new Set(['transaction_id']);

export interface PgliteMigration {
  events: bigint;
  streams: bigint;
  lastPosition: bigint | null;
  /** Where the PGlite folder was moved to, kept until someone deletes it. */
  keptAs: string;
  /** True when an earlier start had copied the events and stopped before moving the folder. */
  resumed: boolean;
  ms: number;
}

interface Extent {
  events: bigint;
  streams: bigint;
  lastPosition: bigint | null;
}

/**
 * Copies a PGlite store (EVENT_STORE=pglite's folder) into an empty store on PostgreSQL,
 * row for row: positions, stream versions, ids, data, metadata, recorded times, schema
 * versions and hashes exactly as stored, so the hash chain verifies afterwards and every
 * cursor and anchor handed out before still points at the same event. The copy is one
 * transaction: it happens whole or not at all. Then the chain is verified on the target,
 * and the PGlite folder is renamed (never deleted).
 *
 * Not copied: each row's transaction id (xid8). It records which PGlite transaction wrote the
 * row, and global-log readers return only rows below the oldest running transaction id of
 * *this* server (see appendLockKey in migrations.ts); PGlite's ids would stay invisible until
 * the new server's counter passed them. The copying transaction's own id is recorded instead:
 * one transaction, one id, visible together at commit.
 *
 * Read models are not copied: they live in the target's service schemas, empty on a new
 * cluster, and their projections rebuild them from position 0 at the next start.
 *
 * Returns null when there is no PGlite store to migrate.
 */
export async function migratePgliteStore(options: {
  pgliteDir: string;
  target: PostgresEventStore;
  targetSchema: string;
  log: (message: string) => void;
}): Promise<PgliteMigration | null> {
  const { pgliteDir, target, log } = options;
  // PGlite makes its folder on open: an empty one holds nothing to migrate.
  if (!existsSync(pgliteDir) || readdirSync(pgliteDir).length === 0) return null;
  const started = Date.now();
  const s = quoteIdentifier(options.targetSchema);
  const before = await extentOn(target, s);
  log(`found a PGlite store in ${pgliteDir}: opening it to migrate its events to PostgreSQL`);
  // Opening runs any migration PGlite's schema lacks, so both sides have the same columns.
  const source = await PgliteEventStore.open({ dataDir: pgliteDir });
  let resumed = false;
  try {
    const extent = await extentOn(source, quoteIdentifier(PGLITE_SCHEMA));
    if (before.events === 0n) {
      if (extent.events > 0n) await copyEvents(source, target, options.targetSchema, extent, log);
    } else if (before.events === extent.events && before.lastPosition === extent.lastPosition) {
      resumed = true;
    } else {
      throw new Error(
        `DATA_DIR holds a PGlite store (${pgliteDir}: ${extent.events} events) and a different ` +
          `PostgreSQL one (${before.events} events, schema ${options.targetSchema}); nothing was ` +
          `migrated. Keep the one you want: move the other out of DATA_DIR, or start with ` +
          `EVENT_STORE=pglite to use the PGlite one`,
      );
    }
    const after = await extentOn(target, s);
    if (after.events !== extent.events || after.lastPosition !== extent.lastPosition) {
      throw new Error(
        `the migration from ${pgliteDir} copied ${after.events} of ${extent.events} events: ` +
          `the PGlite folder is left in place`,
      );
    }
    await assertChainHolds(target, source, pgliteDir, log);
    await source.close();
    const keptAs = freeName(
      join(dirname(pgliteDir), `${basename(pgliteDir)}.pglite-migrated-${stamp()}`),
    );
    renameSync(pgliteDir, keptAs);
    return { ...extent, keptAs, resumed, ms: Date.now() - started };
  } finally {
    await source.close();
  }
}

async function copyEvents(
  source: PgliteEventStore,
  target: PostgresEventStore,
  targetSchema: string,
  extent: Extent,
  log: (message: string) => void,
): Promise<void> {
  const s = quoteIdentifier(targetSchema);
  const columns = await columnsToCopy(source, target, targetSchema);
  const list = columns.map(quoteIdentifier).join(', ');
  const client = await target.pool.connect();
  try {
    await client.query('BEGIN');
    let after = '0';
    let copied = 0n;
    let reported = 0n;
    for (;;) {
      // JSON text from PGlite straight into PostgreSQL: values never become JavaScript numbers
      // or Dates (microseconds, bigints and bytea hex survive as the server printed them).
      const { rows } = await source.db.query<{ batch: string | null; last: string | null }>(
        `SELECT json_agg(t ORDER BY t.global_position)::text AS batch,
                max(t.global_position)::text AS last
           FROM (SELECT ${list} FROM ${quoteIdentifier(PGLITE_SCHEMA)}.events
                  WHERE global_position > $1::bigint ORDER BY global_position LIMIT ${BATCH}) t`,
        [after],
      );
      const page = rows[0];
      if (!page?.batch || !page.last) break;
      const inserted = await client.query(
        `INSERT INTO ${s}.events (${list})
         SELECT ${list} FROM json_populate_recordset(NULL::${s}.events, $1::json)`,
        [page.batch],
      );
      after = page.last;
      copied += BigInt(inserted.rowCount ?? 0);
      if (copied - reported >= 100_000n) {
        reported = copied;
        log(`migrating: ${copied} of ${extent.events} events copied`);
      }
    }
    // Positions handed out by failed appends stay used: the next append continues from PGlite's.
    const { rows: sequence } = await source.db.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${quoteIdentifier(PGLITE_SCHEMA)}.global_position`,
    );
    if (sequence[0]) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3::boolean)', [
        `${s}.global_position`,
        sequence[0].last_value,
        sequence[0].is_called,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Every column PGlite's events table has, but the writer's transaction id. */
async function columnsToCopy(
  source: PgliteEventStore,
  target: PostgresEventStore,
  targetSchema: string,
): Promise<string[]> {
  const sql = `SELECT column_name FROM information_schema.columns
                WHERE table_schema = $1 AND table_name = 'events' ORDER BY ordinal_position`;
  const from = (await source.db.query<{ column_name: string }>(sql, [PGLITE_SCHEMA])).rows.map(
    (r) => r.column_name,
  );
  const to = new Set(
    (await target.pool.query<{ column_name: string }>(sql, [targetSchema])).rows.map(
      (r) => r.column_name,
    ),
  );
  const missing = from.filter((c) => !to.has(c));
  if (missing.length > 0) {
    throw new Error(
      `the PGlite store has columns the PostgreSQL one lacks (${missing.join(', ')}): nothing migrated`,
    );
  }
  return from.filter((c) => !NOT_COPIED.has(c));
}

async function extentOn(store: PgliteEventStore | PostgresEventStore, s: string): Promise<Extent> {
  const sql = `SELECT count(*)::text AS events, count(DISTINCT stream_id)::text AS streams,
                      max(global_position)::text AS last FROM ${s}.events`;
  const rows =
    store instanceof PgliteEventStore
      ? (await store.db.query<{ events: string; streams: string; last: string | null }>(sql)).rows
      : (await store.pool.query<{ events: string; streams: string; last: string | null }>(sql))
          .rows;
  const row = rows[0];
  return {
    events: BigInt(row?.events ?? '0'),
    streams: BigInt(row?.streams ?? '0'),
    lastPosition: row?.last ? BigInt(row.last) : null,
  };
}

/**
 * The copy must verify as the original did. A chain already broken in PGlite is copied as it
 * was (the migration must not hide tampering, nor refuse to carry the evidence); a break
 * the copy introduced stops the migration with the PGlite folder left in place.
 */
async function assertChainHolds(
  target: PostgresEventStore,
  source: PgliteEventStore,
  pgliteDir: string,
  log: (message: string) => void,
): Promise<void> {
  const copied = await verifyChain(target, 'all', { pageSize: 5000 });
  if (copied.firstBroken === null) return;
  const original = await verifyChain(source, 'all', { pageSize: 5000 });
  if (original.firstBroken && sameBreak(original.firstBroken, copied.firstBroken)) {
    log(
      `the hash chain of ${pgliteDir} was already broken at position ` +
        `${copied.firstBroken.globalPosition} (${copied.firstBroken.reason}); copied as it was`,
    );
    return;
  }
  throw new Error(
    `the migrated events do not verify (${copied.firstBroken.reason} at position ` +
      `${copied.firstBroken.globalPosition}, stream ${copied.firstBroken.streamId}) while ` +
      `${pgliteDir} ${original.firstBroken ? 'breaks elsewhere' : 'verifies'}: the PGlite folder is left in place`,
  );
}

function sameBreak(a: ChainBreak, b: ChainBreak): boolean {
  return a.globalPosition === b.globalPosition && a.reason === b.reason;
}

/** `path`, or `path-2`, `path-3`...: two migrations kept in the same second keep both folders. */
function freeName(path: string): string {
  let name = path;
  for (let n = 2; existsSync(name); n++) name = `${path}-${n}`;
  return name;
}

/** 20261201T152300Z: sorts by time, no characters a file name dislikes. */
function stamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}
