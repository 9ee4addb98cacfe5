import { ClockSetting, readSetting } from '@ledger/domain-kernel';

/**
 * A clock set by hand (LEDGER_CLOCK, for demos, training runs and tests) that a store records
 * time by instead of the real one: the kernel's ClockSetting, which the hosts pass. The store
 * takes the data, not a Clock, because the SQL stores apply it under their append lock.
 */
export type RecordingClock = ClockSetting;

/** A store opened with a clock behind the time its log already recorded. */
export class RecordingClockBehindError extends Error {
  constructor(
    readonly clockReads: Date,
    readonly lastRecordedAt: Date,
  ) {
    super(
      `the ledger clock reads ${clockReads.toISOString()}, before the last event in the store ` +
        `(recorded at ${lastRecordedAt.toISOString()}): recorded time must never run backwards ` +
        'along the log. Start from an empty store (a new DATA_DIR or EVENT_STORE_SCHEMA) or set ' +
        'LEDGER_CLOCK later.',
    );
    this.name = 'RecordingClockBehindError';
  }
}

/**
 * Refuses to record by a clock that reads earlier than the last event recorded: "what the
 * ledger said at T" (as-of views, replay --to) takes every event recorded by T, which is a
 * prefix of the log only while recorded time never runs backwards. A frozen clock at the
 * same instant as before is accepted (a restart of the same scenario).
 */
export function refuseClockBehindLog(
  clock: RecordingClock,
  lastRecordedAt: Date | null,
  realNowMs: number = Date.now(),
): void {
  if (lastRecordedAt === null) return;
  const reads = readSetting(clock, realNowMs);
  if (lastRecordedAt.getTime() > reads.getTime()) {
    throw new RecordingClockBehindError(reads, lastRecordedAt);
  }
}
