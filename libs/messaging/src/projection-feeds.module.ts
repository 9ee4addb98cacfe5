import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  PROJECTION_FEEDS,
  ProjectionFeeds,
  READ_MODEL_DATABASE,
  SqlDatabase,
  storeFeeds,
} from '@ledger/event-sourcing';
import { ProjectionSource, kafkaFeeds } from './kafka-feeds';

/** Chooses, once per process, where every read model of its services takes its events from. */
@Module({})
export class ProjectionFeedsModule {
  static forRoot(source: ProjectionSource, clientId: string): DynamicModule {
    return {
      module: ProjectionFeedsModule,
      global: true,
      providers: [
        {
          provide: PROJECTION_FEEDS,
          inject: [EVENT_STORE, READ_MODEL_DATABASE],
          useFactory: (store: EventStore, db: SqlDatabase): ProjectionFeeds =>
            source.kind === 'kafka' ? kafkaFeeds(source, db, clientId) : storeFeeds(store, db),
        },
      ],
      exports: [PROJECTION_FEEDS],
    };
  }
}
