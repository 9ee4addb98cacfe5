import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import {
  EVENT_STORE,
  EventStore,
  PgliteEventStore,
  PostgresEventStore,
  rawStore,
} from '@ledger/event-store';
import { SqlDatabase, pgliteDatabase, postgresDatabase } from '../sql/sql-database';

/** Injection token for the read-model database. */
export const READ_MODEL_DATABASE = Symbol('ReadModelDatabase');

export interface ReadModelOptions {
  /**
   * Where read models live when the store is not SQL (EventStoreDB). With PGlite or
   * PostgreSQL they share the store's database, so one backup holds both.
   */
  separateDatabaseUrl?: string;
}

/** Its own pool, for read models beside a store that is not SQL. */
function separatePool(connectionString: string): Pool {
  const pool = new Pool({ connectionString });
  // An idle client's network error (the server restarted) must not end the process: the
  // pool drops that client, and the next query reports the error if the server is still away.
  pool.on('error', () => undefined);
  return pool;
}

class OwnedPool {
  constructor(readonly pool: Pool | undefined) {}
}

@Injectable()
class ReadModelCloser implements OnApplicationShutdown {
  constructor(@Inject(OwnedPool) private readonly owned: OwnedPool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.owned.pool?.end();
  }
}

@Module({})
export class ReadModelModule {
  static forRoot(options: ReadModelOptions = {}): DynamicModule {
    return {
      module: ReadModelModule,
      global: true,
      providers: [
        {
          provide: OwnedPool,
          inject: [EVENT_STORE],
          useFactory: (versioned: EventStore) => {
            const store = rawStore(versioned);
            return new OwnedPool(
              store instanceof PgliteEventStore || store instanceof PostgresEventStore
                ? undefined
                : separatePool(requireUrl(options.separateDatabaseUrl)),
            );
          },
        },
        {
          provide: READ_MODEL_DATABASE,
          inject: [EVENT_STORE, OwnedPool],
          useFactory: (versioned: EventStore, owned: OwnedPool): SqlDatabase => {
            const store = rawStore(versioned);
            if (store instanceof PgliteEventStore) return pgliteDatabase(store.db);
            if (store instanceof PostgresEventStore) return postgresDatabase(store.pool);
            return postgresDatabase(owned.pool!);
          },
        },
        ReadModelCloser,
      ],
      exports: [READ_MODEL_DATABASE],
    };
  }
}

function requireUrl(url: string | undefined): string {
  if (!url) {
    throw new Error(
      'read models need a SQL database: set READ_MODEL_DATABASE_URL when EVENT_STORE=eventstoredb',
    );
  }
  return url;
}
