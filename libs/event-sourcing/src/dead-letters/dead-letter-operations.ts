import {
  DEAD_LETTER_OPERATIONS_STREAM,
  DeadLetterDiscarded,
  DeadLetterIdentity,
  DeadLetterReplayed,
} from '@ledger/contracts';
import { EventStore, JsonObject, RecordedEvent } from '@ledger/event-store';
import { SqlDatabase, SqlExecutor, quoteIdentifier } from '../sql/sql-database';
import { Projection } from '../projection/projection';
import {
  DeadLetter,
  DeadLetterFilter,
  DeadLetterKind,
  ParkedMessage,
  failedAgain,
  listDeadLetters,
  lockDeadLetter,
  resolveDeadLetter,
  countDeadLetters,
  DeadLetterCount,
} from './dead-letter-table';

export interface ReplayResult {
  result: 'applied' | 'already_applied';
  /** What the read model took in: the event, and any it held back for it. */
  applied: readonly RecordedEvent[];
}

/**
 * Applies a dead letter's event to its read model inside `tx` (the transaction that marks
 * the dead letter replayed), under the read model's own exactly-once rule; throws when it
 * still fails, the error being the dead letter's new reason.
 */
export interface DeadLetterReplayer {
  replay(tx: SqlExecutor, letter: DeadLetter, message: ParkedMessage | null): Promise<ReplayResult>;
}

/** One read model's dead letters, and how each kind of them is replayed. */
export interface DeadLetterSource {
  readonly projection: Projection;
  readonly replayers: Partial<Record<DeadLetterKind, DeadLetterReplayer>>;
  /**
   * What the read model's feed runs after a commit (a process manager's trigger): a replayed
   * event is as live as any, so it runs after a replay too. Its failures never undo it.
   */
  readonly afterReplay?: (events: readonly RecordedEvent[]) => Promise<void>;
}

/** Asked for a dead letter that does not exist, or one already replayed or discarded. */
export class DeadLetterRefusedError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'ALREADY_RESOLVED' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
    this.name = 'DeadLetterRefusedError';
  }
}

export interface ReplayOutcome {
  deadLetter: DeadLetter;
  outcome: DeadLetterReplayed['data']['outcome'];
}

/**
 * List, replay and discard the dead letters of a set of read models (a service's in its
 * subgraph, every service's in the CLI). Each action is recorded as an event on the
 * operations stream, with the operator as its actor, after the read model's transaction
 * committed: the record says what happened, never what was only attempted.
 */
export class DeadLetterOperations {
  private readonly byName: Map<string, DeadLetterSource>;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    sources: readonly DeadLetterSource[],
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.byName = new Map(sources.map((s) => [s.projection.name, s]));
  }

  private readonly shutdownHooks: Array<() => void> = [];

  onShutdown(hook: () => void): void {
    this.shutdownHooks.push(hook);
  }

  /** Nest calls it on the service's shutdown. */
  onApplicationShutdown(): void {
    for (const hook of this.shutdownHooks.splice(0)) hook();
  }

  get projections(): string[] {
    return [...this.byName.keys()];
  }

  get schemas(): string[] {
    return [...new Set([...this.byName.values()].map((s) => s.projection.schema))];
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    if (filter.projection !== undefined && !this.byName.has(filter.projection)) {
      throw new DeadLetterRefusedError(
        'BAD_USER_INPUT',
        `no read model named ${filter.projection} here: one of ${this.projections.join(', ')}`,
      );
    }
    const all: DeadLetter[] = [];
    for (const schema of this.schemas) {
      if (!(await this.tableExists(schema))) continue;
      const rows = await listDeadLetters(this.db, schema, filter);
      all.push(...rows.filter((r) => this.byName.has(r.projection)));
    }
    return all.sort((a, b) => a.firstFailedAt.getTime() - b.firstFailedAt.getTime());
  }

  /** `ledger_dead_letters{kind,source}`: open dead letters of these read models. */
  async count(): Promise<DeadLetterCount[]> {
    const counts = await countDeadLetters(this.db, this.schemas);
    return counts.filter((c) => this.byName.has(c.source));
  }

  /**
   * Applies the dead letter's event now (after a fix), exactly once: the read model's writes
   * and the dead letter's new status commit together, under a row lock, so a second replay
   * waits for the first and is then refused. A replay that fails again keeps the dead letter
   * open with the new reason, and is recorded as failed.
   */
  async replay(id: string, actor: string, note: string | null = null): Promise<ReplayOutcome> {
    const source = this.sourceOf(id);
    const schema = source.projection.schema;
    let failure: string | null = null;
    let done: ReplayOutcome | null = null;
    let applied: readonly RecordedEvent[] = [];
    try {
      done = await this.db.transaction(async (tx) => {
        const { letter, message } = await this.open(tx, schema, id);
        const replayer = source.replayers[letter.kind];
        if (!replayer) {
          throw new DeadLetterRefusedError(
            'BAD_USER_INPUT',
            `${id} is a ${letter.kind} dead letter; ${source.projection.name} here is not fed that way, replay it where it is`,
          );
        }
        const replayed = await replayer.replay(tx, letter, message);
        applied = replayed.applied;
        const resolved = await resolveDeadLetter(tx, schema, id, 'replayed', actor, note);
        return { deadLetter: resolved, outcome: replayed.result };
      });
    } catch (error) {
      if (error instanceof DeadLetterRefusedError) throw error;
      failure = error instanceof Error ? error.message : String(error);
    }
    if (done === null) {
      const reason = failure ?? 'unknown failure';
      const stays = await this.db.transaction(async (tx) => {
        await this.open(tx, schema, id);
        return failedAgain(tx, schema, id, reason);
      });
      done = { deadLetter: stays, outcome: 'failed' };
    }
    if (applied.length > 0 && source.afterReplay) {
      await source
        .afterReplay(applied)
        .catch((error: unknown) =>
          this.log(`after replaying ${id} into ${source.projection.name}: ${String(error)}`),
        );
    }
    await this.record(actor, {
      type: 'DeadLetterReplayed',
      data: { ...identity(done.deadLetter), outcome: done.outcome, note, error: failure },
    });
    return done;
  }

  /** Sets a dead letter aside for good; the reason is required and recorded. */
  async discard(id: string, actor: string, reason: string): Promise<DeadLetter> {
    const why = reason.trim();
    if (why.length === 0 || why.length > 2000) {
      throw new DeadLetterRefusedError(
        'BAD_USER_INPUT',
        'a discard needs a reason (1-2000 characters): it is recorded for auditors',
      );
    }
    const source = this.sourceOf(id);
    const discarded = await this.db.transaction(async (tx) => {
      await this.open(tx, source.projection.schema, id);
      return resolveDeadLetter(tx, source.projection.schema, id, 'discarded', actor, why);
    });
    await this.record(actor, {
      type: 'DeadLetterDiscarded',
      data: { ...identity(discarded), reason: why },
    });
    return discarded;
  }

  private sourceOf(id: string): DeadLetterSource {
    const at = id.indexOf('@');
    const source = at > 0 ? this.byName.get(id.slice(0, at)) : undefined;
    if (!source) {
      throw new DeadLetterRefusedError(
        'NOT_FOUND',
        `no dead letter ${id}: ids read <projection>@<position> or <projection>@<topic>/<partition>/<offset>, for ${this.projections.join(', ')}`,
      );
    }
    return source;
  }

  private async open(
    tx: SqlExecutor,
    schema: string,
    id: string,
  ): Promise<{ letter: DeadLetter; message: ParkedMessage | null }> {
    const found = (await this.tableExists(schema, tx))
      ? await lockDeadLetter(tx, schema, id)
      : null;
    if (!found) throw new DeadLetterRefusedError('NOT_FOUND', `no dead letter ${id}`);
    const { letter } = found;
    if (letter.status !== 'open') {
      throw new DeadLetterRefusedError(
        'ALREADY_RESOLVED',
        `dead letter ${id} was already ${letter.status} at ${letter.resolvedAt?.toISOString() ?? '?'} by ${letter.resolvedBy ?? '?'}: nothing done`,
      );
    }
    return found;
  }

  private async tableExists(schema: string, tx: SqlExecutor = this.db): Promise<boolean> {
    const [row] = await tx.query<{ found: string | null }>(
      `SELECT to_regclass($1)::text AS found`,
      [`${quoteIdentifier(schema)}.dead_letters`],
    );
    return Boolean(row?.found);
  }

  private async record(
    actor: string,
    event: Pick<DeadLetterReplayed, 'type' | 'data'> | Pick<DeadLetterDiscarded, 'type' | 'data'>,
  ): Promise<void> {
    await this.store.appendToStream(DEAD_LETTER_OPERATIONS_STREAM, [
      { type: event.type, data: event.data as unknown as JsonObject, metadata: { actor } },
    ]);
  }
}

