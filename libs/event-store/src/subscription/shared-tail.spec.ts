import { RecordedEvent } from '../port/events';
import { SharedTail } from './shared-tail';
import { Wakeup } from './wakeup';

/** A log in memory: the shared tail's answers are checked against what it really holds. */
function memoryLog() {
  const events: RecordedEvent[] = [];
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    append(wakeup: Wakeup, count = 1) {
      for (let i = 0; i < count; i++) {
        const position = BigInt(events.length + 1) * 10n; // positions with gaps, as sequences leave
        events.push({ globalPosition: position } as RecordedEvent);
      }
      wakeup.notify();
    },
    readAll: async (after: bigint | undefined, max: number): Promise<RecordedEvent[]> => {
      reads += 1;
      return events.filter((e) => after === undefined || e.globalPosition > after).slice(0, max);
    },
  };
}

const positions = (events: RecordedEvent[]): bigint[] => events.map((e) => e.globalPosition);

describe('the shared tail: subscribers of one process share reads of the log', () => {
  it('answers the second subscriber at the same place from the first one read', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup);
    log.append(wakeup, 3);
    const first = await tail.read(log.readAll, undefined, 500);
    const second = await tail.read(log.readAll, undefined, 500);
    expect(positions(second)).toEqual(positions(first));
    expect(positions(second)).toEqual([10n, 20n, 30n]);
    expect(log.reads).toBe(1);
  });

  it('answers a subscriber further on with what follows its position, or nothing at the head', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup);
    log.append(wakeup, 3);
    await tail.read(log.readAll, undefined, 500);
    expect(positions(await tail.read(log.readAll, 15n, 500))).toEqual([20n, 30n]);
    expect(await tail.read(log.readAll, 30n, 500)).toEqual([]);
    expect(log.reads).toBe(1);
  });

  it('reads the log again once this process appended since the shared read began', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup);
    log.append(wakeup, 1);
    await tail.read(log.readAll, undefined, 500);
    log.append(wakeup, 1);
    expect(positions(await tail.read(log.readAll, undefined, 500))).toEqual([10n, 20n]);
    expect(log.reads).toBe(2);
  });

  it('lets a subscriber behind the shared read read the log itself', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup);
    log.append(wakeup, 5);
    await tail.read(log.readAll, 20n, 500);
    expect(positions(await tail.read(log.readAll, 10n, 500))).toEqual([20n, 30n, 40n, 50n]);
    expect(log.reads).toBe(2);
  });

  it('never answers "nothing more" past a read that was cut short, nor more than it holds', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup);
    log.append(wakeup, 5);
    expect(positions(await tail.read(log.readAll, 20n, 2))).toEqual([30n, 40n]);
    expect(positions(await tail.read(log.readAll, 30n, 1))).toEqual([40n]);
    expect(log.reads).toBe(1);
    expect(positions(await tail.read(log.readAll, 40n, 2))).toEqual([50n]);
    expect(log.reads).toBe(2);
    await tail.read(log.readAll, 20n, 2);
    expect(positions(await tail.read(log.readAll, 20n, 500))).toEqual([30n, 40n, 50n]);
    expect(log.reads).toBe(4);
  });

  it('forgets a read older than its age limit: other processes append without waking us', async () => {
    const wakeup = new Wakeup();
    const log = memoryLog();
    const tail = new SharedTail(wakeup, 0);
    log.append(wakeup, 1);
    await tail.read(log.readAll, undefined, 500);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tail.read(log.readAll, undefined, 500);
    expect(log.reads).toBe(2);
  });
});
