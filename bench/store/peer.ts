/** What the store benchmark drives: our adapters, Emmett, and a plain INSERT baseline alike. */
export interface PeerEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface BenchPeer {
  readonly name: string;
  appendOne(streamId: string, event: PeerEvent): Promise<void>;
  appendBatch(streamId: string, events: readonly PeerEvent[]): Promise<void>;
  /** Reads the whole global log in order; returns how many events it read. */
  readAll(): Promise<number>;
  close(): Promise<void>;
}
