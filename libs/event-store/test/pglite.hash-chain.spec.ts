import { PgliteEventStore } from '@ledger/event-store';
import { tamperTests } from './hash-chain.tamper';

describe('PGlite hash chain: tampering in the database is found', () => {
  let store: PgliteEventStore;
  beforeAll(async () => {
    store = await PgliteEventStore.open();
  });
  afterAll(async () => {
    await store.close();
  });

  tamperTests({
    store: () => store,
    tamper: async (sql, params = []) => {
      // PGlite's single user is a superuser; SET LOCAL ends with the transaction.
      await store.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(sql.replace(/^(UPDATE|DELETE FROM) t /, '$1 event_store.events '), [
          ...params,
        ]);
      });
    },
  });
});
