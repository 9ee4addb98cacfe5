import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStoreDbEventStore } from '../adapters/eventstoredb/eventstoredb-event-store';
import { PgliteEventStore } from '../adapters/pglite/pglite-event-store';
import { PostgresEventStore } from '../adapters/postgres/postgres-event-store';
import { EventStore } from '../port/event-store';
import { RecordingClock } from '../port/recording-clock';
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
  /** A ledger clock set by hand (LEDGER_CLOCK): appends record its time, not the real one. */
  clock?: RecordingClock;
}

/** Opens the configured store; with `clock`, appends record that clock's time. */
export async function openEventStore(
  config: EventStoreConfig,
  options: { clock?: RecordingClock } = {},
): Promise<EventStore> {
  const clock = options.clock ? { clock: options.clock } : {};
  switch (config.adapter) {
    case 'pglite':
      return PgliteEventStore.open({ dataDir: config.dataDir, ...clock });
    case 'postgres':
      return PostgresEventStore.open({
        connectionString: config.connectionString,
        schema: config.schema,
        poolSize: config.poolSize,
        ...clock,
      });
    case 'eventstoredb':
      return EventStoreDbEventStore.open({ connectionString: config.connectionString, ...clock });
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
        { provide: RAW_EVENT_STORE, useFactory: () => openEventStore(config, options) },
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
