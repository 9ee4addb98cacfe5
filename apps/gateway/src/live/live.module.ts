import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { KafkaChangeFeed, LiveKafkaSource } from './kafka-change-feed';
import { LEDGER_CHANGE_FEED, LedgerChangeFeed } from './ledger-change-feed';
import { LiveNotices } from './live-notices';
import { LiveServer } from './live-server';
import { StoreChangeFeed } from './store-change-feed';

/** Where the gateway alone takes notices from: given by its host, absent when none is. */
const LIVE_KAFKA_SOURCE = Symbol('LiveKafkaSource');

/**
 * Live updates through the one endpoint: graphql-ws subscriptions on the upgrade of
 * /graphql. The feed is the event store where this process has one (standalone), otherwise
 * Kafka where the host names it (the gateway alone, LiveFeedModule.fromKafka); with neither,
 * the socket answers that live updates are off.
 */
@Module({
  providers: [
    {
      provide: LEDGER_CHANGE_FEED,
      inject: [
        { token: EVENT_STORE, optional: true },
        { token: LIVE_KAFKA_SOURCE, optional: true },
      ],
      useFactory: (store?: EventStore, kafka?: LiveKafkaSource | null): LedgerChangeFeed | null =>
        store ? new StoreChangeFeed(store) : kafka ? new KafkaChangeFeed(kafka) : null,
    },
    LiveNotices,
    LiveServer,
  ],
  exports: [LiveNotices],
})
export class LiveModule {}

/** For a host without a store: the Kafka topics live notices come from (null: none). */
@Module({})
export class LiveFeedModule {
  static fromKafka(source: LiveKafkaSource | null): DynamicModule {
    return {
      module: LiveFeedModule,
      global: true,
      providers: [{ provide: LIVE_KAFKA_SOURCE, useValue: source }],
      exports: [LIVE_KAFKA_SOURCE],
    };
  }
}
