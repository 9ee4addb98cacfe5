import { LedgerChange } from './ledger-change';

/**
 * Every event the ledger records from the moment `follow` resolves, as a notice, in the order
 * the source delivers them (the store's global order; per stream for Kafka). The receiver is
 * called synchronously and must not block: the feed is shared by every subscriber.
 */
export interface LedgerChangeFeed {
  /** Which source this is, for the log line. */
  readonly source: string;
  /**
   * Follow only while someone subscribes: the store's feed is one more reader on the write
   * path of the process that records (about 0.5 ms of CPU per command, bench/RESULTS.md);
   * a Kafka consumer is off that path, and joining its group takes seconds, so it follows
   * from the start.
   */
  readonly whileSubscribed: boolean;
  /** Resolves once following; rejects if the source cannot be reached. */
  follow(onChange: (change: LedgerChange) => void): Promise<void>;
  /** Stops following; no notice is passed on afterwards. */
  stop(): Promise<void>;
}

/** The feed of this process, or null when it has none (live updates are then off). */
export const LEDGER_CHANGE_FEED = Symbol('LedgerChangeFeed');
