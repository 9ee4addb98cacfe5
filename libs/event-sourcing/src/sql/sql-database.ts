import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';

/** What a projection writes through: one connection inside one transaction. */
export interface SqlExecutor {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** A read-model database: PGlite in the embedded default, a pg pool on a server. */
export interface SqlDatabase extends SqlExecutor {
  /** Commits when `work` resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export function pgliteDatabase(db: PGlite): SqlDatabase {
  const wrap = (tx: PGlite | Transaction): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await tx.query<Row>(sql, [...params])).rows;
    },
  });
  return {
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
  };
}

export function postgresDatabase(pool: Pool): SqlDatabase {
  const wrap = (client: Pool | PoolClient): SqlExecutor => ({
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      return (await client.query(sql, [...params])).rows as Row[];
    },
  });
  return {
    ...wrap(pool),
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: its connection dying (the server
      // restarted, the network cut) would be an unhandled 'error' event and end the process.
      // The query under way fails with the error anyway; the client is not reused.
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.removeListener('error', onError);
        client.release(broken);
      }
    },
  };
}

export { quoteIdentifier } from '@ledger/event-store';
