import { SERVICES } from '@ledger/contracts';
import { RecordedEvent } from '@ledger/event-store';

/**
 * A notice that the ledger recorded an event: where it sits and what it is about, never its
 * figures. Readers refetch what it touches through the query path, which authorises them.
 * The shape of `LedgerChange` in apps/console/src/api/live.ts.
 */
export interface LedgerChange {
  /** The event's global position, as a decimal string (positions are 64-bit). */
  position: string;
  type: string;
  /** The service that records this type, per the published catalogue; null if none does. */
  service: string | null;
  streamId: string;
  /** The project the event is about, when its data names one. */
  projectId: string | null;
  /** ISO-8601. */
  recordedAt: string;
}

const SERVICE_OF_TYPE: ReadonlyMap<string, string> = new Map(
  Object.entries(SERVICES).flatMap(([service, { types }]) =>
    types.map((type): [string, string] => [type, service]),
  ),
);

/** The service recording an event type; null for a type the catalogue does not know (yet). */
export function serviceOf(eventType: string): string | null {
  return SERVICE_OF_TYPE.get(eventType) ?? null;
}

/**
 * A tolerant reader of any event's data: `projectId` counts only as a string, whatever the
 * type, so a type added later is announced without a change here.
 */
export function projectIdIn(data: unknown): string | null {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const projectId: unknown = (data as Record<string, unknown>).projectId;
  return typeof projectId === 'string' && projectId.length > 0 ? projectId : null;
}

export function ledgerChangeOf(event: RecordedEvent): LedgerChange {
  return {
    position: event.globalPosition.toString(),
    type: event.type,
    service: serviceOf(event.type),
    streamId: event.streamId,
    projectId: projectIdIn(event.data),
    recordedAt: event.recordedAt.toISOString(),
  };
}
