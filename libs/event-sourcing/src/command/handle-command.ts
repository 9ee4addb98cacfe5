import {
  EventStore,
  JsonObject,
  RecordedEvent,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { Decider } from '@ledger/domain-kernel';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';
import { commandFingerprint } from './fingerprint';

/** A decider's event: its data is JSON by construction; the store checks it again on append. */
export interface DomainEvent {
  type: string;
  data: object;
}

/** Who sends a command and how a retry is recognised. */
export interface CommandEnvelope {
  actor: string;
  /** The client's key for this command: the same key again returns the first result. */
  idempotencyKey: string;
  correlationId?: string;
  /** When set, the command applies only to this version of the stream (what the client saw). */
  expectedVersion?: bigint;
  /** When the fact is about, if not now (a payment made last week, recorded today). */
  validAt?: string;
}

export interface CommandResult<State> {
  streamId: string;
  state: State;
  /** The stream's version after the command; null when the stream is still empty. */
  version: bigint | null;
  /** Global position of the command's last event (or of the first run's, for a retry). */
  position: bigint | null;
  /** True when this was a retry answered from the stored result: nothing was appended. */
  replayed: boolean;
}

/** A command's result once the caller's read models were given the chance to catch up. */
export type ProjectedResult<State> = CommandResult<State> & {
  /** False when the read models had not caught up in time: queries may not show it yet. */
  projected: boolean;
};

const KEY_PREFIX = 'command:';

/** The causation id ties events to the command that caused them: `command:<key>#<fingerprint>`. */
function causationId(envelope: CommandEnvelope, fingerprint: string): string {
  return `${KEY_PREFIX}${envelope.idempotencyKey}#${fingerprint}`;
}

function findEarlierRun(
  history: readonly RecordedEvent[],
  envelope: CommandEnvelope,
  fingerprint: string,
  streamId: string,
): RecordedEvent | undefined {
  const prefix = `${KEY_PREFIX}${envelope.idempotencyKey}#`;
  let last: RecordedEvent | undefined;
  for (const event of history) {
    const cause = event.metadata.causationId;
    if (cause === null || !cause.startsWith(prefix)) continue;
    if (cause !== causationId(envelope, fingerprint)) {
      throw new IdempotencyKeyReusedError(streamId, envelope.idempotencyKey);
    }
    last = event;
  }
  return last;
}

/**
 * Runs one command against one stream: read the history, fold it, answer a retry from the
 * history, decide, append at the version read. Writing to the store is the only effect;
 * projections and the Kafka relay read it from there.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  envelope: CommandEnvelope,
): Promise<CommandResult<State>> {
  const fingerprint = commandFingerprint(command);
  const { history, state, version } = await loadStream(store, decider, streamId);
  const earlier = findEarlierRun(history, envelope, fingerprint, streamId);
  if (earlier) {
    return { streamId, state, version, position: earlier.globalPosition, replayed: true };
  }
  if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== version) {
    throw new ConcurrencyConflictError(streamId, envelope.expectedVersion, version);
  }
  const events = decider.decide(command, state);
  if (events.length === 0) return { streamId, state, version, position: null, replayed: false };
  try {
    const result = await store.appendToStream(
      streamId,
      events.map((event) => ({
        type: event.type,
        data: event.data as JsonObject,
        metadata: {
          actor: envelope.actor,
          causationId: causationId(envelope, fingerprint),
          ...(envelope.correlationId ? { correlationId: envelope.correlationId } : {}),
          ...(envelope.validAt ? { validAt: envelope.validAt } : {}),
        },
      })),
      { expectedVersion: version ?? 'no_stream' },
    );
    return {
      streamId,
      state: events.reduce((s, e) => decider.evolve(s, e), state),
      version: result.nextExpectedVersion,
      position: result.lastPosition,
      replayed: false,
    };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    // Someone wrote in between. If it was this very command (a concurrent retry with the
    // same key), answer as a replay; otherwise the decision was made on a stale state and
    // the caller must look again: never decide silently on a state the client did not see.
    const retried = await handleReplayOnly(store, decider, streamId, envelope, fingerprint);
    if (retried) return retried;
    throw new ConcurrencyConflictError(streamId, version, error.actual);
  }
}

async function handleReplayOnly<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  envelope: CommandEnvelope,
  fingerprint: string,
): Promise<CommandResult<State> | undefined> {
  const { history, state, version } = await loadStream(store, decider, streamId);
  const earlier = findEarlierRun(history, envelope, fingerprint, streamId);
  if (!earlier) return undefined;
  return { streamId, state, version, position: earlier.globalPosition, replayed: true };
}

/** A stream's history folded into state. Stored events are plain JSON of the decider's own events. */
export async function loadStream<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
): Promise<{ history: RecordedEvent[]; state: State; version: bigint | null }> {
  const history = await store.readStream(streamId);
  const state = history.reduce(
    (s, e) => decider.evolve(s, { type: e.type, data: e.data } as Event),
    decider.initialState,
  );
  const version = history.length === 0 ? null : history[history.length - 1]!.streamVersion;
  return { history, state, version };
}
