import { RecordedEvent } from '../port/events';
import { GlobalPosition } from '../port/ids';
import { Wakeup } from './wakeup';

type ReadAll = (after: GlobalPosition | undefined, maxCount: number) => Promise<RecordedEvent[]>;

/** One real read of the log: what it returned, from where, and what the log looked like then. */
interface TailRead {
  after: GlobalPosition | undefined;
  events: RecordedEvent[];
  /** The read returned fewer than it asked for: it reached the head as it stood. */
  reachedHead: boolean;
  /** The in-process append generation before the read began. */
  generation: number;
  readAt: number;
}

/**
 * Every subscriber of a process reads the same new events right after an append wakes them:
 * five read models meant five identical reads of the log per append. The shared tail keeps
 * the last real read and answers a subscriber from it when nothing was appended in this
 * process since it began and it is younger than `maxAgeMs` (appends by other processes are
 * found by the next poll, as before). An answer is always a prefix of what a real read gave,
 * from the subscriber's own position, so it can never skip an event; a subscriber behind the
 * read's start, or wanting more than it holds, reads the log itself.
 */
export class SharedTail {
  private last: TailRead | undefined;

  constructor(
    private readonly wakeup: Wakeup,
    private readonly maxAgeMs = 50,
  ) {}

  async read(
    readAll: ReadAll,
    after: GlobalPosition | undefined,
    maxCount: number,
  ): Promise<RecordedEvent[]> {
    const served = this.fromLast(after, maxCount);
    if (served !== undefined) return served;
    const generation = this.wakeup.generation;
    const appended = this.wakeup.appendedUpTo;
    const readAt = Date.now();
    const events = await readAll(after, maxCount);
    const end = events[events.length - 1]?.globalPosition ?? after;
    // A read that stopped short of what this process appended was held back by a transaction
    // still running: the next subscriber may see more, so it reads for itself.
    const heldBack = appended !== undefined && (end === undefined || end < appended);
    this.last = heldBack
      ? undefined
      : { after, events, reachedHead: events.length < maxCount, generation, readAt };
    return events;
  }

  private fromLast(
    after: GlobalPosition | undefined,
    maxCount: number,
  ): RecordedEvent[] | undefined {
    const last = this.last;
    if (last === undefined || last.generation !== this.wakeup.generation) return undefined;
    if (Date.now() - last.readAt > this.maxAgeMs) return undefined;
    // The read must have started at or before the subscriber's position.
    if (last.after !== undefined && (after === undefined || after < last.after)) return undefined;
    const start =
      after === undefined ? 0 : last.events.findIndex((event) => event.globalPosition > after);
    if (start < 0) {
      // At or past everything the read returned: only a read that reached the head, and no
      // further than it, knows there is nothing more.
      const end = last.events[last.events.length - 1]?.globalPosition ?? last.after;
      return last.reachedHead && after !== undefined && end !== undefined && after <= end
        ? []
        : undefined;
    }
    // The read covered every event after its start up to its last: those after `after` too.
    const slice = last.events.slice(start, start + maxCount);
    return slice.length === maxCount || last.reachedHead ? slice : undefined;
  }
}
