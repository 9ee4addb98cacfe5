/** What is known of a stream after folding it up to `version`. */
export interface FoldedStream<State> {
  state: State;
  version: bigint;
  /** Each idempotency key seen on the stream: its causation id and its last event's position. */
  runs: ReadonlyMap<string, { causationId: string; position: bigint }>;
}

/**
 * Folded streams kept between commands, so a command reads only the events appended since
 * (by anyone, in any process: the read always starts after the cached version). Least
 * recently used entries go first.
 */
export class StreamStateCache<State> {
  private readonly entries = new Map<string, FoldedStream<State>>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): FoldedStream<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: FoldedStream<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
