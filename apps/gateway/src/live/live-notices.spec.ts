import { LedgerChange } from './ledger-change';
import { LedgerChangeFeed } from './ledger-change-feed';
import { LiveNotices } from './live-notices';

/** A feed that counts how often it is followed and stopped, and lets the test send notices. */
class CountingFeed implements LedgerChangeFeed {
  readonly source = 'a counting feed';
  follows = 0;
  stops = 0;
  send: ((change: LedgerChange) => void) | null = null;
  constructor(readonly whileSubscribed: boolean) {}
  async follow(onChange: (change: LedgerChange) => void): Promise<void> {
    this.follows += 1;
    this.send = onChange;
  }
  async stop(): Promise<void> {
    this.stops += 1;
    this.send = null;
  }
}

const change: LedgerChange = {
  position: '1',
  type: 'FundsDisbursed',
  service: 'planning',
  streamId: 'project-a',
  projectId: 'a',
  recordedAt: new Date(0).toISOString(),
};

describe('the process’s live feed', () => {
  afterEach(() => jest.useRealTimers());

  it('follows the store only while someone subscribes, and stops 30 s after the last leaves', async () => {
    jest.useFakeTimers();
    const feed = new CountingFeed(true);
    const notices = new LiveNotices(feed);
    await notices.onApplicationBootstrap();
    expect(feed.follows).toBe(0);

    const heard: LedgerChange[] = [];
    const remove = notices.add({ offer: (c) => heard.push(c) });
    await notices.whenFollowing();
    expect(feed.follows).toBe(1);
    feed.send!(change);
    expect(heard).toEqual([change]);

    remove();
    await jest.advanceTimersByTimeAsync(29_000);
    expect(feed.stops).toBe(0);
    // Back within the idle time: the same following goes on.
    const again = notices.add({ offer: () => undefined });
    await jest.advanceTimersByTimeAsync(5_000);
    expect(feed.stops).toBe(0);
    again();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(feed.stops).toBe(1);
    expect(notices.live).toBe(false);

    notices.add({ offer: () => undefined });
    await notices.whenFollowing();
    expect(feed.follows).toBe(2);
    await notices.onModuleDestroy();
  });

  it('follows Kafka from the start, subscribers or not', async () => {
    const feed = new CountingFeed(false);
    const notices = new LiveNotices(feed);
    await notices.onApplicationBootstrap();
    expect(feed.follows).toBe(1);
    expect(notices.live).toBe(true);
    await notices.onModuleDestroy();
    expect(feed.stops).toBe(1);
  });
});
