import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { LedgerChange } from './ledger-change';
import { LEDGER_CHANGE_FEED, LedgerChangeFeed } from './ledger-change-feed';

/** How long boot waits for the feed before going on without it (it keeps trying). */
const FOLLOW_WAIT_MS = 10_000;
const RETRY_MS = 5_000;
const STOP_WAIT_MS = 5_000;
/** How long a feed followed only while subscribed goes on after the last subscriber leaves. */
const IDLE_STOP_MS = 30_000;

export interface NoticeSubscriber {
  offer(change: LedgerChange): void;
}

/**
 * The one feed of the process, shared by every subscription: each notice is offered to each
 * subscriber, which filters and queues it on its own (bounded), so a slow reader never holds
 * the feed or the others up.
 */
@Injectable()
export class LiveNotices implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly subscribers = new Set<NoticeSubscriber>();
  private following = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private starting: Promise<void> | null = null;
  private idle: NodeJS.Timeout | undefined;
  private readonly logger = new Logger('LiveUpdates');

  constructor(@Inject(LEDGER_CHANGE_FEED) private readonly feed: LedgerChangeFeed | null) {}

  /** Where notices come from, or null when this process has no feed. */
  get source(): string | null {
    return this.feed?.source ?? null;
  }

  /** Whether notices are flowing now. */
  get live(): boolean {
    return this.following;
  }

  /** Subscriptions open now (for operators and tests). */
  get size(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber (and follows the feed if it was idle); the returned function removes it. */
  add(subscriber: NoticeSubscriber): () => void {
    this.subscribers.add(subscriber);
    clearTimeout(this.idle);
    this.idle = undefined;
    this.follow();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0 && this.feed?.whileSubscribed) this.stopWhenIdle();
    };
  }

  /** Resolves once notices flow, or after a bounded wait (the feed keeps trying). */
  async whenFollowing(): Promise<void> {
    if (this.following || !this.starting) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.starting,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FOLLOW_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.feed || this.feed.whileSubscribed) return;
    this.follow();
    await this.whenFollowing();
  }

  private follow(): void {
    if (!this.feed || this.following || this.starting || this.stopped) return;
    this.starting = this.start(this.feed).finally(() => (this.starting = null));
  }

  private stopWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idle = undefined;
      if (this.subscribers.size > 0 || !this.following || this.stopped || !this.feed) return;
      this.following = false;
      this.feed.stop().catch((error: unknown) => {
        this.logger.warn(`stopping the idle feed: ${String(error)}`);
      });
    }, IDLE_STOP_MS);
    this.idle.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearTimeout(this.idle);
    this.subscribers.clear();
    if (!this.feed) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.feed.stop().catch((error: unknown) => {
        this.logger.warn(`stopping the feed: ${String(error)}`);
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    this.following = false;
  }

  private async start(feed: LedgerChangeFeed): Promise<void> {
    try {
      await feed.follow((change) => this.publish(change));
      if (this.stopped) return void (await feed.stop());
      this.following = true;
      // Everyone who asked for it may have left while it started.
      if (feed.whileSubscribed && this.subscribers.size === 0) this.stopWhenIdle();
    } catch (error) {
      await feed.stop().catch(() => undefined);
      if (this.stopped) return;
      this.logger.error(
        `live updates wait for ${feed.source}: ${String(error)}; trying again in ${RETRY_MS / 1000} s`,
      );
      // A feed followed only while subscribed tries again only while someone waits for it.
      if (feed.whileSubscribed && this.subscribers.size === 0) return;
      this.retry = setTimeout(() => this.follow(), RETRY_MS);
    }
  }

  private publish(change: LedgerChange): void {
    if (this.stopped) return;
    for (const subscriber of this.subscribers) subscriber.offer(change);
  }
}
