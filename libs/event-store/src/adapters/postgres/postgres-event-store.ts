import { Pool, PoolConfig } from 'pg';
import { SqlClient, SqlExecutor } from '../../sql/sql-client';
import { SqlEventStore, SqlEventStoreOptions } from '../../sql/sql-event-store';

export interface PostgresEventStoreOptions extends SqlEventStoreOptions {
  connectionString: string;
  /** Connections in the pool. Defaults to 10. */
  poolSize?: number;
  /** Extra node-postgres pool settings (timeouts, TLS). */
  pool?: Omit<PoolConfig, 'connectionString' | 'max'>;
}

/** The server adapter for CI and production: pooled node-postgres, the same SQL as PGlite. */
export class PostgresEventStore extends SqlEventStore {
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const pool = new Pool({
      ...options.pool,
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
    });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(new PostgresClient(pool), options);
    try {
      await store.initialise();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private constructor(client: PostgresClient, options: SqlEventStoreOptions) {
    super('postgres', client, options);
    this.pool = client.pool;
  }

  /** The pool, for read models that want their own transactions on the same database. */
  readonly pool: Pool;
}

/** int8 columns arrive as strings (node-postgres' default); the store turns them into bigint. */
class PostgresClient implements SqlClient {
  constructor(readonly pool: Pool) {}

  async query<Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<Row[]> {
    const result = await this.pool.query(
      name === undefined
        ? { text: sql, values: [...params] }
        : { name, text: sql, values: [...params] },
    );
    return result.rows as Row[];
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // Checked out, the client has no listener of the pool's: a connection that dies under the
    // transaction must not be an unhandled 'error' event (the process would end). The query
    // under way fails with it; the client is not put back.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await client.query(sql, [...params])).rows as Row[],
        // Without parameters node-postgres uses the simple protocol, which runs several statements.
        exec: async (sql: string) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        // A connection that cannot even roll back must not go back to the pool.
        broken = true;
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
