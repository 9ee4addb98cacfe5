import { randomBytes } from 'node:crypto';
import { EventStore } from '@ledger/event-store';
import { Projection } from '../projection/projection';
import { SqlDatabase, SqlExecutor } from '../sql/sql-database';
import { EventLog, EventLogFilter } from './event-log';

/**
 * The two questions an auditor asks of the past:
 * - `recordedAt`: what did the ledger say at that moment? Only events recorded by then; a
 *   correction recorded later is ignored.
 * - `validAt`: what do we know now about the time up to that date? Events whose valid time
 *   (metadata.validAt, or when recorded if they have none) falls before the end of the day,
 *   whenever they were recorded: a late correction of June counts for June.
 */
export type AsOf =
  | { kind: 'recordedAt'; at: Date }
  | {
      kind: 'validAt';
      /** The date asked for, YYYY-MM-DD. */
      on: string;
      /** The first instant after it: the start of the next day in Beijing. */
      before: Date;
    };

export function asOfFilter(asOf: AsOf): EventLogFilter {
  switch (asOf.kind) {
    case 'recordedAt':
      return { recordedTo: asOf.at };
    case 'validAt':
      return { validBefore: asOf.before };
  }
}

export interface AsOfStats {
  /** Events of the filtered log replayed (each projection applies those it handles). */
  events: number;
  /** The last position the replay considered (the head when it started). */
  upTo: bigint | null;
  ms: number;
}

/** Thrown to roll the scratch transaction back once the answer is out of it. */
class Discard<T> extends Error {
  constructor(readonly value: T) {
    super('as-of scratch schema discarded');
  }
}

const PAGE = 1000;

/**
 * Rebuilds views as of a past moment by replaying the filtered log through the very
 * projection classes that keep the live views, into a scratch schema that lives only inside
 * one transaction and is rolled back afterwards: nothing is left behind, even on a crash, and
 * the live read models are never touched. The caller then runs the same query code against
 * the scratch schema.
 *
 * Costs: the replay is as long as the filtered log (no snapshot reuse). On PostgreSQL the
 * transaction holds an xid while it runs, which holds back global-log readers (the settled
 * horizon) for as long: never wrong, only late. On PGlite every other statement waits for it.
 */
export class AsOfReplayer {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly log: EventLog,
  ) {}

  async replay<T>(
    asOf: AsOf,
    projections: (schema: string) => readonly Projection[],
    query: (scratch: SqlDatabase, schema: string) => Promise<T>,
  ): Promise<{ value: T; stats: AsOfStats }> {
    const started = Date.now();
    // Pin the replay to what was settled when it started, so its pages read one fixed log
    // even while writers append.
    const upTo = await this.store.headPosition();
    const schema = `as_of_${randomBytes(8).toString('hex')}`;
    const filter: EventLogFilter = { ...asOfFilter(asOf), ...(upTo === null ? {} : { upTo }) };
    let applied = 0;
    try {
      await this.db.transaction(async (tx) => {
        const built = projections(schema);
        for (const projection of built) await projection.setup(tx);
        if (upTo !== null) {
          let after: bigint | null = null;
          for (;;) {
            const page = await this.log.page(filter, after, PAGE, tx);
            if (page.length === 0) break;
            for (const projection of built) {
              const handled = page.filter((event) => projection.handles(event.type));
              if (handled.length === 0) continue;
              if (projection.applyBatch) await projection.applyBatch(tx, handled);
              else for (const event of handled) await projection.apply(tx, event);
            }
            applied += page.length;
            after = page[page.length - 1]!.globalPosition;
            if (page.length < PAGE) break;
          }
        }
        throw new Discard(await query(scratchDatabase(tx), schema));
      });
    } catch (error) {
      if (error instanceof Discard) {
        return {
          value: error.value as T,
          stats: { events: applied, upTo, ms: Date.now() - started },
        };
      }
      throw error;
    }
    throw new Error('as-of replay: the scratch transaction committed; it must always roll back');
  }
}

/** The scratch transaction as a database: query objects take one, and nest no transactions. */
function scratchDatabase(tx: SqlExecutor): SqlDatabase {
  return {
    query: (sql, params) => tx.query(sql, params),
    transaction: (work) => work(tx),
  };
}
