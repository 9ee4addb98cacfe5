import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDbEventStore } from '../adapters/eventstoredb/eventstoredb-event-store';
import { PgliteEventStore } from '../adapters/pglite/pglite-event-store';
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store';
import { EventStore } from '../port/event-store';
import { EventStoreConfig } from './event-store.config';

/** Injection token for the EventStore port. */
export const EVENT_STORE = Symbol('EventStore');

export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.adapter) {
    case 'pglite':
      return PgliteEventStore.open({ dataDir: config.dataDir });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
        poolSize: config.poolSize,
      });
    case 'eventstoredb':
      return EventStoreDbEventStore.open({ connectionString: config.connectionString });
  }
}

@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        EventStoreCloser,
      ],
      exports: [EVENT_STORE],
    };
  }
}
