/**
 * The one SQL schema PGlite and PostgreSQL share. Migrations are append-only: never edit
 * one that has shipped, add the next. `s` is the quoted schema name.
 */
export interface Migration {
  id: number;
  name: string;
  sql: (s: string) => string;
}

/**
 * Every append runs under one transaction-scoped advisory lock. It makes global positions
 * become visible in position order (the lock is released only after the commit is
 * visible), so a reader that sees position N has already been able to see every position
 * below N. PostgreSQL sequences alone do not give that: two writers can commit out of
 * order and a tailing reader would skip the slower one. The cost is one commit at a time;
 * the whole append is a single server-side call, so the lock is held for microseconds,
 * not for a network round trip.
 */
export const APPEND_LOCK_KEY = 761_0001;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'events table, global position sequence, append function',
    sql: (s) => `
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
  UNIQUE (stream_id, stream_version)
);

-- Append-only: the store never updates or deletes. Auditors rely on it.
CREATE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_change();

-- p_expected: 'any' | 'no_stream' | 'stream_exists' | a decimal version.
-- p_events: [{"id": uuid, "type": text, "data": {...}, "metadata": {...}}, ...]
-- Returns outcome 'appended' | 'already_appended' | 'wrong_expected_version' | 'idempotency_conflict'.
CREATE FUNCTION ${s}.append_to_stream(p_stream_id text, p_expected text, p_events jsonb)
RETURNS TABLE (outcome text, stream_version bigint, last_position bigint, conflicting_ids text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_count   int := jsonb_array_length(p_events);
  v_current bigint;
  v_first   bigint;
  v_ids     uuid[];
  v_stored  record;
BEGIN
  PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});

  SELECT array_agg((e->>'id')::uuid ORDER BY o) INTO v_ids
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  -- An id seen before: either this exact append again (a retry, answered as before) or a conflict.
  SELECT count(*) AS n,
         bool_and(ev.stream_id = p_stream_id) AS same_stream,
         max(ev.stream_version) - min(ev.stream_version) + 1 AS span,
         max(ev.stream_version) AS last_version,
         max(ev.global_position) AS last_position,
         array_agg(ev.event_id::text) AS ids
    INTO v_stored
    FROM ${s}.events ev WHERE ev.event_id = ANY (v_ids);
  IF v_stored.n > 0 THEN
    IF v_stored.n = v_count AND v_stored.same_stream AND v_stored.span = v_count AND NOT EXISTS (
         SELECT 1 FROM ${s}.events ev JOIN unnest(v_ids) WITH ORDINALITY AS u(id, o) ON ev.event_id = u.id
          WHERE ev.stream_version - (v_stored.last_version - v_count) <> u.o) THEN
      RETURN QUERY SELECT 'already_appended'::text, v_stored.last_version, v_stored.last_position, NULL::text[];
    ELSE
      RETURN QUERY SELECT 'idempotency_conflict'::text, NULL::bigint, NULL::bigint, v_stored.ids;
    END IF;
    RETURN;
  END IF;

  SELECT coalesce(max(ev.stream_version), -1) INTO v_current FROM ${s}.events ev WHERE ev.stream_id = p_stream_id;
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current = -1)
          OR (p_expected = 'stream_exists' AND v_current >= 0)
          OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND v_current = p_expected::bigint)) THEN
    RETURN QUERY SELECT 'wrong_expected_version'::text, v_current, NULL::bigint, NULL::text[];
    RETURN;
  END IF;

  -- Under the lock nobody else draws from the sequence, so the block is contiguous.
  v_first := nextval('${s}.global_position');
  IF v_count > 1 THEN
    PERFORM setval('${s}.global_position', v_first + v_count - 1);
  END IF;

  INSERT INTO ${s}.events (global_position, event_id, stream_id, stream_version, event_type, data, metadata)
  SELECT v_first + o - 1, (e->>'id')::uuid, p_stream_id, v_current + o, e->>'type', e->'data', e->'metadata'
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(e, o);

  RETURN QUERY SELECT 'appended'::text, v_current + v_count, v_first + v_count - 1, NULL::text[];
END $$;
`,
  },
];
