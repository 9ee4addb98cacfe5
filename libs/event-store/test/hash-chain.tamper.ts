/**
 * Tamper tests shared by the PostgreSQL and PGlite specs: each alters the stored rows
 * directly, behind the store's back, as an attacker with database access would, and
 * checks that verification names the event. `sql` runs as a superuser, which is what it
 * takes to get past the append-only trigger (`session_replication_role = replica`).
 */
import {
  EventStore,
  EventToAppend,
  GENESIS_HASH,
  expectedHash,
  verifyChain,
} from '@ledger/event-store';

export interface TamperHarness {
  store: () => EventStore;
  /** Runs one statement as a superuser with triggers off; `t` stands for the events table. */
  tamper: (sql: string, params?: readonly unknown[]) => Promise<void>;
}

const e = (i: number): EventToAppend => ({
  type: 'FundsDisbursed',
  data: { amount: `${i}.25`, payee: '吉林省交通投资集团有限公司', i },
  metadata: { actor: 'drc' },
});

export function tamperTests(h: TamperHarness): void {
  let counter = 0;
  /** Writes a 5-event stream (versions 0-4) among other streams; returns it as stored. */
  async function fiveEventStream(label: string) {
    const stream = `tamper-${label}-${++counter}`;
    await h.store().appendToStream(stream, [e(0), e(1)]);
    await h.store().appendToStream(`${stream}-neighbour`, [e(9)]);
    await h.store().appendToStream(stream, [e(2), e(3), e(4)]);
    const events = await h.store().readStream(stream);
    expect((await verifyChain(h.store(), { streamId: stream })).firstBroken).toBeNull();
    return { stream, events };
  }

  it('finds a row whose data was altered in the database: content altered, at its position', async () => {
    const { stream, events } = await fiveEventStream('data');
    await h.tamper(
      `UPDATE t SET data = jsonb_set(data, '{amount}', '"99999.25"') WHERE global_position = $1`,
      [events[2]!.globalPosition.toString()],
    );
    const expected = {
      streamId: stream,
      streamVersion: 2n,
      globalPosition: events[2]!.globalPosition,
      reason: 'content altered',
    };
    const byStream = await verifyChain(h.store(), { streamId: stream });
    expect(byStream.firstBroken).toMatchObject(expected);
    expect(byStream.checked).toBe(2);
    expect((await verifyChain(h.store(), { streamPrefix: stream })).firstBroken).toMatchObject(
      expected,
    );
    // The whole log: this is the file's first test, so no other stream is broken yet.
    expect((await verifyChain(h.store(), 'all')).firstBroken).toMatchObject(expected);
  });

  it('finds an altered actor and an altered recorded time', async () => {
    const { stream, events } = await fiveEventStream('meta');
    await h.tamper(
      `UPDATE t SET metadata = jsonb_set(metadata, '{actor}', '"nobody"') WHERE global_position = $1`,
      [events[4]!.globalPosition.toString()],
    );
    expect((await verifyChain(h.store(), { streamId: stream })).firstBroken).toMatchObject({
      streamVersion: 4n,
      reason: 'content altered',
    });
    const { stream: other, events: otherEvents } = await fiveEventStream('time');
    await h.tamper(
      `UPDATE t SET recorded_at = recorded_at - interval '1 day' WHERE global_position = $1`,
      [otherEvents[1]!.globalPosition.toString()],
    );
    expect((await verifyChain(h.store(), { streamId: other })).firstBroken).toMatchObject({
      streamVersion: 1n,
      reason: 'content altered',
    });
  });

  it('finds a deleted row: the next event of its stream no longer links', async () => {
    const { stream, events } = await fiveEventStream('delete');
    await h.tamper(`DELETE FROM t WHERE global_position = $1`, [
      events[2]!.globalPosition.toString(),
    ]);
    const expected = {
      streamId: stream,
      streamVersion: 3n,
      globalPosition: events[3]!.globalPosition,
      reason: 'link broken (missing or reordered event)',
    };
    expect((await verifyChain(h.store(), { streamId: stream })).firstBroken).toMatchObject(
      expected,
    );
    // With no stream heads kept in memory, the log pass finds it by a point read.
    expect(
      (await verifyChain(h.store(), { streamPrefix: stream }, { headCacheSize: 0 })).firstBroken,
    ).toMatchObject(expected);
  });

  it('finds a deleted first event, and a deleted stream head only against an anchor', async () => {
    const { stream, events } = await fiveEventStream('first');
    await h.tamper(`DELETE FROM t WHERE global_position = $1`, [
      events[0]!.globalPosition.toString(),
    ]);
    expect((await verifyChain(h.store(), { streamId: stream })).firstBroken).toMatchObject({
      streamVersion: 1n,
      reason: 'link broken (missing or reordered event)',
    });

    const { stream: tail, events: tailEvents } = await fiveEventStream('last');
    const anchor = (await verifyChain(h.store(), { streamId: tail })).last!;
    await h.tamper(`DELETE FROM t WHERE global_position = $1`, [
      tailEvents[4]!.globalPosition.toString(),
    ]);
    // Nothing links to a stream's last event: the chain alone cannot see it go.
    expect((await verifyChain(h.store(), { streamId: tail })).firstBroken).toBeNull();
    expect(
      (await verifyChain(h.store(), { streamId: tail }, { anchors: [anchor] })).firstBroken,
    ).toMatchObject({
      streamId: tail,
      streamVersion: 4n,
      globalPosition: null,
      reason: 'anchor not matched',
    });
  });

  it('finds an event rewritten together with a recomputed hash: the next one no longer links', async () => {
    const { stream, events } = await fiveEventStream('rehash');
    const forged = { ...events[1]!, data: { ...events[1]!.data, amount: '0.25' } };
    const hash = expectedHash(forged, events[1]!.chain!.previousHash);
    await h.tamper(
      `UPDATE t SET data = $2::jsonb, hash = decode($3, 'hex') WHERE global_position = $1`,
      [events[1]!.globalPosition.toString(), JSON.stringify(forged.data), hash],
    );
    expect((await verifyChain(h.store(), { streamId: stream })).firstBroken).toMatchObject({
      streamVersion: 2n,
      globalPosition: events[2]!.globalPosition,
      reason: 'link broken (missing or reordered event)',
    });
  });

  it('finds two events swapped within their stream', async () => {
    const { stream, events } = await fiveEventStream('swap');
    // Through a free version: (stream_id, stream_version) is unique.
    await h.tamper(
      `UPDATE t SET stream_version = 100 WHERE stream_id = $1 AND stream_version = 1`,
      [stream],
    );
    await h.tamper(`UPDATE t SET stream_version = 1 WHERE stream_id = $1 AND stream_version = 2`, [
      stream,
    ]);
    await h.tamper(
      `UPDATE t SET stream_version = 2 WHERE stream_id = $1 AND stream_version = 100`,
      [stream],
    );
    const broken = (await verifyChain(h.store(), { streamId: stream })).firstBroken;
    expect(broken).toMatchObject({ streamVersion: 1n, globalPosition: events[2]!.globalPosition });
    expect(broken!.reason).toMatch(/content altered|link broken/);
  });

  it('chains a new stream from the genesis hash', async () => {
    const { events } = await fiveEventStream('genesis');
    expect(events[0]!.chain!.previousHash).toBe(GENESIS_HASH);
  });
}
