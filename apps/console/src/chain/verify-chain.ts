/**
 * The per-stream hash chain checked in the reader's browser, from the events the audit API
 * serves (`streamHistory`), so a reader need not take the server's own verdict on trust.
 * A re-implementation of libs/event-store/HASH-CHAIN.md (version 1 of the algorithm) with
 * WebCrypto, not an import of the store's code: the point is a second, independent
 * implementation. Pure: no React, no DOM; `globalThis.crypto.subtle` exists in browsers
 * and in Node 20, where the Jest spec runs it against the real store.
 */

/** An event as `streamHistory` serves it (the fields the chain covers). */
export interface ServedEvent {
  eventId: string;
  streamId: string;
  /** Zero-based, a decimal string (64-bit). */
  streamVersion: string;
  type: string;
  /** The data as JSON text, as stored. */
  data: string;
  actor: string;
  correlationId: string | null;
  causationId: string | null;
  validAt: string | null;
  /** ISO-8601 UTC to the millisecond, as hashed. */
  recordedAt: string;
  /** The stored schema version; absent from an API that does not serve it, read as 1. */
  schemaVersion?: number | null;
  hash: string | null;
  previousHash: string | null;
}

/** The store's reasons (libs/event-store/src/chain/verify-chain.ts), word for word. */
export type ChainBreakReason =
  'content altered' | 'link broken (missing or reordered event)' | 'hash missing';

export interface ChainBreak {
  streamId: string;
  streamVersion: string;
  eventId: string;
  reason: ChainBreakReason;
  /** What was expected and what was found, for a human. */
  detail: string;
}

export type ChainCheck =
  | { intact: true; events: number; last: { streamVersion: string; hash: string } | null }
  | { intact: false; events: number; brokenAt: ChainBreak };

/** The previous hash of a stream's first event (version 0). */
export const GENESIS_HASH = '0'.repeat(64);

const HEX_HASH = /^[0-9a-f]{64}$/;
const DECIMAL = /^(0|[1-9]\d*)$/;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(text), // a JavaScript string as its UTF-8 bytes
  );
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Why a value has no RFC 8785 form; thrown by `canonicalJson`. */
export class NoCanonicalForm extends Error {}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(text: string): string {
  // JSON.stringify escapes exactly what RFC 8785 escapes (\b \t \n \f \r \" \\, other
  // controls as lower-case \u00xx) and writes everything else as itself.
  if (LONE_SURROGATE.test(text)) throw new NoCanonicalForm('a lone surrogate');
  return JSON.stringify(text);
}

/**
 * RFC 8785 (JCS) of a value JSON.parse produced: no white space; object members sorted by
 * UTF-16 code units (what Array#sort does without a comparator) at every depth; numbers as
 * Number#toString writes the double (`4.50` -> `4.5`, `1E30` -> `1e+30`, `-0` -> `0`).
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return canonicalString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new NoCanonicalForm('a non-finite number');
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .map((key) => `${canonicalString(key)}:${canonicalJson(record[key])}`);
      return `{${members.join(',')}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new NoCanonicalForm(`a ${typeof value}, which JSON does not have`);
  }
}

/** The content document's hash (HASH-CHAIN.md step 1); `data` is the served JSON text. */
export async function contentHash(event: ServedEvent): Promise<string> {
  const content: Record<string, unknown> = {
    streamId: event.streamId,
    eventId: event.eventId,
    type: event.type,
    // JSON.parse, then JCS, as the spec says. Numbers: the store reads its JSON into
    // doubles (node-pg, PGlite) and hashes those, and the API writes the same doubles back
    // with JSON.stringify, which round-trips them; so an integer beyond 2^53 stored behind
    // the store's back is read here as the store reads it, and both hash the same double.
    data: JSON.parse(event.data) as unknown,
    metadata: {
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      validAt: event.validAt,
    },
  };
  // Version 1 is hashed without the member, as every event before versions existed was.
  const version = event.schemaVersion ?? 1;
  if (version !== 1) content.schemaVersion = version;
  return sha256Hex(canonicalJson(content));
}

/**
 * The link document (step 2). Its values are hex digits, decimal digits and a timestamp,
 * and its keys are in JCS order already, so this text is its own canonical form.
 */
export function linkDocument(
  contentHashHex: string,
  previousHash: string,
  recordedAt: string,
  streamVersion: string,
): string {
  return (
    `{"contentHash":"${contentHashHex}","previousHash":"${previousHash}",` +
    `"recordedAt":"${recordedAt}","streamVersion":"${streamVersion}"}`
  );
}

