import { DEFAULT_MAX_EVENT_BYTES, EventStore, PgliteEventStore } from '@ledger/event-store';
import { eventStoreContract } from '@ledger/event-store/testing/event-store-contract';

eventStoreContract(
  'PGlite (embedded, in memory)',
  () => PgliteEventStore.open({ pollIntervalMs: 20 }),
  {
    refusesEventIdReuse: true,
    maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
    jumpGlobalPositionTo: async (store: EventStore, next: bigint) => {
      await (store as PgliteEventStore).db.query(
        `SELECT setval('event_store.global_position', $1::bigint, false)`,
        [next.toString()],
      );
    },
  },
);
