import { EventStore, EventToAppend, JsonObject } from '@ledger/event-store';
import { Decider } from '@ledger/domain-kernel';
import { activeTraceContext } from '@ledger/observability/tracing';
import { currentRequest } from '@ledger/observability/logging';
import { IdempotencyKeyReusedError } from './command-errors';
import type { CommandEnvelope, DomainEvent } from './handle-command';
import { FoldedStream, StreamStateCache } from './stream-cache';

/**
 * What one command and many (handleCommand, runBulkCommands) read from a stream's history
 * alike: its folded state, and which idempotency keys already ran on it.
 */
const KEY_PREFIX = 'command:';

/** The causation id ties events to the command that caused them: `command:<key>#<fingerprint>`. */
export function causationId(envelope: CommandEnvelope, fingerprint: string): string {
  return `${KEY_PREFIX}${envelope.idempotencyKey}#${fingerprint}`;
}

/** A command's events as the store takes them: who sent it, which command, when it is about. */
export function eventsToAppend(
  events: readonly DomainEvent[],
  envelope: CommandEnvelope,
  cause: string,
): EventToAppend[] {
  // The request's correlation id unless the caller named one; the command's span, so that
  // the relay's and the projections' spans join its trace (both absent outside a request
  // or with tracing off).
  const correlationId = envelope.correlationId ?? currentRequest()?.correlationId;
  const trace = activeTraceContext();
  return events.map((event) => ({
    type: event.type,
    data: event.data as JsonObject,
    metadata: {
      actor: envelope.actor,
      causationId: cause,
      ...(correlationId ? { correlationId } : {}),
      ...(envelope.validAt ? { validAt: envelope.validAt } : {}),
      ...trace,
    },
  }));
}

/** `command:<key>#<fingerprint>` -> key, or undefined for events no keyed command caused. */
function idempotencyKeyOf(cause: string | null): string | undefined {
  if (cause === null || !cause.startsWith(KEY_PREFIX)) return undefined;
  const hash = cause.lastIndexOf('#');
  return hash > KEY_PREFIX.length ? cause.slice(KEY_PREFIX.length, hash) : undefined;
}

/** An earlier run of this key on this stream: the same command (a retry) or a misuse. */
export function findEarlierRun<State>(
  folded: FoldedStream<State>,
  envelope: CommandEnvelope,
  fingerprint: string,
  streamId: string,
): bigint | undefined {
  const run = folded.runs.get(envelope.idempotencyKey);
  if (run === undefined) return undefined;
  if (run.causationId !== causationId(envelope, fingerprint)) {
    throw new IdempotencyKeyReusedError(streamId, envelope.idempotencyKey);
  }
  return run.position;
}

/**
 * A stream folded into state: from the cache alone (`readTail: false`, when it has the
 * stream), from the cache plus what was appended since, or from the start. Stored events
 * are plain JSON of the decider's own events.
 */
export async function foldStream<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  cache: StreamStateCache<State> | undefined,
  { readTail }: { readTail: boolean } = { readTail: true },
): Promise<FoldedStream<State> & { fromCache: boolean }> {
  const cached = cache?.get(streamId);
  if (cached && !readTail) return { ...cached, fromCache: true };
  const tail = await store.readStream(streamId, cached ? { fromVersion: cached.version + 1n } : {});
  let state = cached?.state ?? decider.initialState;
  let version = cached?.version ?? -1n;
  let runs = cached?.runs ?? new Map<string, { causationId: string; position: bigint }>();
  if (tail.length > 0) {
    const next = new Map(runs);
    for (const event of tail) {
      state = decider.evolve(state, { type: event.type, data: event.data } as Event);
      version = event.streamVersion;
      const cause = event.metadata.causationId;
      const key = idempotencyKeyOf(cause);
      if (cause !== null && key !== undefined) {
        next.set(key, { causationId: cause, position: event.globalPosition });
      }
    }
    runs = next;
  }
  const folded = { state, version, runs };
  if (cache && tail.length > 0) cache.set(streamId, folded);
  return { ...folded, fromCache: false };
}
