import { Client } from 'pg';
import { PostgresEventStore } from '@ledger/event-store';
import { COLUMNS, SETTLED } from '@ledger/event-store/sql/sql-event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

/**
 * Reading the global log must not depend on what the planner knows: on a table nobody has
 * analyzed, and after ANALYZE, readAll's statement walks the position index and stops at its
 * LIMIT, in the custom plan and in the generic one a prepared statement may keep (readAll's
 * is prepared). On a log of a few thousand events the custom plan may rather sort a bitmap
 * scan of the whole small table, which costs as little; from some twenty thousand events of
 * the ledger's size on it is the index, with or without statistics: checked on thirty.
 */
const schema = uniqueSchemaName('plan');

(requirePostgres('PostgreSQL read plan') ? describe : describe.skip)(
  'PostgreSQL: the global log is read through the position index',
  () => {
    let store: PostgresEventStore;
    let client: Client;

    beforeAll(async () => {
      store = await PostgresEventStore.open({ connectionString: databaseUrl(), schema });
      client = new Client({ connectionString: databaseUrl() });
      await client.connect();
      await client.query(`ALTER TABLE "${schema}".events SET (autovacuum_enabled = false)`);
      for (let i = 0; i < 30; i++) {
        await store.appendToStream(
          `plan-${i % 7}`,
          Array.from({ length: 1000 }, (_, k) => ({
            type: 'FundsDisbursed',
            data: {
              projectId: `2201${k}`,
              amount: `${i}.25`,
              note: '按月调度：完成投资与形象进度同步上报',
            },
            metadata: { actor: 'plan-test' },
          })),
        );
      }
    });
    afterAll(async () => {
      await store.close();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    });

    async function plan(
      mode: 'force_custom_plan' | 'force_generic_plan',
      after: number,
    ): Promise<string> {
      await client.query(`SET plan_cache_mode = ${mode}`);
      await client.query(
        `PREPARE read_all(bigint, int) AS SELECT ${COLUMNS} FROM "${schema}".events
          WHERE global_position > $1 AND ${SETTLED} ORDER BY global_position LIMIT $2`,
      );
      try {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (COSTS OFF) EXECUTE read_all(${after}, 1000)`,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('DEALLOCATE read_all');
        await client.query('RESET plan_cache_mode');
      }
    }

    it('before and after ANALYZE, custom and generic plans alike', async () => {
      const { rows } = await client.query<{ analyzed: boolean }>(
        `SELECT last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL AS analyzed
           FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'events'`,
        [schema],
      );
      expect(rows[0]!.analyzed).toBe(false);
      for (const analyzed of [false, true]) {
        if (analyzed) await client.query(`ANALYZE "${schema}".events`);
        for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
          const shown = await plan(mode, analyzed ? 29_000 : 0);
          expect(shown).toMatch(/^Limit/);
          expect(shown).toMatch(/Index Scan using events_pkey on events/);
          expect(shown).not.toMatch(/Sort|Seq Scan/);
        }
      }
      expect((await store.readAll({ maxCount: 1000 })).length).toBe(1000);
    });
  },
);
