import { MIGRATIONS, Migration } from './migrations';
import { quoteIdentifier, SqlClient } from './sql-client';

const ALREADY_APPLIED = 'progress-ledger: migration already applied';

/**
 * Brings `schema` up to the latest migration. Safe to run from several processes at once:
 * each migration runs in its own transaction under an advisory lock keyed by the schema,
 * and checks under that lock whether another process applied it first.
 */
export async function migrate(
  client: SqlClient,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const s = quoteIdentifier(schema);
  const lock = `SELECT pg_advisory_xact_lock(hashtext(${literal(`progress-ledger:${schema}`)}));`;
  await client.transaction((tx) =>
    tx.exec(`
    ${lock}
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
  `),
  );
  for (const migration of migrations) {
    try {
      await client.transaction(async (tx) => {
        await tx.exec(`
        ${lock}
        DO $check$ BEGIN
          IF EXISTS (SELECT 1 FROM ${s}.schema_migrations WHERE id = ${migration.id}) THEN
            RAISE EXCEPTION '${ALREADY_APPLIED}';
          END IF;
        END $check$;
        ${migration.sql(s, schema)}`);
        // Work SQL alone cannot do (the hash-chain backfill), then SQL that relies on it.
        if (migration.backfill) await migration.backfill(tx, s);
        await tx.exec(`
        ${migration.after?.(s, schema) ?? ''}
        INSERT INTO ${s}.schema_migrations (id, name) VALUES (${migration.id}, ${literal(migration.name)});`);
      });
    } catch (error: unknown) {
      if (!(error instanceof Error && error.message.includes(ALREADY_APPLIED))) throw error;
    }
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
