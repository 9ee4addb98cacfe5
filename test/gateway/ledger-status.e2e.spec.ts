import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { RunningApp, startStandalone } from '../support/standalone-app';

/** The standalone process on its embedded default, queried over real HTTP. */
describe('gateway: ledgerStatus over GraphQL (PGlite on disk, no seed)', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startStandalone({ loadSeed: false, pglite: true });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('reports an empty log, then the head position after an append', async () => {
    expect(await running.graphql('{ ledgerStatus { adapter headPosition } }')).toEqual({
      data: { ledgerStatus: { adapter: 'pglite', headPosition: null } },
    });

    const store = running.app.get<EventStore>(EVENT_STORE);
    const result = await store.appendToStream(
      'status-probe-1',
      [{ type: 'ProbeRecorded', data: {}, metadata: { actor: 'test' } }],
      { expectedVersion: 'no_stream' },
    );

    expect(await running.graphql('{ ledgerStatus { headPosition } }')).toEqual({
      data: { ledgerStatus: { headPosition: result.lastPosition.toString() } },
    });
  });
});
