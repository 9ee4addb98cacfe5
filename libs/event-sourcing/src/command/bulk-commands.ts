import { EventStore, WrongExpectedVersionError } from '@ledger/event-store';
import { Decider, InvalidCommandError } from '@ledger/domain-kernel';
import { recordCommand } from '@ledger/observability';
import { commandNameOf, commandOutcomeOf } from './command-outcome';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';
import { commandFingerprint } from './fingerprint';
import { CommandEnvelope, DomainEvent } from './handle-command';
import { FoldedStream, StreamStateCache } from './stream-cache';
import { causationId, eventsToAppend, findEarlierRun, foldStream } from './stream-history';

/**
 * The most commands one bulk request carries: a few projects' histories, answered in
 * seconds, and small enough that a refused request costs little to send again.
 */
export const MAX_BULK_COMMANDS = 1000;

/** More commands than one request may carry: nothing was looked at, nothing was recorded. */
export class TooManyCommandsError extends InvalidCommandError {
  constructor(readonly count: number) {
    super(
      'commands',
      `at most ${MAX_BULK_COMMANDS} commands per request, got ${count}: send them in chunks of ${MAX_BULK_COMMANDS} (nothing was recorded)`,
    );
    this.name = 'TooManyCommandsError';
  }
}

export function ensureBulkSize(count: number): void {
  if (count > MAX_BULK_COMMANDS) throw new TooManyCommandsError(count);
}

/**
 * One command of a bulk as its service prepared it from the client's input: ready to
 * decide, or already refused (bad input, no right to send it) on the stream it names, if
 * it names one.
 */
export type BulkCommand<Command> =
  { command: Command; envelope: CommandEnvelope } | { refusal: unknown; streamId: string | null };

/** What became of one command of a bulk. */
export type BulkOutcome =
  | {
      status: 'recorded';
      streamId: string;
      /** The stream's version after the command; null while the stream is still empty. */
      version: bigint | null;
      /** Global position of the command's last event; null when it decided no event. */
      position: bigint | null;
    }
  | {
      status: 'replayed';
      streamId: string;
      version: bigint | null;
      /** The earlier run's position: the command was recorded then, nothing was now. */
      position: bigint | null;
    }
  | { status: 'refused'; streamId: string | null; error: unknown }
  | {
      status: 'not_applied';
      streamId: string;
      /** Index (in the bulk) of the refused command that kept its stream from being written. */
      because: number;
    };

export interface BulkCommandRunnerOptions<State> {
  /** Streams decided and appended at the same time (each stream is one append). */
  concurrency?: number;
  cache?: StreamStateCache<State>;
  /** The service it runs for: ledger_commands_total's `service` label. */
  service?: string;
}

/** A command of one stream on its way to the append. */
interface Decided<Event> {
  index: number;
  envelope: CommandEnvelope;
  cause: string;
  events: Event[];
  /** The stream's version after this command, as decided. */
  version: bigint;
}

/**
 * Many commands, each judged exactly as handleCommand judges one, written per stream in
 * one append: the commands of a stream are taken in their given order, decided one after
 * another on the state the ones before them leave, and their events appended together at
 * the version read. A stream with a refused command records nothing (its other commands
 * were not applied, because of that one); a concurrent writer gives the stream a
 * conflict. Streams are independent: one stream's refusal leaves the others to land.
 */
