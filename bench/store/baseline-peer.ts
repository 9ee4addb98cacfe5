import { Pool } from 'pg';
import { BenchPeer, PeerEvent } from './peer';

/**
 * The floor any store pays: a plain INSERT per append, no version check, no ordering
 * guarantee, no idempotency. Shows what our guarantees cost.
 */
export async function openBaselinePeer(
  connectionString: string,
  poolSize: number,
): Promise<BenchPeer> {
  const pool = new Pool({ connectionString, max: poolSize });
  await pool.query(`
    DROP SCHEMA IF EXISTS bench_baseline CASCADE;
    CREATE SCHEMA bench_baseline;
    CREATE TABLE bench_baseline.events (
      global_position bigserial PRIMARY KEY, stream_id text NOT NULL, event_type text NOT NULL,
      data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());`);
  const insert =
    'INSERT INTO bench_baseline.events (stream_id, event_type, data) SELECT $1, t, d FROM unnest($2::text[], $3::jsonb[]) AS u(t, d)';
  return {
    name: 'plain INSERT (pg)',
    async appendOne(streamId: string, event: PeerEvent): Promise<void> {
      await pool.query(
        'INSERT INTO bench_baseline.events (stream_id, event_type, data) VALUES ($1, $2, $3)',
        [streamId, event.type, JSON.stringify(event.data)],
      );
    },
    async appendBatch(streamId: string, events: readonly PeerEvent[]): Promise<void> {
      await pool.query(insert, [
        streamId,
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
      ]);
    },
    async readAll(): Promise<number> {
      let count = 0;
      let after = '0';
      for (;;) {
        const { rows } = await pool.query<{ global_position: string }>(
          'SELECT global_position, stream_id, event_type, data, recorded_at FROM bench_baseline.events WHERE global_position > $1 ORDER BY global_position LIMIT 1000',
          [after],
        );
        if (rows.length === 0) return count;
        count += rows.length;
        after = rows[rows.length - 1]!.global_position;
      }
    },
    close: () => pool.end(),
  };
}
