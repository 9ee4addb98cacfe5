/**
 * Group commit for appends: appends that wait while earlier ones are on their way to the
 * server go together in one call, one transaction and one WAL flush. Nothing waits for a
 * timer: an append leaves at once when a slot is free, so a lone writer pays no latency, and
 * only appends that would have queued anyway share a trip.
 *
 * A group never holds two appends to one stream, and no stream is in two groups at once:
 * appends to one stream leave in the order they were made, and each one's expected version
 * is checked against the outcome of the one before.
 */
export interface QueuedAppend {
  readonly streamId: string;
  readonly eventCount: number;
  /** Roughly what the append adds to the call, in characters of JSON. */
  readonly size: number;
}

export interface AppendBatcherLimits {
  /** Groups on their way at once (each holds a connection for its call). */
  maxInFlight: number;
  maxAppends: number;
  maxEvents: number;
  /** A single append larger than this still goes, alone. */
  maxSize: number;
}

export class AppendBatcher<T extends QueuedAppend> {
  private queue: T[] = [];
  private inFlight = 0;
  private readonly busyStreams = new Set<string>();
  private readonly whenIdle: Array<() => void> = [];

  /** `send` settles every append of its group itself; it must not reject. */
  constructor(
    private readonly limits: AppendBatcherLimits,
    private readonly send: (group: readonly T[]) => Promise<void>,
  ) {}

  submit(append: T): void {
    this.queue.push(append);
    this.pump();
  }

  /** Resolves once every append submitted so far has been settled. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const group = this.take();
      // Everything queued waits for a stream that is on its way.
      if (group.length === 0) return;
      this.inFlight += 1;
      for (const append of group) this.busyStreams.add(append.streamId);
      void this.send(group).finally(() => {
        this.inFlight -= 1;
        for (const append of group) this.busyStreams.delete(append.streamId);
        // Not at once: the writers just answered append again in the promise jobs that run
        // first, and the next group should carry them rather than leave with the one append
        // that happened to be waiting (groups would alternate one, many, one, many).
        setImmediate(() => {
          this.pump();
          if (this.inFlight === 0 && this.queue.length === 0) {
            for (const resolve of this.whenIdle.splice(0)) resolve();
          }
        });
      });
    }
  }

  /** The oldest appends that fit, skipping (and so keeping in order) streams already taken. */
  private take(): T[] {
    const group: T[] = [];
    const waiting: T[] = [];
    const streams = new Set<string>();
    let events = 0;
    let size = 0;
    for (const append of this.queue) {
      const fits =
        group.length === 0 ||
        (group.length < this.limits.maxAppends &&
          events + append.eventCount <= this.limits.maxEvents &&
          size + append.size <= this.limits.maxSize);
      if (fits && !streams.has(append.streamId) && !this.busyStreams.has(append.streamId)) {
        group.push(append);
        streams.add(append.streamId);
        events += append.eventCount;
        size += append.size;
      } else {
        // A stream skipped once stays skipped for this group: its later appends wait too.
        streams.add(append.streamId);
        waiting.push(append);
      }
    }
    this.queue = waiting;
    return group;
  }
}
