import { InvalidAppendError } from '../port/errors';
import { EventMetadata, EventToAppend, RecordedMetadata } from '../port/events';
import { ExpectedVersion } from '../port/expected-version';
import { EventId, StreamId } from '../port/ids';
import { JsonObject } from '../port/json';
import { canonicalJson, tryCanonicalJson } from '../chain/canonical-json';
import { isUuid, uuidV7 } from './uuid-v7';

export const DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;
/** Schema versions are stored as a PostgreSQL integer. */
export const MAX_SCHEMA_VERSION = 2_147_483_647;

const MAX_STREAM_ID_LENGTH = 200;
const MAX_EVENT_TYPE_LENGTH = 200;
const MAX_METADATA_TEXT_LENGTH = 200;
/** Printable, no white space or control characters; `$` is left to EventStoreDB's system streams. */
const STREAM_ID_PATTERN = /^[^\s$\p{Cc}\p{Cf}][^\s\p{Cc}\p{Cf}]*$/u;
const EVENT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** PostgreSQL's jsonb refuses U+0000 and unpaired surrogates; refuse them for every adapter alike. */
const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching U+0000 is the point
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every text UNSTORABLE_TEXT can match holds one of these: a cheap test first. */
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
const MAYBE_UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

/** An append that passed validation: ids assigned, JSON serialised once. */
export interface ValidatedEvent {
  eventId: EventId;
  type: string;
  data: JsonObject;
  metadata: RecordedMetadata;
  /** 1 when the caller gave none. */
  schemaVersion: number;
  /**
   * `data` serialised as RFC 8785 canonical JSON: what the SQL adapters send, what the size
   * limit measures (the same length JSON.stringify gives) and what the content hash covers.
   */
  dataJson: string;
  /** The four hashed metadata fields as canonical JSON: what the content hash covers. */
  metadataJson: string;
  /** What is stored: metadataJson, plus the trace context when the event has one. */
  storedMetadataJson: string;
}

export function validateStreamId(streamId: unknown, field = 'streamId'): StreamId {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError(
      'INVALID_STREAM_ID',
      field,
      'a stream id must be a non-empty string',
    );
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidAppendError(
      'INVALID_STREAM_ID',
      field,
      `a stream id is at most ${MAX_STREAM_ID_LENGTH} characters (got ${streamId.length})`,
    );
  }
  if (!STREAM_ID_PATTERN.test(streamId)) {
    throw new InvalidAppendError(
      'INVALID_STREAM_ID',
      field,
      `"${streamId}" is malformed: no white space, control characters, or leading "$"`,
    );
  }
  return streamId as StreamId;
}

export function validateExpectedVersion(expected: unknown): ExpectedVersion {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists')
    return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new InvalidAppendError(
    'INVALID_EXPECTED_VERSION',
    'expectedVersion',
    "must be 'any', 'no_stream', 'stream_exists' or a bigint version >= 0",
  );
}

/** Checks everything an adapter cannot be trusted to check the same way, before any I/O. */
export function validateAppend(
  streamId: unknown,
  events: readonly EventToAppend[],
  maxEventBytes: number,
): { streamId: StreamId; events: ValidatedEvent[] } {
  const validStreamId = validateStreamId(streamId);
  const list: readonly EventToAppend[] = Array.isArray(events) ? events : [];
  if (list.length === 0) {
    throw new InvalidAppendError('NO_EVENTS', 'events', 'an append needs at least one event');
  }
  const seen = new Set<string>();
  const validated = list.map((event, index) => {
    const v = validateEvent(event, `events[${index}]`, maxEventBytes);
    if (seen.has(v.eventId)) {
      throw new InvalidAppendError(
        'DUPLICATE_EVENT_ID',
        `events[${index}].eventId`,
        `event id ${v.eventId} appears twice in one append`,
      );
    }
    seen.add(v.eventId);
    return v;
  });
  return { streamId: validStreamId, events: validated };
}

