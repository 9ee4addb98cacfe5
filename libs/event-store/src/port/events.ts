import { EventId, GlobalPosition, StreamId, StreamVersion } from './ids';
import { JsonObject } from './json';

/** Who did it and why, recorded with every event for auditors. */
export interface EventMetadata {
  /** The authenticated principal that caused the event (user id, service name). */
  actor: string;
  /** Groups every event caused by one request or process. */
  correlationId?: string;
  /** The id of the command or event that directly caused this one. */
  causationId?: string;
  /**
   * When the fact is about (ISO-8601 timestamp), if it differs from when it was recorded:
   * a March report recorded in April has validAt in March.
   */
  validAt?: string;
  /**
   * The W3C trace context of the span that caused the event (a command's), when it was
   * traced: how a relay's and a projection's spans join the command's trace. Stored, but
   * not hashed (HASH-CHAIN.md): it says where to find telemetry, not what happened.
   */
  traceparent?: string;
  tracestate?: string;
}

export interface EventToAppend<
  TType extends string = string,
  TData extends JsonObject = JsonObject,
> {
  type: TType;
  data: TData;
  metadata: EventMetadata;
  /** UUID v7; generated when absent. Supplying it makes a retried append idempotent. */
  eventId?: string;
  /**
   * The version of the type's schema `data` follows (an integer from 1). Absent means 1:
   * what every event stored before versions existed is.
   */
  schemaVersion?: number;
}

export interface RecordedMetadata {
  actor: string;
  correlationId: string | null;
  causationId: string | null;
  validAt: string | null;
  /** As appended (EventMetadata); absent when the event was not caused in a trace. */
  traceparent?: string;
  tracestate?: string;
}

/**
 * An event's link in its stream's hash chain (libs/event-store/HASH-CHAIN.md).
 * Lower-case hex SHA-256.
 */
export interface EventChain {
  /** Covers the event's content, its stream version, recorded time and `previousHash`. */
  hash: string;
  /** `hash` of the event before it in the stream; 64 zeros for version 0. */
  previousHash: string;
}

export interface RecordedEvent<
  TType extends string = string,
  TData extends JsonObject = JsonObject,
> {
  eventId: EventId;
  type: TType;
  data: TData;
  streamId: StreamId;
  streamVersion: StreamVersion;
  globalPosition: GlobalPosition;
  recordedAt: Date;
  metadata: RecordedMetadata;
  /**
   * The version of the type's schema `data` follows. The adapters report what was stored
   * (1 for events stored before versions existed); a reader that upcasts reports the
   * version it turned the data into.
   */
  schemaVersion: number;
  /**
   * Set by every adapter of this library. Optional because events also arrive from
   * elsewhere (rebuilt from Kafka messages, test fixtures) where no chain travelled with
   * them; the verifier reports an event without one as a broken link.
   */
  chain?: EventChain;
}

export interface AppendResult {
  /** The version of the stream's last event after the append: pass it as the next expected version. */
  nextExpectedVersion: StreamVersion;
  /** Global position of the last event of this append. */
  lastPosition: GlobalPosition;
  /** True when every event id was already stored by an earlier identical append: nothing was written. */
  alreadyAppended: boolean;
}
