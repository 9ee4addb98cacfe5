import { RecordedEvent, stringifyWithBigInt } from '@ledger/event-store';
import { dataSchemaUri } from '@ledger/contracts';

export interface KafkaMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The CloudEvents Kafka protocol binding, binary mode: attributes travel as `ce_` headers,
 * the event data is the message value as JSON. Extension attributes carry what auditors
 * and consumers need beyond the core: the global position (`sequence`, for ordering and
 * deduplication), who did it, the correlation, causation and valid time, and the event's
 * hash-chain link. `dataschema` names the catalog schema of the version the value is in:
 * the relay reads the store upcast, so that is the type's current version. The hash covers
 * the event as stored (maybe an older version): it is an anchor to compare with the
 * store's, not something to recompute from the value.
 */
export function toCloudEvent(event: RecordedEvent, source: string): KafkaMessage {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: event.eventId,
    ce_type: event.type,
    ce_source: source,
    ce_subject: event.streamId,
    ce_time: event.recordedAt.toISOString(),
    ce_sequence: event.globalPosition.toString(),
    ce_streamversion: event.streamVersion.toString(),
    ce_actor: event.metadata.actor,
    ce_dataschema: dataSchemaUri(event.type, event.schemaVersion),
    'content-type': 'application/json',
  };
  if (event.metadata.correlationId) headers.ce_correlationid = event.metadata.correlationId;
  if (event.metadata.causationId) headers.ce_causationid = event.metadata.causationId;
  if (event.metadata.validAt) headers.ce_validtime = event.metadata.validAt;
  // The chain travels too: a copy of every hash outside the store's database is what
  // reveals a deleted or rewritten stream tail, which the chain alone cannot.
  if (event.chain) {
    headers.ce_hash = event.chain.hash;
    headers.ce_previoushash = event.chain.previousHash;
  }
  // The CloudEvents Distributed Tracing extension: `traceparent` (and `tracestate`) name the
  // span that caused the event (its command's), from the event's metadata. As `ce_` headers
  // they are the event's own and never change however it travels (the extension carries the
  // starting trace, not each hop). The plain W3C headers start out the same, so that a
  // consumer's Kafka instrumentation continues the trace even behind an untraced relay; a
  // traced relay's instrumentation replaces them with its send span (the hop).
  if (event.metadata.traceparent) {
    headers.ce_traceparent = event.metadata.traceparent;
    headers.traceparent = event.metadata.traceparent;
    if (event.metadata.tracestate) {
      headers.ce_tracestate = event.metadata.tracestate;
      headers.tracestate = event.metadata.tracestate;
    }
  }
  return { key: event.streamId, value: stringifyWithBigInt(event.data), headers };
}