function validateEvent(event: EventToAppend, field: string, maxEventBytes: number): ValidatedEvent {
  if (event === null || typeof event !== 'object') {
    throw new InvalidAppendError('DATA_NOT_JSON', field, 'an event must be an object');
  }
  const { type, data, metadata, eventId, schemaVersion } = event;
  if (typeof type !== 'string' || type.length === 0) {
    throw new InvalidAppendError('MISSING_EVENT_TYPE', `${field}.type`, 'every event needs a type');
  }
  if (type.length > MAX_EVENT_TYPE_LENGTH || !EVENT_TYPE_PATTERN.test(type)) {
    throw new InvalidAppendError(
      'INVALID_EVENT_TYPE',
      `${field}.type`,
      `"${type}" is not a valid event type: a letter, then letters, digits, "_", ".", ":" or "-", at most ${MAX_EVENT_TYPE_LENGTH}`,
    );
  }
  let id: EventId;
  if (eventId === undefined) {
    id = uuidV7();
  } else if (typeof eventId === 'string' && isUuid(eventId)) {
    id = eventId as EventId;
  } else {
    throw new InvalidAppendError(
      'INVALID_EVENT_ID',
      `${field}.eventId`,
      'an event id must be a lower-case canonical UUID',
    );
  }
  if (!isPlainObject(data)) {
    throw new InvalidAppendError(
      'DATA_NOT_JSON',
      `${field}.data`,
      'event data must be a plain JSON object',
    );
  }
  const dataJson = storableCanonicalJson(data, `${field}.data`);
  const version = validateSchemaVersion(schemaVersion, `${field}.schemaVersion`);
  const recordedMetadata = validateMetadata(metadata, `${field}.metadata`);
  // Canonical by construction (validateMetadata orders the keys): the content hash uses it as is.
  const metadataJson = JSON.stringify(recordedMetadata);
  const trace = traceFieldsOf(metadata);
  const storedMetadataJson =
    trace === undefined ? metadataJson : `${metadataJson.slice(0, -1)},${trace.json.slice(1)}`;
  if (trace !== undefined) Object.assign(recordedMetadata, trace.fields);
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most events need no exact count.
  const bytes =
    (dataJson.length + storedMetadataJson.length) * 3 <= maxEventBytes
      ? 0
      : Buffer.byteLength(dataJson, 'utf8') + Buffer.byteLength(storedMetadataJson, 'utf8');
  if (bytes > maxEventBytes) {
    throw new InvalidAppendError(
      'EVENT_TOO_LARGE',
      field,
      `the event is ${bytes} bytes of JSON; the limit is ${maxEventBytes}`,
    );
  }
  return {
    eventId: id,
    type,
    data,
    metadata: recordedMetadata,
    schemaVersion: version,
    dataJson,
    metadataJson,
    storedMetadataJson,
  };
}

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
/** W3C tracestate: at most 32 list members of printable ASCII, 512 characters in all. */
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/**
 * The trace context an event carries, if a well-formed one: telemetry, so a malformed one
 * is dropped rather than refused (an append never fails for the sake of a trace).
 */
function traceFieldsOf(
  metadata: EventMetadata,
): { fields: Pick<RecordedMetadata, 'traceparent' | 'tracestate'>; json: string } | undefined {
  const traceparent = metadata.traceparent;
  if (typeof traceparent !== 'string' || !TRACEPARENT.test(traceparent)) return undefined;
  const tracestate = metadata.tracestate;
  const fields =
    typeof tracestate === 'string' && TRACESTATE.test(tracestate)
      ? { traceparent, tracestate }
      : { traceparent };
  return { fields, json: JSON.stringify(fields) };
}

function validateSchemaVersion(version: unknown, field: string): number {
  if (version === undefined) return 1;
  if (
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1 ||
    version > MAX_SCHEMA_VERSION
  ) {
    throw new InvalidAppendError(
      'INVALID_SCHEMA_VERSION',
      field,
      `a schema version is an integer from 1 to ${MAX_SCHEMA_VERSION} (got ${typeof version === 'number' ? version : typeof version})`,
    );
  }
  return version;
}

