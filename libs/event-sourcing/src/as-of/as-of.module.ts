import { DynamicModule, Module } from '@nestjs/common';
import { EVENT_STORE, EventStore, EventStoreConfig } from '@ledger/event-store';
import { READ_MODEL_DATABASE } from '../nest/read-model.module';
import { SqlDatabase } from '../sql/sql-database';
import { AsOfReplayer } from './as-of-replay';
import { EventLog, EventStoreSchema, eventLogFor } from './event-log';

/** The filtered global log (SQL on the store's tables where it can). */
export const EVENT_LOG = Symbol('EventLog');
/** Where the events table lives: as openEventStore opens each adapter. */
function eventStoreSchema(config: EventStoreConfig): EventStoreSchema {
  switch (config.adapter) {
    case 'pglite':
      return 'event_store';
    case 'postgres':
    case 'embedded-postgres':
      return config.schema;
    case 'eventstoredb':
      return undefined;
  }
}

/**
 * History reads and as-of replays for every service in the process. Needs EVENT_STORE and
 * READ_MODEL_DATABASE (global) from the host.
 */
@Module({})
export class AsOfModule {
  static forRoot(store: EventStoreConfig): DynamicModule {
    const schema = eventStoreSchema(store);
    return {
      module: AsOfModule,
      global: true,
      providers: [
        {
          provide: EVENT_LOG,
          inject: [EVENT_STORE, READ_MODEL_DATABASE],
          useFactory: (es: EventStore, db: SqlDatabase): EventLog => eventLogFor(es, db, schema),
        },
        {
          provide: AsOfReplayer,
          inject: [EVENT_STORE, READ_MODEL_DATABASE, EVENT_LOG],
          useFactory: (es: EventStore, db: SqlDatabase, log: EventLog) =>
            new AsOfReplayer(es, db, log),
        },
      ],
      exports: [EVENT_LOG, AsOfReplayer],
    };
  }
}
