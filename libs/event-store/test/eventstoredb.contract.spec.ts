import { DEFAULT_MAX_EVENT_BYTES, EventStoreDbEventStore } from '@ledger/event-store';
import { eventStoreContract } from '@ledger/event-store/testing/event-store-contract';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract(
    'EventStoreDB',
    () => EventStoreDbEventStore.open({ connectionString: url, pollIntervalMs: 20 }),
    {
      // EventStoreDB only deduplicates an id against the same append; it accepts an id reused elsewhere.
      refusesEventIdReuse: false,
      maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
    },
  );
} else {
  process.stderr.write(
    'SKIPPED EventStoreDB contract suite: EVENTSTORE_URL is not set (no EventStoreDB server can be installed on this machine; ' +
      'set EVENTSTORE_URL=esdb://host:2113?tls=false to run it).\n',
  );
  describe.skip('EventStore contract: EventStoreDB (EVENTSTORE_URL not set)', () => {
    it('runs when EVENTSTORE_URL is set', () => undefined);
  });
}
