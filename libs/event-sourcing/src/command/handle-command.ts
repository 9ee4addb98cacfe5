import { EventStore, RecordedEvent, WrongExpectedVersionError } from '@ledger/event-store';
import { Decider } from '@ledger/domain-kernel';
import { inSpan } from '@ledger/observability/tracing';
import { logCommand } from '@ledger/observability/logging';
import { recordCommand } from '@ledger/observability/metrics';
import { ConcurrencyConflictError } from './command-errors';
import { commandNameOf, commandOutcomeOf, commandRefusalOf } from './command-outcome';
import { StreamStateCache } from './stream-cache';
import { commandFingerprint } from './fingerprint';
import { causationId, eventsToAppend, findEarlierRun, foldStream } from './stream-history';

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

export interface HandleCommandOptions<State> {
  /** Folded streams kept between commands; without it every command reads its whole stream. */
  cache?: StreamStateCache<State>;
  /** The service the command belongs to: ledger_commands_total's `service` label. */
  service?: string;
}

/**
 * How many times a command without an expected version is decided again after another
 * writer changed its stream first, before the caller hears of the conflict.
 */
const ATTEMPTS_WITHOUT_EXPECTED_VERSION = 5;

/**
 * Runs one command against one stream: fold the stream, answer a retry from the history,
 * decide, append at the version read. Writing to the store is the only effect; projections
 * and the Kafka relay read it from there.
 *
 * The folded stream comes from the cache without a read when the cache has it: a stale
 * cache makes the append fail on its version, never write on a state that moved. Then the
 * stream is read again and, when it was this very command (a concurrent retry with the same
 * key), answered as a replay. A command with an expected version is refused with a conflict:
 * the client decided on a state that is gone. A command without one asserted nothing about
 * the state, so it is decided again on the state now, as if it had come a moment later (a
 * payment that no longer fits is then refused by the rule, not by a conflict). A refusal, or
 * nothing to do, on the cache's state is checked against the stream's tail before it stands.
 */
export function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  envelope: CommandEnvelope,
  options: HandleCommandOptions<State> = {},
): Promise<CommandResult<State>> {
  const name = commandNameOf(command);
  // Every command of every service passes here: it is counted, timed, traced and logged once.
  const service = options.service ?? 'unknown';
  return inSpan(
    `command ${name}`,
    { attributes: { 'ledger.command': name, 'ledger.stream.id': streamId } },
    async () => {
      const started = performance.now();
      try {
        const result = await decideAndAppend(store, decider, streamId, command, envelope, options);
        recordCommand(service, name, 'accepted', (performance.now() - started) / 1000);
        logCommand({
          command: name,
          streamId,
          actor: envelope.actor,
          outcome: 'accepted',
          replayed: result.replayed,
        });
        return result;
      } catch (error) {
        const outcome = commandOutcomeOf(error);
        recordCommand(service, name, outcome, (performance.now() - started) / 1000);
        const reason = commandRefusalOf(error);
        logCommand({
          command: name,
          streamId,
          actor: envelope.actor,
          outcome,
          ...(reason ? { reason } : {}),
        });
        throw error;
      }
    },
  );
}

async function decideAndAppend<Command, Event extends DomainEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  envelope: CommandEnvelope,
  options: HandleCommandOptions<State>,
): Promise<CommandResult<State>> {
  const fingerprint = commandFingerprint(command);
  const cause = causationId(envelope, fingerprint);
  let folded = await foldStream(store, decider, streamId, options.cache, { readTail: false });
  for (let attempt = 1; ; attempt++) {
    const earlier = findEarlierRun(folded, envelope, fingerprint, streamId);
    const version = folded.version < 0n ? null : folded.version;
    if (earlier !== undefined) {
      return { streamId, state: folded.state, version, position: earlier, replayed: true };
    }
    if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== version) {
      // The client may have seen a version this process's cache has not: look before refusing.
      if (folded.fromCache) {
        folded = await foldStream(store, decider, streamId, options.cache, { readTail: true });
        continue;
      }
      throw new ConcurrencyConflictError(streamId, envelope.expectedVersion, version);
    }
    let events: Event[];
    try {
      events = decider.decide(command, folded.state);
    } catch (refusal) {
      // Refused on the cache's state: another process may have moved the stream; look first.
      if (!folded.fromCache) throw refusal;
      folded = await foldStream(store, decider, streamId, options.cache, { readTail: true });
      continue;
    }
    if (events.length === 0) {
      if (folded.fromCache) {
        folded = await foldStream(store, decider, streamId, options.cache, { readTail: true });
        continue;
      }
      return { streamId, state: folded.state, version, position: null, replayed: false };
    }
    try {
      const result = await store.appendToStream(streamId, eventsToAppend(events, envelope, cause), {
        expectedVersion: version ?? 'no_stream',
      });
      const state = events.reduce((s, e) => decider.evolve(s, e), folded.state);
      const runs = new Map(folded.runs);
      runs.set(envelope.idempotencyKey, { causationId: cause, position: result.lastPosition });
      options.cache?.set(streamId, { state, version: result.nextExpectedVersion, runs });
      return {
        streamId,
        state,
        version: result.nextExpectedVersion,
        position: result.lastPosition,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      folded = await foldStream(store, decider, streamId, options.cache, { readTail: true });
      const retried = findEarlierRun(folded, envelope, fingerprint, streamId);
      if (retried !== undefined) {
        return {
          streamId,
          state: folded.state,
          version: folded.version,
          position: retried,
          replayed: true,
        };
      }
      if (envelope.expectedVersion !== undefined || attempt >= ATTEMPTS_WITHOUT_EXPECTED_VERSION) {
        throw new ConcurrencyConflictError(streamId, version, error.actual);
      }
    }
  }
}

/** A stream's history folded into state (no cache): for loaders and one-off reads. */
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
