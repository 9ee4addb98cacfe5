import { ChainContent, expectedHash, GENESIS_HASH } from '../chain/hash-chain';
import { JsonObject } from '../port/json';
import { RecordedMetadata } from '../port/events';
import { SqlExecutor, toBigInt } from './sql-client';

/**
 * The one SQL schema PGlite and PostgreSQL share. Migrations are append-only: never edit
 * one that has shipped, add the next. `s` is the quoted schema name.
 */
export interface Migration {
  id: number;
  name: string;
  /** `s` is the quoted schema name, `schema` the raw one. */
  sql: (s: string, schema: string) => string;
  /** Runs after `sql` in the same transaction, for work SQL cannot do (hashing canonical JSON). */
  backfill?: (tx: SqlExecutor, s: string) => Promise<void>;
  /** Runs after `backfill` in the same transaction. */
  after?: (s: string, schema: string) => string;
}

/**
 * How the global log stays gap-safe while writers commit concurrently.
 *
 * PostgreSQL sequence values become visible in commit order, not in number order: a reader
 * that has seen position 6 may later find position 5 committed, and a tailing reader that
 * moved its checkpoint to 6 would skip it. So:
 * 1. Positions are drawn, and each append's transaction id is assigned, under one advisory
 *    lock. Position order is therefore transaction-id order. (Migration 1 assigned the id
 *    by the INSERT under the lock; append_to_streams, migration 5, assigns it with
 *    pg_current_xact_id() and inserts after the lock: only drawing is serialised.)
 * 2. The lock is a session lock released before the commit, so commits (and their WAL
 *    flushes) proceed in parallel and group together.
 * 3. Positions are drawn as contiguous blocks, so a reader of the global log takes a row
 *    right after the last position it has (nothing lower can appear), and stops at a hole:
 *    a position drawn by an append still committing. Past a hole it takes only rows whose
 *    transaction id is below the oldest transaction still running
 *    (`pg_snapshot_xmin(pg_current_snapshot())`): the hole's append, with a lower id, has
 *    then ended, and the hole is a rolled-back append's, never to appear.
 * The price: a reader waits for an append still committing, and at a rolled-back append's
 * hole for every transaction on the server older than the rows after it (never wrong, only
 * late). Per-stream reads are not held back. (Until issue 14 every row waited for the oldest
 * transaction: read models commit their own all the time, and the log fell seconds behind.)
 */
