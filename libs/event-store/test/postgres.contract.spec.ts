import { Client } from 'pg';
import { DEFAULT_MAX_EVENT_BYTES, EventStore, PostgresEventStore } from '@ledger/event-store';
import { eventStoreContract } from '@ledger/event-store/testing/event-store-contract';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

const schema = uniqueSchemaName('es');

if (requirePostgres('PostgreSQL event store contract')) {
  afterAll(async () => {
    const client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  eventStoreContract(
    'PostgreSQL',
    () =>
      PostgresEventStore.open({
        connectionString: databaseUrl(),
        schema,
        poolSize: 24,
        pollIntervalMs: 20,
      }),
    {
      refusesEventIdReuse: true,
      maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
      jumpGlobalPositionTo: async (store: EventStore, next: bigint) => {
        await (store as PostgresEventStore).pool.query(
          `SELECT setval('"${schema}".global_position', $1::bigint, false)`,
          [next.toString()],
        );
      },
    },
  );
} else {
  describe.skip('EventStore contract: PostgreSQL (server not reachable)', () => {
    it('runs when PostgreSQL is reachable', () => undefined);
  });
}
