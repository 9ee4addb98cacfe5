import { Subscription, SubscriptionOptions } from '../port/subscription';
import { CatchUpSource, CatchUpSubscription } from './catch-up-subscription';

/** Keeps the live subscriptions of one store so that closing the store stops them first. */
export class SubscriptionRegistry {
  private readonly live = new Set<Subscription>();

  start(source: CatchUpSource, options: SubscriptionOptions): Subscription {
    const subscription = new CatchUpSubscription(source, options);
    this.live.add(subscription);
    void subscription.done.finally(() => this.live.delete(subscription)).catch(() => undefined);
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
