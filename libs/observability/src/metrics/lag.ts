/** How far a reader (a projection, the relay) is behind the store's head. */
export interface Lag {
  /** Global positions between the reader's and the head's (0 when caught up). */
  events: number;
  /** Seconds since the oldest event the reader has not applied was recorded (0 when caught up). */
  seconds: number;
}

export const CAUGHT_UP: Lag = { events: 0, seconds: 0 };

/**
 * The lag of a reader at `position` (null: nothing applied yet) behind `head` (null: an
 * empty log). Positions may leave gaps (a rolled-back append takes a sequence value), so
 * the events figure is an upper bound of the events still to apply, exact without gaps.
 * `oldestUnappliedAt` is the recorded time of the first event after `position`, or of the
 * head when that one is not known.
 */
export function lagBehind(
  head: bigint | null,
  position: bigint | null,
  oldestUnappliedAt: Date | null,
  now: Date,
): Lag {
  if (head === null) return CAUGHT_UP;
  const behind = head - (position ?? 0n);
  if (behind <= 0n) return CAUGHT_UP;
  const seconds =
    oldestUnappliedAt === null
      ? 0
      : Math.max(0, (now.getTime() - oldestUnappliedAt.getTime()) / 1000);
  return { events: Number(behind), seconds };
}

/** What a lag measure needs of a store: its head, and the first event after a position. */
export interface LogReader {
  headPosition(): Promise<bigint | null>;
  readAll(options: { after?: bigint; maxCount?: number }): Promise<readonly { recordedAt: Date }[]>;
}

/**
 * A reader's lag, measured on the store: the head, then (only when behind) the one event
 * after the reader's position. Two cheap queries, at scrape or readiness time only.
 */
export async function measureLag(
  store: LogReader,
  position: bigint | null,
  now: () => Date = () => new Date(),
): Promise<Lag> {
  const head = await store.headPosition();
  if (head === null || (position !== null && position >= head)) return CAUGHT_UP;
  const [oldest] = await store.readAll({
    ...(position === null ? {} : { after: position }),
    maxCount: 1,
  });
  return lagBehind(head, position, oldest?.recordedAt ?? null, now());
}
