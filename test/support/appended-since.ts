import type { EventStore } from '@ledger/event-store';

/**
 * What was appended after `head`, as `<stream> <type>`, but for the ledger's own reactions:
 * assessment's risk flags and scores follow earlier facts on their own time and may land
 * while a refused request is answered. A refusal must leave this empty.
 */
export async function appendedSince(store: EventStore, head: bigint | null): Promise<string[]> {
  const since = await store.readAll({ ...(head === null ? {} : { after: head }), maxCount: 1000 });
  return since
    .filter((e) => !e.streamId.startsWith('risk-flags-') && e.type !== 'AssessmentScored')
    .map((e) => `${e.streamId} ${e.type}`);
}
