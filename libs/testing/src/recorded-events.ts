import { JsonObject, RecordedEvent, uuidV7, validateStreamId } from '@ledger/event-store';
import { currentSchemaVersion } from '@ledger/contracts';

/**
 * Domain events as the store would record them, in this order from position 1: for
 * projection tests that feed a projection directly, without a store in between. They are
 * the decider's current shapes, so each carries its type's current schema version.
 */
export function asRecorded(
  events: ReadonlyArray<{ type: string; data: object; streamId?: string }>,
): RecordedEvent[] {
  const versions = new Map<string, bigint>();
  return events.map((event, i) => {
    const stream = event.streamId ?? 'test-stream';
    const version = versions.get(stream) ?? 0n;
    versions.set(stream, version + 1n);
    return {
      eventId: uuidV7(),
      type: event.type,
      // Domain event data is JSON by construction; the store would check it on append.
      data: event.data as JsonObject,
      streamId: validateStreamId(stream),
      streamVersion: version,
      globalPosition: BigInt(i + 1),
      recordedAt: new Date(0),
      metadata: { actor: 'test', correlationId: null, causationId: null, validAt: null },
      schemaVersion: currentSchemaVersion(event.type),
    };
  });
}
