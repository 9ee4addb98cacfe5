import { CAUGHT_UP, lagBehind, measureLag } from './lag';

const now = new Date('2026-03-01T00:01:00Z');

describe('lagBehind', () => {
  it('is zero on an empty log and at or past the head', () => {
    expect(lagBehind(null, null, null, now)).toEqual(CAUGHT_UP);
    expect(lagBehind(10n, 10n, new Date('2026-03-01T00:00:00Z'), now)).toEqual(CAUGHT_UP);
    // A reader ahead of the head it was told (read at another moment) is not behind.
    expect(lagBehind(10n, 12n, null, now)).toEqual(CAUGHT_UP);
  });

  it('counts positions to the head and seconds since the oldest unapplied event', () => {
    expect(lagBehind(25n, 20n, new Date('2026-03-01T00:00:30Z'), now)).toEqual({
      events: 5,
      seconds: 30,
    });
    // Nothing applied yet: the whole log is behind.
    expect(lagBehind(7n, null, new Date('2026-03-01T00:00:59.5Z'), now)).toEqual({
      events: 7,
      seconds: 0.5,
    });
  });

  it('never reports negative seconds (an event recorded by a clock ahead of this one)', () => {
    expect(lagBehind(3n, 1n, new Date('2026-03-01T00:05:00Z'), now)).toEqual({
      events: 2,
      seconds: 0,
    });
  });
});

describe('measureLag', () => {
  it('reads the event after the position only when behind', async () => {
    const reads: Array<bigint | undefined> = [];
    const store = (head: bigint | null) => ({
      headPosition: () => Promise.resolve(head),
      readAll: (options: { after?: bigint }) => {
        reads.push(options.after);
        return Promise.resolve([{ recordedAt: new Date('2026-03-01T00:00:45Z') }]);
      },
    });
    expect(await measureLag(store(9n), 9n, () => now)).toEqual(CAUGHT_UP);
    expect(await measureLag(store(null), null, () => now)).toEqual(CAUGHT_UP);
    expect(reads).toEqual([]);
    expect(await measureLag(store(12n), 9n, () => now)).toEqual({ events: 3, seconds: 15 });
    expect(await measureLag(store(4n), null, () => now)).toEqual({ events: 4, seconds: 15 });
    expect(reads).toEqual([9n, undefined]);
  });
});