function identity(letter: DeadLetter): DeadLetterIdentity {
  return {
    deadLetterId: letter.id,
    kind: letter.kind,
    projection: letter.projection,
    eventId: letter.eventId,
    eventType: letter.eventType,
    globalPosition: letter.globalPosition === null ? null : letter.globalPosition.toString(),
  };
}

/** The operations of this process's services, for a count at scrape time. */
const serving = new Set<DeadLetterOperations>();

/** Lets `countServedDeadLetters` see these operations until the process shuts them down. */
export function serveDeadLetters(operations: DeadLetterOperations): DeadLetterOperations {
  serving.add(operations);
  operations.onShutdown(() => serving.delete(operations));
  return operations;
}

/**
 * `ledger_dead_letters{kind,source}` for a metrics registry: the open dead letters of every
 * service this process serves (all three standalone, its own in the distributed run).
 */
export async function countServedDeadLetters(): Promise<DeadLetterCount[]> {
  const counts = await Promise.all([...serving].map((operations) => operations.count()));
  return counts.flat();
}

/**
 * Replays a projection's dead letter from the store's log: the event at its position, read
 * as the runner reads it (current version), applied under the projection's checkpoint lock
 * so it never interleaves with a batch of the runner.
 */
export function storeEventReplayer(store: EventStore, projection: Projection): DeadLetterReplayer {
  const checkpoints = `${quoteIdentifier(projection.schema)}.read_model_checkpoints`;
  return {
    async replay(tx, letter) {
      const position = letter.globalPosition;
      if (position === null) throw new Error(`${letter.id} names no position in the log`);
      const [event] = await store.readAll({
        ...(position > 0n ? { after: position - 1n } : {}),
        maxCount: 1,
      });
      if (!event || event.globalPosition !== position) {
        throw new Error(`the log holds no event at position ${position}`);
      }
      const [row] = await tx.query<{ version: number }>(
        `SELECT version FROM ${checkpoints} WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      if (row?.version !== projection.version) {
        throw new Error(
          `${projection.name} runs version ${projection.version} here, its tables are at ${row?.version ?? 'none'}: replay where that version runs`,
        );
      }
      await applyOne(tx, projection, event);
      return { result: 'applied', applied: [event] };
    },
  };
}

export async function applyOne(
  tx: SqlExecutor,
  projection: Projection,
  event: RecordedEvent,
): Promise<void> {
  if (projection.applyBatch) await projection.applyBatch(tx, [event]);
  else await projection.apply(tx, event);
}