export class BulkCommandRunner<Command, Event extends DomainEvent, State> {
  private readonly cache: StreamStateCache<State>;
  private readonly concurrency: number;
  private readonly service: string;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly streamIdOf: (command: Command) => string,
    options: BulkCommandRunnerOptions<State> = {},
  ) {
    this.cache = options.cache ?? new StreamStateCache<State>();
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.service = options.service ?? 'unknown';
  }

  async run(commands: readonly BulkCommand<Command>[]): Promise<BulkOutcome[]> {
    ensureBulkSize(commands.length);
    const outcomes = new Array<BulkOutcome | undefined>(commands.length);
    const streams = new Map<string, number[]>();
    commands.forEach((item, index) => {
      const streamId = 'command' in item ? this.streamIdOf(item.command) : item.streamId;
      if (streamId === null) {
        // Names no stream (it could not even be read): it stands alone.
        outcomes[index] = { status: 'refused', streamId: null, error: refusalOf(item) };
        this.record(commands, index, outcomes[index], 0);
        return;
      }
      const indices = streams.get(streamId);
      if (indices) indices.push(index);
      else streams.set(streamId, [index]);
    });
    const queue = [...streams.entries()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [streamId, indices] = next;
        const started = performance.now();
        const decided = await this.runStream(streamId, indices, commands);
        // Each command of a stream is timed as its stream's run: they are written together.
        const seconds = (performance.now() - started) / 1000;
        for (const [index, outcome] of decided) {
          outcomes[index] = outcome;
          this.record(commands, index, outcome, seconds);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, queue.length) }, () => worker()),
    );
    return outcomes.map((outcome, index) => {
      if (!outcome) throw new Error(`bulk command ${index} has no outcome`);
      return outcome;
    });
  }

  /** A command's outcome as ledger_commands_total counts it (not applied: rejected with its stream). */
  private record(
    commands: readonly BulkCommand<Command>[],
    index: number,
    outcome: BulkOutcome,
    seconds: number,
  ): void {
    const item = commands[index]!;
    const name = 'command' in item ? commandNameOf(item.command) : 'unknown';
    const counted =
      outcome.status === 'recorded' || outcome.status === 'replayed'
        ? 'accepted'
        : outcome.status === 'not_applied'
          ? 'rejected'
          : commandOutcomeOf(outcome.error);
    recordCommand(this.service, name, counted, seconds);
  }

  private async runStream(
    streamId: string,
    indices: readonly number[],
    commands: readonly BulkCommand<Command>[],
  ): Promise<Map<number, BulkOutcome>> {
    const outcomes = new Map<number, BulkOutcome>();
    const refuse = (index: number, error: unknown): void => {
      outcomes.set(index, { status: 'refused', streamId, error });
    };
    let folded;
    try {
      folded = await foldStream(this.store, this.decider, streamId, this.cache);
    } catch (error) {
      for (const index of indices) refuse(index, error);
      return outcomes;
    }
    let state = folded.state;
    let version = folded.version;
    const decided: Decided<Event>[] = [];
    /** Keys of this bulk's own commands on the stream: a repeat within the bulk is a retry too. */
    const keys = new Map<string, { cause: string; index: number }>();
    /** Commands that repeat an earlier command of this bulk: they share its outcome. */
    const repeats = new Map<number, number>();
    let firstRefused: number | undefined;

    for (const index of indices) {
      const item = commands[index]!;
      if (!('command' in item)) {
        refuse(index, item.refusal);
        firstRefused ??= index;
        continue;
      }
      try {
        const fingerprint = commandFingerprint(item.command);
        const cause = causationId(item.envelope, fingerprint);
        // Whether it ran before depends on the history alone, not on this bulk's decisions.
        const earlier = findEarlierRun(folded, item.envelope, fingerprint, streamId);
        if (earlier !== undefined) {
          outcomes.set(index, {
            status: 'replayed',
            streamId,
            version: asVersion(version),
            position: earlier,
          });
          continue;
        }
        const key = keys.get(item.envelope.idempotencyKey);
        if (key !== undefined) {
          if (key.cause !== cause) {
            throw new IdempotencyKeyReusedError(streamId, item.envelope.idempotencyKey);
          }
          repeats.set(index, key.index);
          continue;
        }
        // After a refusal nothing of the stream is written: deciding on would only guess.
        if (firstRefused !== undefined) continue;
        const expected = item.envelope.expectedVersion;
        if (expected !== undefined && expected !== asVersion(version)) {
          throw new ConcurrencyConflictError(streamId, expected, asVersion(version));
        }
        const events = this.decider.decide(item.command, state);
        for (const event of events) state = this.decider.evolve(state, event);
        version += BigInt(events.length);
        keys.set(item.envelope.idempotencyKey, { cause, index });
        decided.push({ index, envelope: item.envelope, cause, events, version });
      } catch (error) {
        refuse(index, error);
        firstRefused ??= index;
      }
    }

    if (firstRefused !== undefined) {
      for (const index of indices) {
        if (!outcomes.has(index)) {
          outcomes.set(index, { status: 'not_applied', streamId, because: firstRefused });
        }
      }
      return outcomes;
    }
    await this.append(streamId, folded, decided, state, outcomes);
    for (const [index, original] of repeats) {
      const outcome = outcomes.get(original)!;
      outcomes.set(
        index,
        outcome.status === 'recorded' ? { ...outcome, status: 'replayed' } : outcome,
      );
    }
    return outcomes;
  }

  /** The stream's decided events in one append at the version read, or a conflict for all. */
  private async append(
    streamId: string,
    folded: FoldedStream<State>,
    decided: readonly Decided<Event>[],
    state: State,
    outcomes: Map<number, BulkOutcome>,
  ): Promise<void> {
    const withEvents = decided.filter((d) => d.events.length > 0);
    if (withEvents.length === 0) {
      for (const d of decided) {
        outcomes.set(d.index, {
          status: 'recorded',
          streamId,
          version: asVersion(d.version),
          position: null,
        });
      }
      return;
    }
    const read = folded.version;
    try {
      await this.store.appendToStream(
        streamId,
        withEvents.flatMap((d) => eventsToAppend(d.events, d.envelope, d.cause)),
        { expectedVersion: read < 0n ? 'no_stream' : read },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) {
        for (const d of decided) outcomes.set(d.index, { status: 'refused', streamId, error });
        return;
      }
      await this.afterConflict(streamId, read, error, decided, outcomes);
      return;
    }
    // Each command's position is its last event's: read back what this append stored (the
    // store tells only the last position, and positions need not be consecutive). The
    // commands stand whether or not the read succeeds.
    const positionAt = new Map<bigint, bigint>();
    try {
      const stored = await this.store.readStream(streamId, {
        fromVersion: read + 1n,
        maxCount: withEvents.reduce((n, d) => n + d.events.length, 0),
      });
      for (const e of stored) positionAt.set(e.streamVersion, e.globalPosition);
    } catch {
      // Positions unknown: the next fold reads this append like anyone else's.
      for (const d of decided) {
        outcomes.set(d.index, {
          status: 'recorded',
          streamId,
          version: asVersion(d.version),
          position: null,
        });
      }
      return;
    }
    const runs = new Map(folded.runs);
    for (const d of decided) {
      const position = d.events.length > 0 ? (positionAt.get(d.version) ?? null) : null;
      if (position !== null)
        runs.set(d.envelope.idempotencyKey, { causationId: d.cause, position });
      outcomes.set(d.index, {
        status: 'recorded',
        streamId,
        version: asVersion(d.version),
        position,
      });
    }
    const last = decided[decided.length - 1]!;
    this.cache.set(streamId, { state, version: last.version, runs });
  }

  /**
   * Someone wrote to the stream between our read and our append. If it was this very bulk
   * (sent twice at once), its commands are in the history now: replays. Otherwise they were
   * decided on a state nobody will see, and the caller must look again.
   */
  private async afterConflict(
    streamId: string,
    read: bigint,
    error: WrongExpectedVersionError,
    decided: readonly Decided<Event>[],
    outcomes: Map<number, BulkOutcome>,
  ): Promise<void> {
    const readVersion = asVersion(read);
    let now;
    try {
      now = await foldStream(this.store, this.decider, streamId, this.cache);
    } catch (failure) {
      for (const d of decided) {
        outcomes.set(d.index, { status: 'refused', streamId, error: failure });
      }
      return;
    }
    const conflict = new ConcurrencyConflictError(streamId, readVersion, error.actual);
    for (const d of decided) {
      const run = now.runs.get(d.envelope.idempotencyKey);
      if (run !== undefined && run.causationId === d.cause) {
        outcomes.set(d.index, {
          status: 'replayed',
          streamId,
          version: asVersion(now.version),
          position: run.position,
        });
      } else if (run !== undefined) {
        outcomes.set(d.index, {
          status: 'refused',
          streamId,
          error: new IdempotencyKeyReusedError(streamId, d.envelope.idempotencyKey),
        });
      } else {
        outcomes.set(d.index, { status: 'refused', streamId, error: conflict });
      }
    }
  }
}

function asVersion(version: bigint): bigint | null {
  return version < 0n ? null : version;
}

function refusalOf<Command>(item: BulkCommand<Command>): unknown {
  return 'refusal' in item ? item.refusal : new Error('a prepared command names no stream');
}
