import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDbEventStore } from '../adapters/eventstoredb/eventstoredb-event-store';
import { PgliteEventStore } from '../adapters/pglite/pglite-event-store';
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store';
import { EventStore } from '../port/event-store';
import { EventVersioning, withVersioning } from '../versioning/upcasting-event-store';
import { EventStoreConfig } from './event-store.config';

/**
 * Injection token for the EventStore port: with versions applied when the host gives them
 * (writers record current versions, every read is upcast).
 */
export const EVENT_STORE = Symbol('EventStore');
/** The same store as stored, without upcasting: for hash verification and stored bytes. */
export const RAW_EVENT_STORE = Symbol('RawEventStore');

export interface EventStoreModuleOptions {
  /** The published event types' versions (@ledger/contracts' LEDGER_EVENT_VERSIONS). */
  versioning?: EventVersioning;
}

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
  static forRoot(config: EventStoreConfig, options: EventStoreModuleOptions = {}): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: RAW_EVENT_STORE, useFactory: () => openEventStore(config) },
        {
          provide: EVENT_STORE,
          inject: [RAW_EVENT_STORE],
          useFactory: (raw: EventStore) =>
            options.versioning ? withVersioning(raw, options.versioning) : raw,
        },
        EventStoreCloser,
      ],
      exports: [EVENT_STORE, RAW_EVENT_STORE],
    };
  }
}