export function appendLockKey(schema: string): number {
  // FNV-1a, 32-bit signed: one lock per schema, so stores in different schemas never wait on each other.
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(`progress-ledger:append:${schema}`, 'utf8')) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash | 0;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'events table, global position sequence, append function',
    sql: (s, schema) => `
CREATE SEQUENCE ${s}.global_position AS bigint MINVALUE 1 START WITH 1;

CREATE TABLE ${s}.events (
  global_position bigint      PRIMARY KEY,
  event_id        uuid        NOT NULL UNIQUE,
  stream_id       text        NOT NULL,
  stream_version  bigint      NOT NULL CHECK (stream_version >= 0),
  event_type      text        NOT NULL,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, stream_version)
);

-- Append-only: the store never updates or deletes. Auditors rely on it.
CREATE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_change();
CREATE TRIGGER events_never_truncated BEFORE TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();

-- p_expected: 'any' | 'no_stream' | 'stream_exists' | a decimal version.
-- p_ids: the event ids in order; p_events: [{"type": text, "data": {...}, "metadata": {...}}, ...]
-- Returns outcome 'appended' | 'already_appended' | 'wrong_expected_version' | 'idempotency_conflict'.
-- Call it as a statement of its own (autocommit): the transaction's first write must be the
-- insert below, made under the lock (see appendLockKey in migrations.ts).
-- A unique violation escapes only when an event id was reused by a concurrent append to
-- another stream; the caller retries, and the retry answers idempotency_conflict.
CREATE FUNCTION ${s}.append_to_stream(
  p_stream_id text, p_expected text, p_ids uuid[], p_events jsonb,
  OUT outcome text, OUT stream_version bigint, OUT last_position bigint, OUT conflicting_ids text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := cardinality(p_ids);
  v_current bigint;
  v_first   bigint;
  v_stored  record;
  v_id      uuid;
  v_seen    boolean := false;
BEGIN
  -- Appends to one stream queue here until the previous one commits, so each reads the
  -- stream's committed version and a retried append sees its first attempt. Held to commit;
  -- taking a lock assigns no transaction id.
  PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, hashtext(p_stream_id));

  -- An id seen before: either this exact append again (a retry, answered as before) or a conflict.
  -- One unique-index probe per id: a plan that stays an index lookup however the session
  -- caches it (a cached plan for "= ANY(array)" made while the table was small is a full scan).
  FOREACH v_id IN ARRAY p_ids LOOP
    v_seen := EXISTS (SELECT 1 FROM ${s}.events ev WHERE ev.event_id = v_id);
    EXIT WHEN v_seen;
  END LOOP;
  IF v_seen THEN
    -- Rare (retries and mistakes): dynamic SQL is planned afresh for the data it meets.
    EXECUTE $q$
    SELECT count(*) AS n,
           bool_and(ev.stream_id = $2 AND ev.stream_version - u.o = first.v - 1) AS in_place,
           max(ev.stream_version) AS last_version,
           max(ev.global_position) AS last_position,
           array_agg(ev.event_id::text) AS ids
      FROM unnest($1) WITH ORDINALITY AS u(id, o)
      JOIN ${s}.events ev ON ev.event_id = u.id
      CROSS JOIN (SELECT e1.stream_version AS v FROM ${s}.events e1 WHERE e1.event_id = $1[1]) AS first
    $q$ INTO v_stored USING p_ids, p_stream_id;
    IF v_stored.n = v_count AND v_stored.in_place THEN
      outcome := 'already_appended'; stream_version := v_stored.last_version; last_position := v_stored.last_position;
    ELSE
      outcome := 'idempotency_conflict';
      EXECUTE $q$SELECT array_agg(ev.event_id::text) FROM ${s}.events ev WHERE ev.event_id = ANY ($1)$q$
        INTO conflicting_ids USING p_ids;
    END IF;
    RETURN;
  END IF;

  SELECT coalesce(max(ev.stream_version), -1) INTO v_current FROM ${s}.events ev WHERE ev.stream_id = p_stream_id;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current = -1)
          OR (p_expected = 'stream_exists' AND v_current >= 0)
          OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current = p_expected::bigint)) THEN
    outcome := 'wrong_expected_version'; stream_version := v_current;
    RETURN;
  END IF;

  PERFORM pg_advisory_lock(${appendLockKey(schema)});
  BEGIN
    -- Under the lock nobody else draws from the sequence, so the block is contiguous.
    v_first := nextval('${s}.global_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.global_position', v_first + v_count - 1);
    END IF;
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata)
    SELECT v_first + o - 1, p_ids[o], p_stream_id, v_current + o, e->>'type', e->'data', e->'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  EXCEPTION WHEN OTHERS OR query_canceled OR assert_failure THEN
    -- A session lock outlives errors: release it, or every writer would wait forever.
    PERFORM pg_advisory_unlock(${appendLockKey(schema)});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${appendLockKey(schema)});

  outcome := 'appended'; stream_version := v_current + v_count; last_position := v_first + v_count - 1;
END $$;
`,
  },
  {
    id: 2,
    name: 'per-stream hash chain: hash and previous_hash on every event, backfilled',
    // Columns nullable until the backfill below has filled every existing row. recorded_at
    // is hashed at millisecond precision (what a JavaScript Date holds), so new rows store
    // exactly that; older rows are hashed with their time truncated to milliseconds.
    sql: (s) => `
ALTER TABLE ${s}.events
  ADD COLUMN hash          bytea CHECK (octet_length(hash) = 32),
  ADD COLUMN previous_hash bytea CHECK (octet_length(previous_hash) = 32),
  ALTER COLUMN recorded_at SET DEFAULT date_trunc('milliseconds', clock_timestamp());
-- Only inside this transaction, and only for the backfill: the table stays locked meanwhile.
ALTER TABLE ${s}.events DISABLE TRIGGER events_append_only;
`,
    backfill: backfillHashChain,
    after: (s, schema) => `
ALTER TABLE ${s}.events ENABLE TRIGGER events_append_only;
ALTER TABLE ${s}.events ALTER COLUMN hash SET NOT NULL, ALTER COLUMN previous_hash SET NOT NULL;

-- As migration 1, plus the hash chain. Each element of p_events now also carries
-- "contentHash": SHA-256 hex of the event's canonical content, computed by the client
-- (canonical JSON needs code; see HASH-CHAIN.md). Here, under the stream's lock, each
-- event is chained to the one before it. A client that sends no contentHash is refused:
-- silently storing an unchained event would defeat the point.
CREATE OR REPLACE FUNCTION ${s}.append_to_stream(
  p_stream_id text, p_expected text, p_ids uuid[], p_events jsonb,
  OUT outcome text, OUT stream_version bigint, OUT last_position bigint, OUT conflicting_ids text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := cardinality(p_ids);
  v_current bigint;
  v_head    bytea;
  v_first   bigint;
  v_stored  record;
  v_id      uuid;
  v_seen    boolean := false;
  v_content text[];
  v_bad     boolean;
  v_hashes  bytea[];
  v_prevs   bytea[];
  v_prev    bytea;
  v_at      timestamptz;
  v_at_text text;
BEGIN
  PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, hashtext(p_stream_id));

  FOREACH v_id IN ARRAY p_ids LOOP
    v_seen := EXISTS (SELECT 1 FROM ${s}.events ev WHERE ev.event_id = v_id);
    EXIT WHEN v_seen;
  END LOOP;
  IF v_seen THEN
    EXECUTE $q$
    SELECT count(*) AS n,
           bool_and(ev.stream_id = $2 AND ev.stream_version - u.o = first.v - 1) AS in_place,
           max(ev.stream_version) AS last_version,
           max(ev.global_position) AS last_position,
           array_agg(ev.event_id::text) AS ids
      FROM unnest($1) WITH ORDINALITY AS u(id, o)
      JOIN ${s}.events ev ON ev.event_id = u.id
      CROSS JOIN (SELECT e1.stream_version AS v FROM ${s}.events e1 WHERE e1.event_id = $1[1]) AS first
    $q$ INTO v_stored USING p_ids, p_stream_id;
    IF v_stored.n = v_count AND v_stored.in_place THEN
      outcome := 'already_appended'; stream_version := v_stored.last_version; last_position := v_stored.last_position;
    ELSE
      outcome := 'idempotency_conflict';
      EXECUTE $q$SELECT array_agg(ev.event_id::text) FROM ${s}.events ev WHERE ev.event_id = ANY ($1)$q$
        INTO conflicting_ids USING p_ids;
    END IF;
    RETURN;
  END IF;

  -- The stream's head: its version and the hash the next event chains to.
  SELECT ev.stream_version, ev.hash INTO v_current, v_head
    FROM ${s}.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  IF v_current IS NULL THEN
    v_current := -1; v_head := decode(repeat('00', 32), 'hex');
  END IF;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current = -1)
          OR (p_expected = 'stream_exists' AND v_current >= 0)
          OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current = p_expected::bigint)) THEN
    outcome := 'wrong_expected_version'; stream_version := v_current;
    RETURN;
  END IF;

  -- Only presence and length are checked here: a malformed hash cannot hide anything, it
  -- only makes the verifier report the event, and a regular expression per event is slow.
  SELECT array_agg(e->>'contentHash' ORDER BY o), bool_or(length(e->>'contentHash') IS DISTINCT FROM 64)
    INTO v_content, v_bad
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  IF v_bad OR cardinality(v_content) IS DISTINCT FROM v_count THEN
    RAISE EXCEPTION 'append_to_stream: every event needs a "contentHash" of 64 lower-case hex digits (a client older than the hash chain?)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  PERFORM pg_advisory_lock(${appendLockKey(schema)});
  BEGIN
    v_first := nextval('${s}.global_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.global_position', v_first + v_count - 1);
    END IF;
    -- Taken under the lock, as the column default was before, so recorded time never runs
    -- backwards along the global log. The link document must equal linkDocument() in
    -- chain/hash-chain.ts byte for byte: its values need no escaping, its keys are sorted.
    v_at := date_trunc('milliseconds', clock_timestamp());
    v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_prev := v_head;
    FOR i IN 1 .. v_count LOOP
      v_prevs[i] := v_prev;
      v_prev := sha256(convert_to(
        '{"contentHash":"' || v_content[i] || '","previousHash":"' || encode(v_prev, 'hex')
        || '","recordedAt":"' || v_at_text || '","streamVersion":"' || (v_current + i)::text || '"}',
        'UTF8'));
      v_hashes[i] := v_prev;
    END LOOP;
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata,
                             recorded_at, hash, previous_hash)
    SELECT v_first + o - 1, p_ids[o], p_stream_id, v_current + o, e->>'type', e->'data', e->'metadata',
           v_at, v_hashes[o], v_prevs[o]
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  EXCEPTION WHEN OTHERS OR query_canceled OR assert_failure THEN
    PERFORM pg_advisory_unlock(${appendLockKey(schema)});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${appendLockKey(schema)});

  outcome := 'appended'; stream_version := v_current + v_count; last_position := v_first + v_count - 1;
END $$;
`,
  },
  {
    id: 3,
    name: 'schema version on every event; existing events are version 1',
    // A constant default adds the column without rewriting the table (PostgreSQL 11+) and
    // without an UPDATE, so the append-only trigger never fires and no stored row changes:
    // every event stored before reads as version 1, which is what it is. Version 1 is
    // hashed as before (HASH-CHAIN.md), so the chains of those events verify unchanged.
    sql: (s, schema) => `
ALTER TABLE ${s}.events
  ADD COLUMN schema_version integer NOT NULL DEFAULT 1 CHECK (schema_version >= 1);

-- As migration 2, plus each element's "schemaVersion" (absent = 1) stored in schema_version.
CREATE OR REPLACE FUNCTION ${s}.append_to_stream(
  p_stream_id text, p_expected text, p_ids uuid[], p_events jsonb,
  OUT outcome text, OUT stream_version bigint, OUT last_position bigint, OUT conflicting_ids text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := cardinality(p_ids);
  v_current bigint;
  v_head    bytea;
  v_first   bigint;
  v_stored  record;
  v_id      uuid;
  v_seen    boolean := false;
  v_content text[];
  v_bad     boolean;
  v_hashes  bytea[];
  v_prevs   bytea[];
  v_prev    bytea;
  v_at      timestamptz;
  v_at_text text;
BEGIN
  PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, hashtext(p_stream_id));

  FOREACH v_id IN ARRAY p_ids LOOP
    v_seen := EXISTS (SELECT 1 FROM ${s}.events ev WHERE ev.event_id = v_id);
    EXIT WHEN v_seen;
  END LOOP;
  IF v_seen THEN
    EXECUTE $q$
    SELECT count(*) AS n,
           bool_and(ev.stream_id = $2 AND ev.stream_version - u.o = first.v - 1) AS in_place,
           max(ev.stream_version) AS last_version,
           max(ev.global_position) AS last_position,
           array_agg(ev.event_id::text) AS ids
      FROM unnest($1) WITH ORDINALITY AS u(id, o)
      JOIN ${s}.events ev ON ev.event_id = u.id
      CROSS JOIN (SELECT e1.stream_version AS v FROM ${s}.events e1 WHERE e1.event_id = $1[1]) AS first
    $q$ INTO v_stored USING p_ids, p_stream_id;
    IF v_stored.n = v_count AND v_stored.in_place THEN
      outcome := 'already_appended'; stream_version := v_stored.last_version; last_position := v_stored.last_position;
    ELSE
      outcome := 'idempotency_conflict';
      EXECUTE $q$SELECT array_agg(ev.event_id::text) FROM ${s}.events ev WHERE ev.event_id = ANY ($1)$q$
        INTO conflicting_ids USING p_ids;
    END IF;
    RETURN;
  END IF;

  -- The stream's head: its version and the hash the next event chains to.
  SELECT ev.stream_version, ev.hash INTO v_current, v_head
    FROM ${s}.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  IF v_current IS NULL THEN
    v_current := -1; v_head := decode(repeat('00', 32), 'hex');
  END IF;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current = -1)
          OR (p_expected = 'stream_exists' AND v_current >= 0)
          OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current = p_expected::bigint)) THEN
    outcome := 'wrong_expected_version'; stream_version := v_current;
    RETURN;
  END IF;

  -- Only presence and length are checked here: a malformed hash cannot hide anything, it
  -- only makes the verifier report the event, and a regular expression per event is slow.
  SELECT array_agg(e->>'contentHash' ORDER BY o), bool_or(length(e->>'contentHash') IS DISTINCT FROM 64)
    INTO v_content, v_bad
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  IF v_bad OR cardinality(v_content) IS DISTINCT FROM v_count THEN
    RAISE EXCEPTION 'append_to_stream: every event needs a "contentHash" of 64 lower-case hex digits (a client older than the hash chain?)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  PERFORM pg_advisory_lock(${appendLockKey(schema)});
  BEGIN
    v_first := nextval('${s}.global_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.global_position', v_first + v_count - 1);
    END IF;
    -- Taken under the lock, as the column default was before, so recorded time never runs
    -- backwards along the global log. The link document must equal linkDocument() in
    -- chain/hash-chain.ts byte for byte: its values need no escaping, its keys are sorted.
    v_at := date_trunc('milliseconds', clock_timestamp());
    v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_prev := v_head;
    FOR i IN 1 .. v_count LOOP
      v_prevs[i] := v_prev;
      v_prev := sha256(convert_to(
        '{"contentHash":"' || v_content[i] || '","previousHash":"' || encode(v_prev, 'hex')
        || '","recordedAt":"' || v_at_text || '","streamVersion":"' || (v_current + i)::text || '"}',
        'UTF8'));
      v_hashes[i] := v_prev;
    END LOOP;
    -- The client validated schemaVersion (an integer from 1) and hashed it into contentHash.
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata,
                             recorded_at, hash, previous_hash, schema_version)
    SELECT v_first + o - 1, p_ids[o], p_stream_id, v_current + o, e->>'type', e->'data', e->'metadata',
           v_at, v_hashes[o], v_prevs[o], coalesce((e->>'schemaVersion')::integer, 1)
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  EXCEPTION WHEN OTHERS OR query_canceled OR assert_failure THEN
    PERFORM pg_advisory_unlock(${appendLockKey(schema)});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${appendLockKey(schema)});

  outcome := 'appended'; stream_version := v_current + v_count; last_position := v_first + v_count - 1;
END $$;
`,
  },
  {
    id: 4,
    name: 'append_to_stream takes a ledger clock set by hand (LEDGER_CLOCK) for the recorded time',
    // A new signature, so the old one goes first: beside it a four-argument call would be
    // ambiguous. Four-argument callers (the real clock) still match through the defaults.
    sql: (s, schema) => `
DROP FUNCTION ${s}.append_to_stream(text, text, uuid[], jsonb);

-- As migration 3, but the recorded time may come from a clock set by hand.
CREATE FUNCTION ${s}.append_to_stream(
  p_stream_id text, p_expected text, p_ids uuid[], p_events jsonb,
  p_clock_at timestamptz DEFAULT NULL, p_clock_since timestamptz DEFAULT NULL,
  OUT outcome text, OUT stream_version bigint, OUT last_position bigint, OUT conflicting_ids text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := cardinality(p_ids);
  v_current bigint;
  v_head    bytea;
  v_first   bigint;
  v_stored  record;
  v_id      uuid;
  v_seen    boolean := false;
  v_content text[];
  v_bad     boolean;
  v_hashes  bytea[];
  v_prevs   bytea[];
  v_prev    bytea;
  v_at      timestamptz;
  v_at_text text;
BEGIN
  PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, hashtext(p_stream_id));

  FOREACH v_id IN ARRAY p_ids LOOP
    v_seen := EXISTS (SELECT 1 FROM ${s}.events ev WHERE ev.event_id = v_id);
    EXIT WHEN v_seen;
  END LOOP;
  IF v_seen THEN
    EXECUTE $q$
    SELECT count(*) AS n,
           bool_and(ev.stream_id = $2 AND ev.stream_version - u.o = first.v - 1) AS in_place,
           max(ev.stream_version) AS last_version,
           max(ev.global_position) AS last_position,
           array_agg(ev.event_id::text) AS ids
      FROM unnest($1) WITH ORDINALITY AS u(id, o)
      JOIN ${s}.events ev ON ev.event_id = u.id
      CROSS JOIN (SELECT e1.stream_version AS v FROM ${s}.events e1 WHERE e1.event_id = $1[1]) AS first
    $q$ INTO v_stored USING p_ids, p_stream_id;
    IF v_stored.n = v_count AND v_stored.in_place THEN
      outcome := 'already_appended'; stream_version := v_stored.last_version; last_position := v_stored.last_position;
    ELSE
      outcome := 'idempotency_conflict';
      EXECUTE $q$SELECT array_agg(ev.event_id::text) FROM ${s}.events ev WHERE ev.event_id = ANY ($1)$q$
        INTO conflicting_ids USING p_ids;
    END IF;
    RETURN;
  END IF;

  -- The stream's head: its version and the hash the next event chains to.
  SELECT ev.stream_version, ev.hash INTO v_current, v_head
    FROM ${s}.events ev WHERE ev.stream_id = p_stream_id ORDER BY ev.stream_version DESC LIMIT 1;
  IF v_current IS NULL THEN
    v_current := -1; v_head := decode(repeat('00', 32), 'hex');
  END IF;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current = -1)
          OR (p_expected = 'stream_exists' AND v_current >= 0)
          OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current = p_expected::bigint)) THEN
    outcome := 'wrong_expected_version'; stream_version := v_current;
    RETURN;
  END IF;

  -- Only presence and length are checked here: a malformed hash cannot hide anything, it
  -- only makes the verifier report the event, and a regular expression per event is slow.
  SELECT array_agg(e->>'contentHash' ORDER BY o), bool_or(length(e->>'contentHash') IS DISTINCT FROM 64)
    INTO v_content, v_bad
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  IF v_bad OR cardinality(v_content) IS DISTINCT FROM v_count THEN
    RAISE EXCEPTION 'append_to_stream: every event needs a "contentHash" of 64 lower-case hex digits (a client older than the hash chain?)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;

  PERFORM pg_advisory_lock(${appendLockKey(schema)});
  BEGIN
    v_first := nextval('${s}.global_position');
    IF v_count > 1 THEN
      PERFORM setval('${s}.global_position', v_first + v_count - 1);
    END IF;
    -- Taken under the lock, as the column default was before, so recorded time never runs
    -- backwards along the global log: the server's clock, or a ledger clock set by hand
    -- (p_clock_at), frozen there or, with p_clock_since, advancing with the server's clock.
    -- The link document must equal linkDocument() in chain/hash-chain.ts byte for byte: its
    -- values need no escaping, its keys are sorted.
    v_at := date_trunc('milliseconds', CASE
      WHEN p_clock_at IS NULL THEN clock_timestamp()
      WHEN p_clock_since IS NULL THEN p_clock_at
      ELSE p_clock_at + (clock_timestamp() - p_clock_since) END);
    v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_prev := v_head;
    FOR i IN 1 .. v_count LOOP
      v_prevs[i] := v_prev;
      v_prev := sha256(convert_to(
        '{"contentHash":"' || v_content[i] || '","previousHash":"' || encode(v_prev, 'hex')
        || '","recordedAt":"' || v_at_text || '","streamVersion":"' || (v_current + i)::text || '"}',
        'UTF8'));
      v_hashes[i] := v_prev;
    END LOOP;
    -- The client validated schemaVersion (an integer from 1) and hashed it into contentHash.
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata,
                             recorded_at, hash, previous_hash, schema_version)
    SELECT v_first + o - 1, p_ids[o], p_stream_id, v_current + o, e->>'type', e->'data', e->'metadata',
           v_at, v_hashes[o], v_prevs[o], coalesce((e->>'schemaVersion')::integer, 1)
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);
  EXCEPTION WHEN OTHERS OR query_canceled OR assert_failure THEN
    PERFORM pg_advisory_unlock(${appendLockKey(schema)});
    RAISE;
  END;
  PERFORM pg_advisory_unlock(${appendLockKey(schema)});

  outcome := 'appended'; stream_version := v_current + v_count; last_position := v_first + v_count - 1;
END $$;
`,
  },
  {
    id: 5,
    name: 'append_to_streams: several streams in one statement, positions drawn under a lock held only to draw them',
    sql: (s, schema) => `
-- Appends to several streams in one transaction, each with its own expected version and its
-- own outcome: the store's writer sends every append waiting for a connection as one call
-- (group commit), so concurrent appends share a round trip, a lock and a WAL flush.
--
-- Inputs are parallel arrays, one element per event except p_streams/p_expected (one per
-- append): p_appends[i] is the append (1-based) event i belongs to, in append order; data
-- is a JSON array (jsonb: parsed in one pass, where json elements cast to jsonb are lexed
-- twice); p_metadata holds each distinct metadata once (the events of a command share it)
-- and p_metadata_of[i] is event i's (1-based). The streams of one call must be distinct: two
-- appends to one stream would both chain to its head and collide on (stream_id,
-- stream_version), which the unique index refuses.
--
-- Returns one row per append, in order: outcome 'appended' | 'wrong_expected_version' |
-- 'recheck'. 'recheck': the expected version did not hold but an event id is already
-- stored, so this may be a retry: the caller asks append_to_stream, which tells a retry from
-- a conflict. An event id stored already, under a version that did hold, makes the INSERT
-- fail with a unique violation: the whole call writes nothing and the caller sends its
-- appends one by one. So there is no probe per event id on the way every append takes.
--
-- Gap-safe order (appendLockKey in migrations.ts): positions are drawn and the transaction
-- id assigned under the global lock, so position order is transaction-id order. Only that
-- is under the lock; hashing and the INSERT run after it, in parallel with other writers.
-- Run it as a statement of its own: a transaction id assigned before the lock would break
-- that order, and the function refuses to run then.
CREATE FUNCTION ${s}.append_to_streams(
  p_streams text[], p_expected text[], p_appends integer[], p_ids uuid[], p_types text[],
  p_data jsonb, p_metadata jsonb, p_metadata_of integer[], p_schema_versions integer[],
  p_content_hashes text[],
  p_clock_at timestamptz DEFAULT NULL, p_clock_since timestamptz DEFAULT NULL)
RETURNS TABLE (outcome text, stream_version bigint, last_position bigint)
-- Generic plans: a custom plan knows each array's length, so the plan cache judged its own
-- generic plans (which assume 10 elements) too dear and planned every statement afresh on
-- every call, which cost more than the append.
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_appends   int := cardinality(p_streams);
  v_events    int := cardinality(p_ids);
  v_current   bigint[];
  v_head      bytea[];
  v_ok        boolean[];
  v_seen      int[];
  v_take      bigint := 0;
  v_first     bigint;
  v_at        timestamptz;
  v_at_text   text;
  v_append    int;
  v_last      int := 0;
  v_version   bigint;
  v_prev      bytea;
  v_stream    text;
  v_next      bigint;
  v_content   text;
  i           int := 0;
  v_positions bigint[];
  v_versions  bigint[];
  v_hashes    bytea[];
  v_previous  bytea[];
  v_stream_of text[];
  v_new       bigint[];
  v_last_pos  bigint[];
BEGIN
  IF cardinality(p_expected) IS DISTINCT FROM v_appends OR cardinality(p_appends) IS DISTINCT FROM v_events
     OR cardinality(p_types) IS DISTINCT FROM v_events OR cardinality(p_schema_versions) IS DISTINCT FROM v_events
     OR cardinality(p_metadata_of) IS DISTINCT FROM v_events
     OR cardinality(p_content_hashes) IS DISTINCT FROM v_events OR v_appends = 0 THEN
    RAISE EXCEPTION 'append_to_streams: arrays of different lengths' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- Every stream of the call, locked in one order for every writer, so two calls never wait
  -- on each other in a cycle (the sorted subquery is evaluated before the locks are taken).
  -- Held to commit, as append_to_stream holds its one; taking them assigns no transaction id.
  -- A lone append (the common case) takes the shortest way: every statement here costs
  -- its executor set-up, which is most of what a one-event append costs.
  IF v_appends = 1 THEN
    PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, hashtext(p_streams[1]));
  ELSE
    PERFORM pg_advisory_xact_lock(${appendLockKey(schema)}, k.key)
       FROM (SELECT DISTINCT hashtext(t.id) AS key FROM unnest(p_streams) AS t(id) ORDER BY 1) AS k;
  END IF;

  -- Each stream's head (version and the hash its next event chains to), and whether the
  -- expected version holds: one index probe per stream.
  FOR a IN 1 .. v_appends LOOP
    SELECT ev.stream_version, ev.hash INTO v_version, v_prev FROM ${s}.events ev
     WHERE ev.stream_id = p_streams[a] ORDER BY ev.stream_version DESC LIMIT 1;
    v_current[a] := coalesce(v_version, -1);
    v_head[a] := coalesce(v_prev, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    v_ok[a] := CASE p_expected[a]
                 WHEN 'any' THEN true
                 WHEN 'no_stream' THEN v_version IS NULL
                 WHEN 'stream_exists' THEN v_version IS NOT NULL
                 ELSE coalesce(v_version, -1) = p_expected[a]::bigint END;
  END LOOP;

  IF false = ANY (v_ok) THEN
    -- Rare (conflicts and retries): dynamic SQL is planned afresh for the data it meets.
    EXECUTE $q$
      SELECT array_agg(DISTINCT u.a) FROM unnest($1, $2) AS u(id, a)
       WHERE NOT $3[u.a] AND EXISTS (SELECT 1 FROM ${s}.events ev WHERE ev.event_id = u.id)
    $q$ INTO v_seen USING p_ids, p_appends, v_ok;
  END IF;

  FOREACH v_append IN ARRAY p_appends LOOP
    IF v_ok[v_append] THEN v_take := v_take + 1; END IF;
  END LOOP;

  IF v_take > 0 THEN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
      RAISE EXCEPTION 'append_to_streams: call it in a transaction of its own (one with no writes before it)'
        USING ERRCODE = 'invalid_transaction_state';
    END IF;
    PERFORM pg_advisory_lock(${appendLockKey(schema)});
    BEGIN
      -- Under the lock nobody else draws from the sequence, so the block is contiguous, and
      -- the transaction id assigned here is above that of every earlier block.
      v_first := nextval('${s}.global_position');
      IF v_take > 1 THEN
        PERFORM setval('${s}.global_position', v_first + v_take - 1);
      END IF;
      PERFORM pg_current_xact_id();
      -- Taken under the lock, so recorded time never runs backwards along the global log: the
      -- server's clock, or a ledger clock set by hand (as append_to_stream, migration 4).
      v_at := date_trunc('milliseconds', CASE
        WHEN p_clock_at IS NULL THEN clock_timestamp()
        WHEN p_clock_since IS NULL THEN p_clock_at
        ELSE p_clock_at + (clock_timestamp() - p_clock_since) END);
    EXCEPTION WHEN OTHERS OR query_canceled OR assert_failure THEN
      -- A session lock outlives errors: release it, or every writer would wait forever.
      PERFORM pg_advisory_unlock(${appendLockKey(schema)});
      RAISE;
    END;
    PERFORM pg_advisory_unlock(${appendLockKey(schema)});

    -- The hash chain, as append_to_stream computes it (HASH-CHAIN.md): the link document
    -- must equal linkDocument() in chain/hash-chain.ts byte for byte. Only presence and
    -- length of each content hash are checked: a malformed one cannot hide anything, it only
    -- makes the verifier report the event.
    v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_next := v_first;
    FOREACH v_content IN ARRAY p_content_hashes LOOP
      i := i + 1;
      v_append := p_appends[i];
      IF v_ok[v_append] THEN
        IF length(v_content) IS DISTINCT FROM 64 THEN
          RAISE EXCEPTION 'append_to_streams: every event needs a content hash of 64 lower-case hex digits'
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF v_append <> v_last THEN
          v_last := v_append; v_version := v_current[v_append]; v_prev := v_head[v_append];
          v_stream := p_streams[v_append];
        END IF;
        v_version := v_version + 1;
        v_positions[i] := v_next;
        v_versions[i] := v_version;
        v_stream_of[i] := v_stream;
        v_previous[i] := v_prev;
        v_prev := sha256(convert_to(
          '{"contentHash":"' || v_content || '","previousHash":"' || encode(v_prev, 'hex')
          || '","recordedAt":"' || v_at_text || '","streamVersion":"' || v_version::text || '"}',
          'UTF8'));
        v_hashes[i] := v_prev;
        v_new[v_append] := v_version;
        v_last_pos[v_append] := v_next;
        v_next := v_next + 1;
      ELSE
        v_positions[i] := NULL; v_versions[i] := NULL; v_stream_of[i] := NULL;
        v_previous[i] := NULL; v_hashes[i] := NULL;
      END IF;
    END LOOP;

    -- The client validated schema versions (integers from 1) and hashed them into the content hash.
    -- One set-returning function and subscripts (arrays are expanded in plpgsql, so each
    -- subscript is a lookup): ten unnest() side by side cost ten tuplestores to set up.
    INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata,
                             recorded_at, hash, previous_hash, schema_version)
    SELECT v_positions[o], p_ids[o], v_stream_of[o], v_versions[o], p_types[o], p_data -> (o - 1),
           p_metadata -> (p_metadata_of[o] - 1), v_at, v_hashes[o], v_previous[o], p_schema_versions[o]
      FROM generate_series(1, v_events) AS o
     WHERE v_positions[o] IS NOT NULL;
  END IF;

  FOR a IN 1 .. v_appends LOOP
    IF v_ok[a] THEN
      outcome := 'appended'; stream_version := v_new[a]; last_position := v_last_pos[a];
    ELSIF a = ANY (v_seen) THEN
      outcome := 'recheck'; stream_version := v_current[a]; last_position := NULL;
    ELSE
      outcome := 'wrong_expected_version'; stream_version := v_current[a]; last_position := NULL;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;
`,
  },
  {
    id: 6,
    name: "indexes for the history filters: an event's projectId and its actor, in global order",
    // The audit's eventLog (libs/event-sourcing/src/as-of/event-log.ts) filters the global
    // log by `data->>'projectId' = $1` or `metadata->>'actor' = $1` and pages it by position:
    // `global_position > $2 ORDER BY global_position LIMIT n`. Each index leads with exactly
    // that expression, then the position, so a page is one range scan already in global
    // order that stops at its LIMIT, on an empty or a huge log alike. Without statistics on
    // an expression (there are none before ANALYZE) the planner takes an equality on it to
    // match 0.5% of rows, which already favours these indexes over the position scan.
    // Events without a projectId stay out of that index: `= $1` implies IS NOT NULL, so the
    // planner uses the partial index for the filter. Created inside the migration's
    // transaction: on a large existing log, appends wait while the indexes build.
    sql: (s) => `
CREATE INDEX events_project_id_position ON ${s}.events ((data->>'projectId'), global_position)
  WHERE (data->>'projectId') IS NOT NULL;
CREATE INDEX events_actor_position ON ${s}.events ((metadata->>'actor'), global_position);
`,
  },
];

