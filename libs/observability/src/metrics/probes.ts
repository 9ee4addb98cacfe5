import { Lag } from './lag';

/**
 * What this process runs and an operator watches, registered by the parts themselves as
 * they start (and removed as they stop): /metrics reads them at scrape time and
 * /health/ready judges them, so neither knows the services, and nothing is paid for them
 * on the write path.
 */
export class ProbeSet<P> {
  private readonly byKey = new Map<string, P>();
  private readonly firstAdded: Array<() => void> = [];
  private added = false;

  /**
   * Runs `then` when the first probe is added (at once if one was): a gauge without labels
   * would show 0 in a process that has no such part, so it is made only once one exists.
   */
  whenFirstAdded(then: () => void): void {
    if (this.added) then();
    else this.firstAdded.push(then);
  }

  /** Registers `probe` under `key` (the latest of a key wins); returns its removal. */
  add(key: string, probe: P): () => void {
    if (!this.added) {
      this.added = true;
      for (const then of this.firstAdded.splice(0)) then();
    }
    this.byKey.set(key, probe);
    return () => {
      if (this.byKey.get(key) === probe) this.byKey.delete(key);
    };
  }

  all(): P[] {
    return [...this.byKey.values()];
  }

  /** For tests that start several applications in one file. */
  clear(): void {
    this.byKey.clear();
  }
}

/** The event store this process writes to or reads from. */
export interface StoreProbe {
  readonly adapter: string;
  /** The head of the global log: a cheap query that also proves the store answers. */
  headPosition(): Promise<bigint | null>;
}

export interface ProjectionState {
  /** The last position applied; null before the first. */
  position: bigint | null;
  /** False once stopped, or stopped for good by a version clash; retries keep it true. */
  running: boolean;
  /** True while it replays the history that was in the store when it started. */
  catchingUp: boolean;
  /** The last failure, while it retries after it. */
  lastError: string | null;
}

/** A read model fed from the store in this process. */
export interface ProjectionProbe {
  readonly name: string;
  state(): ProjectionState;
  lag(): Promise<Lag>;
}

/** The Kafka relay of this process. */
export interface RelayProbe {
  readonly name: string;
  position(): bigint | null;
  running(): boolean;
  lag(): Promise<Lag>;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** High watermark minus the group's committed offset (the whole partition if none). */
  messages: number;
}

/** A read model fed from Kafka: one consumer group. */
export interface ConsumerProbe {
  readonly group: string;
  readonly projection: string;
  connected(): boolean;
  lag(): Promise<PartitionLag[]>;
  /** Messages set aside as not valid events (its schema's table). */
  parked(): Promise<number>;
  /** Events waiting for the entity they are about (its schema's table). */
  held(): Promise<number>;
}

export const storeProbes = new ProbeSet<StoreProbe>();
export const projectionProbes = new ProbeSet<ProjectionProbe>();
export const relayProbes = new ProbeSet<RelayProbe>();
export const consumerProbes = new ProbeSet<ConsumerProbe>();
