import type { EventStore } from '@ledger/event-store';

/** What the ledger records on its own: flags and scores, and the deadline watchers' records. */
const REACTIONS: ReadonlySet<string> = new Set([
  'AssessmentScored',
  'DispatchReportOverdue',
  'NetworkReportOverdue',
]);

/**
 * What was appended after `head`, as `<stream> <type>`, but for the ledger's own reactions:
 * assessment's risk flags and scores and the deadline watchers' overdue records follow
 * earlier facts on their own time, and may land while a refused request is answered. A refusal must leave this empty.
 */
export async function appendedSince(store: EventStore, head: bigint | null): Promise<string[]> {
  const since = await store.readAll({ ...(head === null ? {} : { after: head }), maxCount: 1000 });
  return since
    .filter((e) => !REACTIONS.has(e.type) && !e.streamId.startsWith('risk-flags-'))
    .map((e) => `${e.streamId} ${e.type}`);
}
