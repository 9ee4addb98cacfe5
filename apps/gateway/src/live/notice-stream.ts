import { LedgerChange } from './ledger-change';

export interface NoticeStreamOptions {
  /** Only notices about this project, when given. */
  projectId: string | null;
  /** Whether the subscriber may hear about a project (the connection's audience). */
  maySee: (projectId: string) => Promise<boolean>;
  /** Whether the subscriber hears notices about no project (programme-wide readers only). */
  programmeWide: boolean;
  /** Notices waiting to be sent, at most: beyond it the subscriber is too slow. */
  limit: number;
  /** Whether the connection has more buffered than it may (checked on every notice). */
  congested: () => boolean;
  /** The subscriber fell behind: its connection is closed, which ends this stream. */
  onOverflow: () => void;
  /** The stream ended (the client completed it or the connection closed). */
  onEnd: () => void;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * One subscription's notices, in the feed's order, each sent once the graph has said its
 * reader may see its project (questions run ahead while earlier notices wait). A plain
 * iterator rather than an async generator: `return()` must end it at once even while a
 * `next()` waits, or closing a connection would wait for the next notice.
 */
export class NoticeStream implements AsyncIterableIterator<LedgerChange> {
  private readonly waiting: Array<{ change: LedgerChange; visible: Promise<boolean> }> = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(private readonly options: NoticeStreamOptions) {}

  /** Called by the feed for every notice: never blocks, never throws. */
  offer(change: LedgerChange): void {
    if (this.ended) return;
    const only = this.options.projectId;
    if (only !== null && change.projectId !== only) return;
    if (this.waiting.length >= this.options.limit || this.options.congested()) {
      this.end();
      this.options.onOverflow();
      return;
    }
    if (change.projectId === null && !this.options.programmeWide) return;
    const visible =
      change.projectId === null ? Promise.resolve(true) : this.options.maySee(change.projectId);
    this.waiting.push({ change, visible });
    this.wake?.();
  }

  async next(): Promise<IteratorResult<LedgerChange, undefined>> {
    for (;;) {
      if (this.ended) return DONE;
      const head = this.waiting.shift();
      if (!head) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if ((await head.visible) && !this.ended) return { value: head.change, done: false };
    }
  }

  return(): Promise<IteratorResult<LedgerChange, undefined>> {
    this.end();
    return Promise.resolve(DONE);
  }

  throw(error: unknown): Promise<IteratorResult<LedgerChange, undefined>> {
    this.end();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting.length = 0;
    this.wake?.();
    this.options.onEnd();
  }
}
