import { Subscription, SubscriptionOptions } from '../port/subscription';
import { CatchUpSource, CatchUpSubscription } from './catch-up-subscription';
import { SharedTail } from './shared-tail';

/**
 * Keeps the live subscriptions of one store so that closing the store stops them first, and
 * lets them share reads of the log's tail (every source it is given reads that one store).
 */
export class SubscriptionRegistry {
  private readonly live = new Set<Subscription>();
  private tail: SharedTail | undefined;

  start(source: CatchUpSource, options: SubscriptionOptions): Subscription {
    const tail = (this.tail ??= new SharedTail(source.wakeup));
    const shared: CatchUpSource = {
      ...source,
      readAll: (after, maxCount) =>
        tail.read((from, count) => source.readAll(from, count), after, maxCount),
    };
    const subscription = new CatchUpSubscription(shared, options);
    this.live.add(subscription);
    void subscription.done.finally(() => this.live.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