interface BackfillRow {
  global_position: unknown;
  event_id: string;
  stream_id: string;
  stream_version: unknown;
  event_type: string;
  data: JsonObject;
  metadata: Partial<RecordedMetadata>;
  recorded_at: Date;
}

const BACKFILL_PAGE = 2000;

/**
 * Chains every event stored before migration 2, stream by stream in version order, with
 * the same algorithm new appends use. Keyset pages keep memory flat however big the log.
 * A stream whose versions already have a gap is chained as found (each event to the row
 * stored before it): the verifier still reports the gap, because it checks versions too.
 */
async function backfillHashChain(tx: SqlExecutor, s: string): Promise<void> {
  let after: { streamId: string; version: string } | null = null;
  let previous: { streamId: string; hash: string } | null = null;
  for (;;) {
    const rows: BackfillRow[] = await tx.query<BackfillRow>(
      `SELECT global_position, event_id, stream_id, stream_version, event_type, data, metadata,
              date_trunc('milliseconds', recorded_at) AS recorded_at
         FROM ${s}.events
        WHERE $1::text IS NULL OR (stream_id, stream_version) > ($1::text, $2::bigint)
        ORDER BY stream_id, stream_version LIMIT ${BACKFILL_PAGE}`,
      [after?.streamId ?? null, after?.version ?? null],
    );
    if (rows.length === 0) return;
    const positions: string[] = [];
    const hashes: string[] = [];
    const previousHashes: string[] = [];
    for (const row of rows) {
      const previousHash =
        previous !== null && previous.streamId === row.stream_id ? previous.hash : GENESIS_HASH;
      const content: ChainContent = {
        streamId: row.stream_id,
        eventId: row.event_id,
        type: row.event_type,
        data: row.data,
        metadata: {
          actor: row.metadata.actor ?? '',
          correlationId: row.metadata.correlationId ?? null,
          causationId: row.metadata.causationId ?? null,
          validAt: row.metadata.validAt ?? null,
        },
      };
      const hash = expectedHash(
        {
          ...content,
          streamVersion: toBigInt(row.stream_version, 'stream_version'),
          recordedAt: row.recorded_at,
        },
        previousHash,
      );
      positions.push(toBigInt(row.global_position, 'global_position').toString());
      hashes.push(hash);
      previousHashes.push(previousHash);
      previous = { streamId: row.stream_id, hash };
    }
    await tx.query(
      `UPDATE ${s}.events ev SET hash = decode(u.h, 'hex'), previous_hash = decode(u.p, 'hex')
         FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(pos, h, p)
        WHERE ev.global_position = u.pos`,
      [positions, hashes, previousHashes],
    );
    const last = rows[rows.length - 1]!;
    after = {
      streamId: last.stream_id,
      version: toBigInt(last.stream_version, 'stream_version').toString(),
    };
  }
}
