import { EventStore } from '@ledger/event-store';
import { SqlDatabase, SqlExecutor, quoteIdentifier } from '../sql/sql-database';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

export interface BlueGreenRebuildOptions {
  /** The live read-model schema: queries keep reading it until the switch. */
  schema: string;
  /** The projections to rebuild, built on a schema (a service's one list, or part of it). */
  build: (schema: string) => readonly Projection[];
  /** Events per batch while building; the default suits long logs. */
  batchSize?: number;
  /** Called a few times a second while building: each projection's position and the head. */
  onProgress?: (progress: { name: string; position: bigint | null; head: bigint }) => void;
  log?: (message: string) => void;
  /** How often to try the switch while live runners keep moving ahead; default 20. */
  maxSwitchAttempts?: number;
}

export interface BlueGreenRebuildSummary {
  schema: string;
  projections: Array<{ name: string; version: number; position: bigint | null }>;
  /** Building beside the live read models, until caught up with them. */
  buildMs: number;
  /** The switch transaction: the only moment queries wait (on the tables' locks). */
  switchMs: number;
  attempts: number;
}

/** The shadow is behind the live read model at the switch: catch up and try again. */
class ShadowBehind extends Error {
  constructor(readonly livePosition: bigint) {
    super(`shadow behind the live read model (at ${livePosition})`);
  }
}

/**
 * Rebuilds read models without downtime, as blue/green: the projections are built from
 * position 0 into a schema beside the live one (`<schema>_next`), while queries keep
 * answering from the live tables and the live runners keep them current. Once the new
 * tables have caught up with the live ones, one transaction switches: it locks the live
 * checkpoints (live runners wait), checks the new tables are at least as far along as the
 * live ones (otherwise it catches up and tries again, so no answer ever goes backwards),
 * drops the live tables, moves the new ones into the live schema under the same names and
 * records their version and position. Queries that arrive meanwhile wait for the locks and
 * then read the new tables; a live runner of the same version goes on from the new
 * checkpoint, one of an older version stops rather than write into tables it did not build.
 */
export async function rebuildBesideLive(
  store: EventStore,
  db: SqlDatabase,
  options: BlueGreenRebuildOptions,
): Promise<BlueGreenRebuildSummary> {
  const live = options.schema;
  const shadow = shadowSchemaOf(live);
  const liveProjections = options.build(live);
  const shadowProjections = options.build(shadow);
  const names = liveProjections.map((p) => p.name);
  if (shadowProjections.some((p, i) => p.name !== names[i] || p.schema !== shadow)) {
    throw new Error('build(schema) must give the same projections, each on the schema given');
  }
  // A rebuild that crashed left its half-built tables: start again from nothing.
  await db.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(shadow)} CASCADE`);

  const started = performance.now();
  const runners = shadowProjections.map(
    (projection) =>
      new ProjectionRunner(store, db, projection, {
        batchSize: options.batchSize ?? 2000,
        observed: false,
        ...(options.log ? { log: options.log } : {}),
      }),
  );
  const head = (await store.headPosition()) ?? 0n;
  const timer = setInterval(() => {
    for (const runner of runners) {
      const { name, position } = runner.status();
      options.onProgress?.({ name, position, head });
    }
  }, 250);
  let attempts = 0;
  let buildMs = 0;
  let switchMs = 0;
  try {
    let target = head;
    for (;;) {
      attempts += 1;
      for (const runner of runners) {
        await runner.start();
        if (target > 0n) await runner.catchUpTo(target);
        await runner.stop();
      }
      if (attempts === 1) buildMs = performance.now() - started;
      const switching = performance.now();
      try {
        await db.transaction((tx) =>
          switchToShadow(tx, live, shadow, liveProjections, shadowProjections, runners),
        );
        switchMs = performance.now() - switching;
        break;
      } catch (error) {
        if (!(error instanceof ShadowBehind)) throw error;
        if (attempts >= (options.maxSwitchAttempts ?? 20)) {
          throw new Error(
            `the live read models in ${live} kept moving ahead of the rebuild; ${attempts} attempts`,
          );
        }
        target = error.livePosition;
      }
    }
  } finally {
    clearInterval(timer);
    for (const runner of runners) await runner.stop();
  }
  return {
    schema: live,
    projections: runners.map((r) => ({
      name: r.projection.name,
      version: r.projection.version,
      position: r.status().position,
    })),
    buildMs,
    switchMs,
    attempts,
  };
}

async function switchToShadow(
  tx: SqlExecutor,
  live: string,
  shadow: string,
  liveProjections: readonly Projection[],
  shadowProjections: readonly Projection[],
  runners: readonly ProjectionRunner[],
): Promise<void> {
  const liveSchema = quoteIdentifier(live);
  const checkpoints = `${liveSchema}.read_model_checkpoints`;
  await tx.query(`CREATE SCHEMA IF NOT EXISTS ${liveSchema}`);
  await tx.query(`CREATE TABLE IF NOT EXISTS ${checkpoints} (
    name text PRIMARY KEY, version int NOT NULL, position bigint,
    updated_at timestamptz NOT NULL DEFAULT now())`);
  // Live runners take this lock before they write: from here on they wait for the switch.
  const rows = await tx.query<{ name: string; position: string | null }>(
    `SELECT name, position::text AS position FROM ${checkpoints} WHERE name = ANY ($1::text[])
      ORDER BY name FOR UPDATE`,
    [liveProjections.map((p) => p.name)],
  );
  const livePositions = new Map(
    rows.map((r) => [r.name, r.position === null ? null : BigInt(r.position)]),
  );
  for (const runner of runners) {
    const ours = runner.status().position;
    const theirs = livePositions.get(runner.projection.name) ?? null;
    if (theirs !== null && (ours === null || ours < theirs)) throw new ShadowBehind(theirs);
  }
  const tables = await tx.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'read_model_checkpoints'
      ORDER BY tablename`,
    [shadow],
  );
  for (const projection of liveProjections) await projection.teardown(tx);
  for (const { tablename } of tables) {
    const name = quoteIdentifier(tablename);
    await tx.query(`DROP TABLE IF EXISTS ${liveSchema}.${name}`);
    await tx.query(`ALTER TABLE ${quoteIdentifier(shadow)}.${name} SET SCHEMA ${liveSchema}`);
  }
  for (const [i, projection] of shadowProjections.entries()) {
    const position = runners[i]!.status().position;
    await tx.query(
      `INSERT INTO ${checkpoints} (name, version, position) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET version = $2, position = $3, updated_at = now()`,
      [projection.name, projection.version, position === null ? null : position.toString()],
    );
  }
  await tx.query(`DROP SCHEMA ${quoteIdentifier(shadow)} CASCADE`);
}

/** Where a schema's read models are rebuilt: beside it, within PostgreSQL's 63-byte names. */
export function shadowSchemaOf(schema: string): string {
  return `${schema.slice(0, 58)}_next`;
}
