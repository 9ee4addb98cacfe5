import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import { storeProbes } from '@ledger/observability';
import { openEmbeddedPostgresEventStore } from '../adapters/embedded-postgres/embedded-postgres-event-store';
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

/**
 * Opens the configured store; with `clock`, appends record that clock's time. `log` takes
 * the few lines an embedded server has for a person (first start, a migration); stderr by
 * default, so a tool's stdout stays its output.
 */
export async function openEventStore(
  config: EventStoreConfig,
  options: { clock?: RecordingClock; log?: (message: string) => void } = {},
): Promise<EventStore> {
  const clock = options.clock ? { clock: options.clock } : {};
  switch (config.adapter) {
    case 'pglite':
      return PgliteEventStore.open({ dataDir: config.dataDir, ...clock });
    case 'embedded-postgres':
      // Its server stops when the store closes (EventStoreCloser, or the tool's own close).
      return openEmbeddedPostgresEventStore({
        dataDir: config.dataDir,
        schema: config.schema,
        poolSize: config.poolSize,
        ...clock,
        ...(options.log ? { log: options.log } : {}),
      });
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
  /** /health/ready and the head gauge ask this process's store; not once it is closed. */
  private readonly unregister: () => void;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.unregister = storeProbes.add(`store:${store.adapter}`, {
      adapter: store.adapter,
      headPosition: () => store.headPosition(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unregister();
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
        {
          provide: RAW_EVENT_STORE,
          useFactory: () => {
            const logger = new Logger('EventStore');
            return openEventStore(config, {
              ...(options.clock ? { clock: options.clock } : {}),
              log: (message) => logger.log(message),
            });
          },
        },
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
