/**
 * The per-stream hash chain: the algorithm in one place, used by every adapter to write
 * it and by the verifier to check it. HASH-CHAIN.md is its specification for auditors;
 * the PostgreSQL function `append_to_stream` (sql/migrations.ts) builds the same link
 * document in SQL and must stay byte-for-byte equal to `linkDocument` below.
 */
import { hash } from 'node:crypto';
import { JsonObject } from '../port/json';
import { RecordedMetadata } from '../port/events';
export type { EventChain } from '../port/events';
import { canonicalJson } from './canonical-json';

/** The previous hash of a stream's first event (version 0). */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that are fixed before the store assigns its place in the stream. */
export interface ChainContent {
  streamId: string;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: RecordedMetadata;
  /** Absent means 1 (HASH-CHAIN.md: version 1 is hashed as events were before versions). */
  schemaVersion?: number;
}

/** One-shot crypto.hash (Node >= 20.12) is about twice as fast as createHash for small input. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex'); // a string is hashed as its UTF-8 bytes
}

/** SHA-256 of the canonical JSON of the event's content (HASH-CHAIN.md, step 1). */
export function contentHash(content: ChainContent): string {
  return contentHashOfCanonicalData(content, canonicalJson(content.data));
}

/**
 * The same, for a caller that already holds `canonicalJson(content.data)`: the append path
 * serialises the data canonically once and sends that same text to the store, so each
 * event's data is walked once, not twice (append throughput).
 *
 * The content document is assembled around it with its keys in RFC 8785 order (data,
 * eventId, metadata, schemaVersion, streamId, type; metadata's keys likewise), each other
 * value canonicalised on its own: the result equals canonicalJson of the whole object,
 * which a unit test checks. `schemaVersion` is in the document only when it is not 1, so
 * every event stored before versions existed (all version 1) hashes exactly as it did,
 * while a version changed on a stored event changes its hash like any other field.
 */
export function contentHashOfCanonicalData(content: ChainContent, canonicalData: string): string {
  const m = content.metadata;
  return contentHashOfCanonicalParts(
    content,
    canonicalData,
    `{"actor":${canonicalJson(m.actor)},"causationId":${canonicalJson(m.causationId)},` +
      `"correlationId":${canonicalJson(m.correlationId)},"validAt":${canonicalJson(m.validAt)}}`,
  );
}

/**
 * The same again, for a caller that also holds the metadata's canonical JSON (the validated
 * append has it: its metadata object is built with its keys in canonical order).
 */
export function contentHashOfCanonicalParts(
  content: Pick<ChainContent, 'eventId' | 'streamId' | 'type' | 'schemaVersion'>,
  canonicalData: string,
  canonicalMetadata: string,
): string {
  return sha256Hex(
    `{"data":${canonicalData},"eventId":${canonicalJson(content.eventId)},` +
      `"metadata":${canonicalMetadata},` +
      hashedSchemaVersion(content.schemaVersion) +
      `"streamId":${canonicalJson(content.streamId)},"type":${canonicalJson(content.type)}}`,
  );
}

/** What contentHashOfValidated needs of an event that passed validateAppend. */
export interface ValidatedContent {
  /** A canonical lower-case UUID. */
  eventId: string;
  /** Letters, digits and `_.:-`. */
  type: string;
  schemaVersion: number;
  /** canonicalJson of the data and of the metadata. */
  dataJson: string;
  metadataJson: string;
}

/**
 * contentHashOfCanonicalParts for the append path, which hashes every event it stores: a
 * validated id and type need no escaping, so each is its own JSON text in quotes, and the
 * stream id's JSON (`canonicalJson(streamId)`) is written once per append, not per event.
 */
export function contentHashOfValidated(canonicalStreamId: string, e: ValidatedContent): string {
  return sha256Hex(
    `{"data":${e.dataJson},"eventId":"${e.eventId}","metadata":${e.metadataJson},` +
      hashedSchemaVersion(e.schemaVersion) +
      `"streamId":${canonicalStreamId},"type":"${e.type}"}`,
  );
}

/** The content document's `schemaVersion` member: none for version 1. */
function hashedSchemaVersion(version: number | undefined): string {
  return version === undefined || version === 1 ? '' : `"schemaVersion":${version},`;
}

/**
 * Recorded time as it is hashed: UTC, millisecond precision, `YYYY-MM-DDTHH:mm:ss.sssZ`
 * (Date#toISOString). The SQL store truncates recorded_at to milliseconds for this reason.
 */
export function chainTime(recordedAt: Date): string {
  return recordedAt.toISOString();
}

/**
 * The link document (HASH-CHAIN.md, step 2). Its canonical JSON is written out by hand:
 * every value is a string of hex digits, decimal digits or an ISO timestamp, so nothing
 * needs escaping, and the keys are already in RFC 8785 order. That is what lets the SQL
 * append function build the identical bytes with plain concatenation.
 */
export function linkDocument(
  contentHashHex: string,
  previousHash: string,
  recordedAt: string,
  streamVersion: bigint,
): string {
  return (
    `{"contentHash":"${contentHashHex}","previousHash":"${previousHash}",` +
    `"recordedAt":"${recordedAt}","streamVersion":"${streamVersion.toString()}"}`
  );
}

export function linkHash(
  contentHashHex: string,
  previousHash: string,
  recordedAt: Date,
  streamVersion: bigint,
): string {
  return sha256Hex(
    linkDocument(contentHashHex, previousHash, chainTime(recordedAt), streamVersion),
  );
}

/** The hash an event should carry, given the hash of the event before it in its stream. */
export function expectedHash(
  event: ChainContent & { streamVersion: bigint; recordedAt: Date },
  previousHash: string,
): string {
  return linkHash(contentHash(event), previousHash, event.recordedAt, event.streamVersion);
}

const HEX_HASH = /^[0-9a-f]{64}$/;
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HEX_HASH.test(value);
}
