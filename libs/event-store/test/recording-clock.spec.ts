import type { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';
import {
  EventStore,
  EventToAppend,
  PgliteEventStore,
  PostgresEventStore,
  RecordingClock,
  RecordingClockBehindError,
  verifyChain,
} from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';

const AT = new Date('2021-07-13T01:00:00.000Z');
const event = (n: number): EventToAppend => ({
  type: 'ProjectProposed',
  data: { n },
  metadata: { actor: 'drc' },
});

/**
 * A ledger clock set by hand (LEDGER_CLOCK) on each SQL adapter: the server applies it under
 * its append lock. `open` opens the same store each time it is called.
 */
function recordingClockTests(open: (clock?: RecordingClock) => Promise<EventStore>): void {
  it('records every event at a frozen clock, in position order, with the chain intact', async () => {
    const store = await open({ at: AT, since: new Date(), advancing: false });
    await store.appendToStream('frozen-a', [event(1), event(2)]);
    await store.appendToStream('frozen-b', [event(3)]);
    await store.appendToStream('frozen-a', [event(4)]);
    const log = (await store.readAll()).filter((e) => e.streamId.startsWith('frozen-'));
    expect(log.map((e) => e.data.n)).toEqual([1, 2, 3, 4]);
    expect(new Set(log.map((e) => e.recordedAt.toISOString()))).toEqual(
      new Set(['2021-07-13T01:00:00.000Z']),
    );
    const verified = await verifyChain(store, { streamPrefix: 'frozen-' });
    expect(verified).toMatchObject({ checked: 4, firstBroken: null });
    await store.close();
  });

  it('accepts the same frozen clock again (a scenario restarted) and refuses an earlier one', async () => {
    const again = await open({ at: AT, since: new Date(), advancing: false });
    await again.close();
    const earlier = new Date(AT.getTime() - 60_000);
    const refused = open({ at: earlier, since: new Date(), advancing: false });
    await expect(refused).rejects.toBeInstanceOf(RecordingClockBehindError);
    await expect(refused).rejects.toThrow(
      'the ledger clock reads 2021-07-13T00:59:00.000Z, before the last event in the store ' +
        '(recorded at 2021-07-13T01:00:00.000Z)',
    );
  });

  it('advances from the set instant with the real clock, never backwards', async () => {
    // Set two seconds ago: the clock now reads two seconds past its instant, and on.
    const since = new Date(Date.now() - 2000);
    const at = new Date(AT.getTime() + 3_600_000);
    const store = await open({ at, since, advancing: true });
    const before = Date.now();
    await store.appendToStream('advancing', [event(1)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await store.appendToStream('advancing', [event(2)]);
    const after = Date.now();
    const [first, second] = await store.readStream('advancing');
    const reading = (real: number) => at.getTime() + (real - since.getTime());
    // The database server's clock, read under its lock: allow for it differing slightly.
    expect(first!.recordedAt.getTime()).toBeGreaterThanOrEqual(reading(before) - 1000);
    expect(second!.recordedAt.getTime()).toBeLessThanOrEqual(reading(after) + 1000);
    expect(second!.recordedAt.getTime() - first!.recordedAt.getTime()).toBeGreaterThanOrEqual(40);
    expect(await verifyChain(store, { streamId: 'advancing' })).toMatchObject({
      firstBroken: null,
    });
    await store.close();
  });

  it('records real time again without a clock, and then refuses the old setting', async () => {
    const store = await open();
    const before = Date.now();
    await store.appendToStream('real', [event(1)]);
    const [real] = await store.readStream('real');
    expect(real!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5000);
    await store.close();
    await expect(open({ at: AT, since: new Date(), advancing: true })).rejects.toBeInstanceOf(
      RecordingClockBehindError,
    );
  });
}

describe('a ledger clock set by hand, on PGlite', () => {
  let db: PGlite;

  beforeAll(async () => {
    const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
    db = await PGliteClass.create();
  });
  afterAll(async () => {
    await db.close();
  });

  // A store over a database it does not own: closing one leaves the data for the next.
  recordingClockTests((clock) => PgliteEventStore.open({ db, ...(clock ? { clock } : {}) }));
});

const enabled = requirePostgres('PostgreSQL ledger clock');

(enabled ? describe : describe.skip)('a ledger clock set by hand, on PostgreSQL', () => {
  const schema = uniqueSchemaName('clock');

  afterAll(async () => {
    const admin = new Client({ connectionString: databaseUrl() });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  recordingClockTests((clock) =>
    PostgresEventStore.open({
      connectionString: databaseUrl(),
      schema,
      poolSize: 2,
      ...(clock ? { clock } : {}),
    }),
  );
});
