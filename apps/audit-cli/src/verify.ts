/**
 * `verify`: the library's verifyChain over the scope the auditor names. A project is not
 * one stream but several (its planning stream, its dispatch reports, its risk flags), so
 * it is checked stream by stream, each under the same rules.
 */
import { ChainBreak, ChainVerification, EventStore, verifyChain } from '@ledger/event-store';
import { riskFlagStreamId } from '../../assessment/src/risk/domain/risk-flags';
import { projectStreamId } from '../../planning/src/project/domain/project-id';
import { ProjectId } from '../../planning/src/project/domain/project-id';
import { dispatchReportStreamId } from '../../reporting/src/dispatch-report/domain/dispatch-report.decider';
import { VerifyScope } from './args';

/** Events per read. Larger than the library's default: fewer round trips on a long log. */
export const VERIFY_PAGE = 5000;

export interface VerifyOutcome {
  checked: number;
  firstBroken: ChainBreak | null;
  /** The streams looked at (for a project); empty for the whole log. */
  streams: string[];
  /** The last event checked, to keep as an anchor for the next verification. */
  last: ChainVerification['last'];
}

export interface VerifyProgress {
  checked: number;
  /** Positions (log) or versions (streams) covered, out of `total`. */
  done: bigint;
  total: bigint;
}

/** The streams a project's history is kept in, across the three services. */
export function projectStreams(projectId: string): string[] {
  return [
    projectStreamId(projectId as ProjectId),
    dispatchReportStreamId(projectId),
    riskFlagStreamId('project', projectId),
  ];
}

export async function verifyScope(
  store: EventStore,
  scope: VerifyScope,
  onProgress?: (progress: VerifyProgress) => void,
): Promise<VerifyOutcome> {
  if (scope.kind === 'all') {
    const total = (await store.headPosition()) ?? 0n;
    const result = await verifyChain(store, 'all', {
      pageSize: VERIFY_PAGE,
      onProgress: (p) =>
        onProgress?.({ checked: p.checked, done: p.globalPosition ?? 0n, total: total }),
    });
    return { ...result, streams: [] };
  }
  const streams = scope.kind === 'stream' ? [scope.streamId] : projectStreams(scope.projectId);
  // Each stream's length up front, so the bar covers the whole scope, not one stream at a time.
  const lengths: bigint[] = [];
  for (const streamId of streams) {
    const [head] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    lengths.push(head === undefined ? 0n : head.streamVersion + 1n);
  }
  const total = lengths.reduce((a, b) => a + b, 0n);
  let checked = 0;
  let before = 0n;
  let last: ChainVerification['last'] = null;
  const present: string[] = [];
  for (const [i, streamId] of streams.entries()) {
    if (lengths[i] === 0n) continue;
    present.push(streamId);
    const result = await verifyChain(
      store,
      { streamId },
      {
        pageSize: VERIFY_PAGE,
        onProgress: (p) =>
          onProgress?.({ checked: checked + p.checked, done: before + BigInt(p.checked), total }),
      },
    );
    checked += result.checked;
    last = result.last ?? last;
    if (result.firstBroken) {
      return { checked, firstBroken: result.firstBroken, streams: present, last };
    }
    before += lengths[i]!;
  }
  return { checked, firstBroken: null, streams: present, last };
}

export function describeBreak(broken: ChainBreak): string {
  return (
    `BROKEN: stream ${broken.streamId}, version ${broken.streamVersion}, ` +
    `global position ${broken.globalPosition ?? 'none (event missing)'}: ${broken.reason} (${broken.detail})`
  );
}
