import { EventStore } from '@ledger/event-store';
import { BenchPeer, PeerEvent } from './peer';

/** Drives one of our own adapters through the port, exactly as the services will. */
export function ledgerPeer(name: string, store: EventStore): BenchPeer {
  const metadata = { actor: 'bench' };
  return {
    name,
    async appendOne(streamId: string, event: PeerEvent): Promise<void> {
      await store.appendToStream(streamId, [
        { type: event.type, data: event.data as never, metadata },
      ]);
    },
    async appendBatch(streamId: string, events: readonly PeerEvent[]): Promise<void> {
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data as never, metadata })),
      );
    },
    async readAll(): Promise<number> {
      let count = 0;
      let after: bigint | undefined;
      for (;;) {
        const batch = await store.readAll({ after, maxCount: 1000 });
        if (batch.length === 0) return count;
        count += batch.length;
        after = batch[batch.length - 1]!.globalPosition;
      }
    },
    close: () => store.close(),
  };
}