function validateMetadata(metadata: EventMetadata | undefined, field: string): RecordedMetadata {
  if (!isPlainObject(metadata)) {
    throw new InvalidAppendError(
      'INVALID_METADATA',
      field,
      'metadata with at least an actor is required',
    );
  }
  const text = (key: keyof EventMetadata, required: boolean): string | null => {
    const value: unknown = metadata[key];
    if (value === undefined || value === null) {
      if (required)
        throw new InvalidAppendError('INVALID_METADATA', `${field}.${key}`, 'is required');
      return null;
    }
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > MAX_METADATA_TEXT_LENGTH
    ) {
      throw new InvalidAppendError(
        'INVALID_METADATA',
        `${field}.${key}`,
        `must be a non-empty string of at most ${MAX_METADATA_TEXT_LENGTH} characters`,
      );
    }
    if (MAYBE_UNSTORABLE.test(value) && UNSTORABLE_TEXT.test(value)) {
      throw new InvalidAppendError(
        'INVALID_METADATA',
        `${field}.${key}`,
        'holds an unstorable character',
      );
    }
    return value;
  };
  const validAt = text('validAt', false);
  if (validAt !== null && (!ISO_TIMESTAMP.test(validAt) || Number.isNaN(Date.parse(validAt)))) {
    throw new InvalidAppendError(
      'INVALID_METADATA',
      `${field}.validAt`,
      `"${validAt}" is not an ISO-8601 timestamp with a time zone`,
    );
  }
  // Keys in RFC 8785 order, so JSON.stringify of this object is its canonical JSON.
  return {
    actor: text('actor', true) as string,
    causationId: text('causationId', false),
    correlationId: text('correlationId', false),
    validAt,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The data's canonical JSON, if PostgreSQL can store it and it reads back equal. One walk on
 * the way every event takes: the canonical writer refuses all that assertJson does (lone
 * surrogates, non-finite numbers, values that are not plain JSON, holes; it gives up on
 * nesting deep enough to be a cycle) except U+0000, which its output shows as an escape.
 * Only a refusal, or text that might hold U+0000, pays for assertJson, which names the path.
 */
function storableCanonicalJson(data: Record<string, unknown>, path: string): string {
  const json = tryCanonicalJson(data);
  if (json !== undefined && !json.includes('\\u0000')) return json;
  assertJson(data, path, new Set());
  try {
    return canonicalJson(data);
  } catch (error) {
    throw new InvalidAppendError(
      'DATA_NOT_JSON',
      path,
      error instanceof Error ? error.message : 'has no canonical JSON form',
    );
  }
}

/** Refuses anything JSON.stringify would drop, change or choke on, so what is read equals what was written. */
function assertJson(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
      if (MAYBE_UNSTORABLE.test(value) && UNSTORABLE_TEXT.test(value)) {
        throw new InvalidAppendError(
          'DATA_NOT_JSON',
          path,
          'holds U+0000 or an unpaired surrogate, which cannot be stored as JSON text',
        );
      }
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new InvalidAppendError('DATA_NOT_JSON', path, `${value} is not a JSON number`);
      }
      return;
    case 'object': {
      if (value === null) return;
      if (ancestors.has(value)) {
        throw new InvalidAppendError('DATA_NOT_JSON', path, 'is a circular reference');
      }
      if (Array.isArray(value)) {
        ancestors.add(value);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) {
            throw new InvalidAppendError(
              'DATA_NOT_JSON',
              `${path}[${i}]`,
              'is a hole in a sparse array',
            );
          }
          assertJson(value[i], `${path}[${i}]`, ancestors);
        }
        ancestors.delete(value);
        return;
      }
      if (!isPlainObject(value)) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw new InvalidAppendError(
          'DATA_NOT_JSON',
          path,
          `a ${name} is not plain JSON (convert dates to ISO strings, amounts to decimal strings)`,
        );
      }
      ancestors.add(value);
      for (const [key, child] of Object.entries(value)) {
        if (UNSTORABLE_TEXT.test(key)) {
          throw new InvalidAppendError(
            'DATA_NOT_JSON',
            `${path}`,
            'has a key with an unstorable character',
          );
        }
        assertJson(child, `${path}.${key}`, ancestors);
      }
      ancestors.delete(value);
      return;
    }
    case 'bigint':
      throw new InvalidAppendError(
        'DATA_NOT_JSON',
        path,
        'a bigint is not JSON: store it as a decimal string',
      );
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new InvalidAppendError('DATA_NOT_JSON', path, `a ${typeof value} is not JSON`);
  }
}
