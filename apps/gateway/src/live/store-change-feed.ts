import { Logger } from '@nestjs/common';
import { EventStore, Subscription } from '@ledger/event-store';
import { LedgerChange, ledgerChangeOf } from './ledger-change';
import { LedgerChangeFeed } from './ledger-change-feed';

/**
 * Standalone mode: the store's own subscription, from the head of the log when following
 * starts. Appends of this process wake it at once; nothing else is polled.
 */
export class StoreChangeFeed implements LedgerChangeFeed {
  readonly source = 'the event store';
  readonly whileSubscribed = true;
  private subscription: Subscription | undefined;
  private readonly logger = new Logger('LiveUpdates');

  constructor(private readonly store: EventStore) {}

  async follow(onChange: (change: LedgerChange) => void): Promise<void> {
    const head = await this.store.headPosition();
    const subscription = this.store.subscribe({
      ...(head === null ? {} : { after: head }),
      batchHandler: (events) => {
        // A notice that fails to be passed on must not stop the feed for everyone.
        for (const event of events) {
          try {
            onChange(ledgerChangeOf(event));
          } catch (error) {
            this.logger.error(`a notice for @${event.globalPosition} failed: ${String(error)}`);
          }
        }
        return Promise.resolve();
      },
    });
    this.subscription = subscription;
    subscription.done.catch((error: unknown) => {
      // The store closing at shutdown ends it too; anything else leaves subscribers without
      // notices, which the log must say.
      if (this.subscription === subscription)
        this.logger.error(`the store's feed stopped: ${String(error)}`);
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }
}
