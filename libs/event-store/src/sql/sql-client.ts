/** Statements on one connection. */
export interface SqlExecutor {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs statements without parameters, several per string allowed. */
  exec(sql: string): Promise<void>;
}

/** The little a SQL adapter needs from its driver: PGlite and node-postgres both fit. */
export interface SqlClient {
  /**
   * `name` asks the driver to prepare the statement once per connection and reuse it (the
   * append call, which every append makes); a driver without named statements ignores it.
   */
  query<Row>(sql: string, params?: readonly unknown[], name?: string): Promise<Row[]>;
  /**
   * Runs `work` on one connection inside one transaction: committed when it resolves,
   * rolled back when it throws. Migrations need it to mix SQL with work done in
   * TypeScript (the hash-chain backfill) atomically.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Quotes an identifier the way PostgreSQL does, so a schema name can never inject SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Driver values for bigint columns arrive as string (pg) or bigint (PGlite): never as a lossy number. */
export function toBigInt(value: unknown, column: string): bigint {
  if (typeof value === 'bigint') return value;
  // BigInt() alone would take '', ' 1' and '0x1f'; a digit at both ends rules those out
  // without a regular expression per value (the log is read a column of these at a time).
  if (typeof value === 'string' && isDigit(value.charCodeAt(value.length - 1))) {
    const first = value.charCodeAt(0);
    if (isDigit(first) || (first === 45 && value.length > 1 && isDigit(value.charCodeAt(1)))) {
      try {
        return BigInt(value);
      } catch {
        // Not decimal digits throughout: reported below.
      }
    }
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new Error(
    `column ${column}: expected a 64-bit integer, got ${typeof value} ${String(value)}`,
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
