import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { SqlClient, SqlExecutor } from '../../sql/sql-client';
import { SqlEventStore, SqlEventStoreOptions } from '../../sql/sql-event-store';

export interface PgliteEventStoreOptions extends SqlEventStoreOptions {
  /** A folder on disk for the database, or omit for memory only (tests). */
  dataDir?: string;
  /** An already-open PGlite instance to share (read models in the same database). */
  db?: PGlite;
}

/** The embedded default: real PostgreSQL compiled to WASM, in-process, no server. */
export class PgliteEventStore extends SqlEventStore {
  static async open(options: PgliteEventStoreOptions = {}): Promise<PgliteEventStore> {
    const db = options.db ?? (await openPglite(options.dataDir));
    const store = new PgliteEventStore(new PgliteClient(db, options.db === undefined), options);
    await store.initialise();
    return store;
  }

  private constructor(client: PgliteClient, options: SqlEventStoreOptions) {
    super('pglite', client, options);
    this.db = client.db;
  }

  /** The underlying database, for read models that want to share its transactions. */
  readonly db: PGlite;
}

async function openPglite(dataDir: string | undefined): Promise<PGlite> {
  // PGlite ships as ESM with WASM loaded by dynamic import; keep it out of CommonJS `require`.
  const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  return PGliteClass.create(dataDir);
}

class PgliteClient implements SqlClient {
  constructor(
    readonly db: PGlite,
    private readonly owned: boolean,
  ) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, [...params]);
    return result.rows;
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await tx.query<Row>(sql, [...params])).rows,
        exec: async (sql: string) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async close(): Promise<void> {
    if (this.owned) await this.db.close();
  }
}