export async function linkHash(
  contentHashHex: string,
  previousHash: string,
  recordedAt: string,
  streamVersion: string,
): Promise<string> {
  return sha256Hex(linkDocument(contentHashHex, previousHash, recordedAt, streamVersion));
}

/** Exactly Date#toISOString's form, which the store hashes. */
const CHAIN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Checks one stream's events as served, in the order served (version order), against each
 * other exactly as the store's verifier does (same checks, same order, same reasons):
 * 1. no valid chain on the event: `hash missing`;
 * 2. its version is not the previous one + 1 (the first must be 0): `link broken`;
 * 3. its own fields and stored previousHash do not produce its stored hash: `content altered`;
 * 4. its previousHash is not the previous event's hash: `link broken`.
 * Stops at the first break. Like the store's, it cannot see the stream's last events deleted
 * (nothing links to them) without an anchor kept elsewhere.
 */
export async function verifyStreamHistory(events: readonly ServedEvent[]): Promise<ChainCheck> {
  // Each event's link is recomputed from its own fields and the previousHash it claims, so
  // no hash depends on another: all are computed at once (WebCrypto digests are
  // asynchronous, and one at a time a 400-event stream waits on 800 round trips), then the
  // events are walked in order to name the first break as the store's verifier does.
  const recomputed = await Promise.all(events.map(recompute));
  let previous: { version: bigint; hash: string } | null = null;
  let checked = 0;
  const broken = (event: ServedEvent, reason: ChainBreakReason, detail: string): ChainCheck => ({
    intact: false,
    events: checked,
    brokenAt: {
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      eventId: event.eventId,
      reason,
      detail,
    },
  });
  for (const [index, event] of events.entries()) {
    const { hash, previousHash } = event;
    if (!isHash(hash) || !isHash(previousHash)) {
      return broken(event, 'hash missing', 'the event carries no valid chain hash');
    }
    const expectedVersion: bigint = previous === null ? 0n : previous.version + 1n;
    const version = DECIMAL.test(event.streamVersion) ? BigInt(event.streamVersion) : null;
    if (version !== expectedVersion) {
      return broken(
        event,
        'link broken (missing or reordered event)',
        `expected version ${expectedVersion} next, found version ${event.streamVersion}`,
      );
    }
    const link = recomputed[index]!;
    if ('refused' in link) {
      // The store refuses such data at append time, so it cannot be what was hashed:
      // altered, as the store's verifier would find it.
      return broken(event, 'content altered', `no canonical form: ${link.refused}`);
    }
    if (link.hash !== hash) {
      return broken(
        event,
        'content altered',
        `stored hash ${hash}, the event's fields hash to ${link.hash}`,
      );
    }
    const expectedPrevious = previous === null ? GENESIS_HASH : previous.hash;
    if (previousHash !== expectedPrevious) {
      return broken(
        event,
        'link broken (missing or reordered event)',
        `chained to ${previousHash}, but the event before it hashes to ${expectedPrevious}`,
      );
    }
    checked++;
    previous = { version, hash };
  }
  const last = events[events.length - 1];
  return {
    intact: true,
    events: checked,
    last: last && last.hash ? { streamVersion: last.streamVersion, hash: last.hash } : null,
  };
}

/** The link hash the event's own fields give, or why they give none; null without a chain. */
async function recompute(
  event: ServedEvent,
): Promise<{ hash: string | null } | { refused: string }> {
  if (!isHash(event.previousHash)) return { hash: null };
  try {
    if (!CHAIN_TIME.test(event.recordedAt)) {
      throw new NoCanonicalForm(`recordedAt ${event.recordedAt} is not the hashed form`);
    }
    return {
      hash: await linkHash(
        await contentHash(event),
        event.previousHash,
        event.recordedAt,
        event.streamVersion,
      ),
    };
  } catch (error) {
    // JSON.parse's SyntaxError, or a refusal of canonicalJson.
    if (error instanceof NoCanonicalForm || error instanceof SyntaxError) {
      return { refused: error.message };
    }
    throw error;
  }
}

function isHash(value: string | null): value is string {
  return value !== null && HEX_HASH.test(value);
}

/** Several streams (a project's): the first break in the order given, or all intact. */
export async function verifyStreams(
  streams: ReadonlyArray<{ streamId: string; events: readonly ServedEvent[] }>,
): Promise<
  | { intact: true; events: number; streams: number }
  | { intact: false; events: number; brokenAt: ChainBreak }
> {
  let total = 0;
  for (const stream of streams) {
    const check = await verifyStreamHistory(stream.events);
    total += check.events;
    if (!check.intact) return { intact: false, events: total, brokenAt: check.brokenAt };
  }
  return { intact: true, events: total, streams: streams.length };
}
