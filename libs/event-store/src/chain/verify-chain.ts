/**
 * Verifies the per-stream hash chain through the port, so it works on every adapter and
 * on a store the verifier did not write. Reads in pages and keeps a bounded number of
 * stream heads in memory, so memory stays flat however long the log.
 */
import { EventStore } from '../port/event-store';
import { RecordedEvent } from '../port/events';
import { GlobalPosition, StreamVersion } from '../port/ids';
import { contentHash, GENESIS_HASH, isHashHex, linkHash } from './hash-chain';

/** One stream, every stream whose id starts with a prefix (a project's streams), or the whole log. */
export type ChainScope = { streamId: string } | { streamPrefix: string } | 'all';

export type ChainBreakReason =
  /** The event's fields no longer produce the hash stored with it. */
  | 'content altered'
  /** The event does not follow the one before it: an event was deleted, inserted or moved,
   *  or the event before it was rewritten together with its hash. */
  | 'link broken (missing or reordered event)'
  /** The event carries no chain (written by something other than this library). */
  | 'hash missing'
  /** An event the caller had recorded earlier (an anchor) is gone or has another hash. */
  | 'anchor not matched';

export interface ChainBreak {
  streamId: string;
  /** Version of the event where the break shows; for a missing anchor, the anchored version. */
  streamVersion: StreamVersion;
  /** Null only when no event stands at that place any more (a missing anchor). */
  globalPosition: GlobalPosition | null;
  reason: ChainBreakReason;
  /** What was expected and what was found, for a human. */
  detail: string;
}

/** An event's place and hash: recorded from one verification, checked by a later one. */
export interface ChainAnchor {
  streamId: string;
  streamVersion: StreamVersion;
  hash: string;
}

export interface ChainProgress {
  checked: number;
  /** Position of the last event checked so far. */
  globalPosition: GlobalPosition | null;
}

export interface VerifyChainOptions {
  /** Events per read; defaults to 1000. */
  pageSize?: number;
  /** Called after every page. */
  onProgress?: (progress: ChainProgress) => void;
  /**
   * Events that must still be there unchanged. The chain alone cannot show that the last
   * events of a stream were deleted (nothing links to them): anchors recorded earlier
   * (e.g. `last` of an earlier run, or hashes published with the events) can.
   */
  anchors?: readonly ChainAnchor[];
  /** Stream heads kept in memory when checking many streams; defaults to 10 000. A stream
   *  pushed out costs one point read when it appears again. */
  headCacheSize?: number;
}

export interface ChainVerification {
  /** Events whose hash and link were checked. */
  checked: number;
  /** The first break found, in stream order for one stream, in log order otherwise; null when all hold. */
  firstBroken: ChainBreak | null;
  /** The last event checked: keep it as an anchor for the next verification. */
  last: (ChainAnchor & { globalPosition: GlobalPosition }) | null;
}

interface Head {
  version: StreamVersion;
  hash: string;
}

const DEFAULT_PAGE = 1000;
const DEFAULT_HEAD_CACHE = 10_000;

export async function verifyChain(
  store: EventStore,
  scope: ChainScope,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const result =
    scope !== 'all' && 'streamId' in scope
      ? await verifyStream(store, scope.streamId, pageSize, options.onProgress)
      : await verifyLog(
          store,
          scope === 'all' ? '' : scope.streamPrefix,
          pageSize,
          options.headCacheSize ?? DEFAULT_HEAD_CACHE,
          options.onProgress,
        );
  if (result.firstBroken === null) {
    for (const anchor of options.anchors ?? []) {
      const broken = await checkAnchor(store, anchor);
      if (broken) return { ...result, firstBroken: broken };
    }
  }
  return result;
}

async function verifyStream(
  store: EventStore,
  streamId: string,
  pageSize: number,
  onProgress: VerifyChainOptions['onProgress'],
): Promise<ChainVerification> {
  let checked = 0;
  let head: Head | null = null;
  let last: RecordedEvent | null = null;
  for (;;) {
    // Paging by version, not by count: a deleted row must not shift what the next page holds.
    const fromVersion: bigint = last === null ? 0n : last.streamVersion + 1n;
    const page = await store.readStream(streamId, { fromVersion, maxCount: pageSize });
    for (const event of page) {
      const broken = checkEvent(event, head);
      if (broken) return { checked, firstBroken: broken, last: anchorOf(last) };
      checked++;
      head = { version: event.streamVersion, hash: event.chain!.hash };
      last = event;
    }
    onProgress?.({ checked, globalPosition: last?.globalPosition ?? null });
    if (page.length < pageSize) return { checked, firstBroken: null, last: anchorOf(last) };
  }
}

async function verifyLog(
  store: EventStore,
  prefix: string,
  pageSize: number,
  headCacheSize: number,
  onProgress: VerifyChainOptions['onProgress'],
): Promise<ChainVerification> {
  let checked = 0;
  let after: GlobalPosition | undefined;
  let last: RecordedEvent | null = null;
  // Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  const heads = new Map<string, Head>();
  for (;;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return { checked, firstBroken: null, last: anchorOf(last) };
    for (const event of page) {
      after = event.globalPosition;
      if (!event.streamId.startsWith(prefix)) continue;
      let head = heads.get(event.streamId);
      if (head === undefined && event.streamVersion > 0n) {
        const before = await readPrevious(store, event);
        if ('break' in before) return { checked, firstBroken: before.break, last: anchorOf(last) };
        head = before.head;
      }
      const broken = checkEvent(event, head ?? null);
      if (broken) return { checked, firstBroken: broken, last: anchorOf(last) };
      checked++;
      heads.delete(event.streamId);
      heads.set(event.streamId, { version: event.streamVersion, hash: event.chain!.hash });
      if (heads.size > headCacheSize) heads.delete(heads.keys().next().value!);
      last = event;
    }
    onProgress?.({ checked, globalPosition: after ?? null });
  }
}

/**
 * The event before `event` in its stream, when it is not in memory. It sits earlier in
 * the log, so this pass has checked its own hash already: its stored hash is the link.
 */
async function readPrevious(
  store: EventStore,
  event: RecordedEvent,
): Promise<{ head: Head } | { break: ChainBreak }> {
  const wanted = event.streamVersion - 1n;
  const [previous] = await store.readStream(event.streamId, { fromVersion: wanted, maxCount: 1 });
  if (previous === undefined || previous.streamVersion !== wanted || !previous.chain) {
    return {
      break: breakAt(
        event,
        'link broken (missing or reordered event)',
        `version ${wanted} of the stream is missing`,
      ),
    };
  }
  return { head: { version: previous.streamVersion, hash: previous.chain.hash } };
}

/** `previous` is the stream's event before this one as checked, or null when this should be the first. */
function checkEvent(event: RecordedEvent, previous: Head | null): ChainBreak | null {
  const chain = event.chain;
  if (!chain || !isHashHex(chain.hash) || !isHashHex(chain.previousHash)) {
    return breakAt(event, 'hash missing', 'the event carries no valid chain hash');
  }
  const expectedVersion = previous === null ? 0n : previous.version + 1n;
  if (event.streamVersion !== expectedVersion) {
    return breakAt(
      event,
      'link broken (missing or reordered event)',
      `expected version ${expectedVersion} next, found version ${event.streamVersion}`,
    );
  }
  // Recomputed from the event's own fields and the previous hash it claims: a mismatch
  // means these fields are not the ones that were hashed at append time.
  const recomputed = linkHash(
    contentHash(event),
    chain.previousHash,
    event.recordedAt,
    event.streamVersion,
  );
  if (recomputed !== chain.hash) {
    return breakAt(
      event,
      'content altered',
      `stored hash ${chain.hash}, the event's fields hash to ${recomputed}`,
    );
  }
  const expectedPrevious = previous === null ? GENESIS_HASH : previous.hash;
  if (chain.previousHash !== expectedPrevious) {
    return breakAt(
      event,
      'link broken (missing or reordered event)',
      `chained to ${chain.previousHash}, but the event before it hashes to ${expectedPrevious}`,
    );
  }
  return null;
}

async function checkAnchor(store: EventStore, anchor: ChainAnchor): Promise<ChainBreak | null> {
  const [found] = await store.readStream(anchor.streamId, {
    fromVersion: anchor.streamVersion,
    maxCount: 1,
  });
  if (found?.streamVersion === anchor.streamVersion && found.chain?.hash === anchor.hash) {
    return null;
  }
  const exists = found?.streamVersion === anchor.streamVersion;
  return {
    streamId: anchor.streamId,
    streamVersion: anchor.streamVersion,
    globalPosition: exists ? found.globalPosition : null,
    reason: 'anchor not matched',
    detail: exists
      ? `anchored hash ${anchor.hash}, stored hash ${found.chain?.hash ?? 'none'}`
      : `the anchored event (version ${anchor.streamVersion}) is gone`,
  };
}

function breakAt(event: RecordedEvent, reason: ChainBreakReason, detail: string): ChainBreak {
  return {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    reason,
    detail,
  };
}

function anchorOf(event: RecordedEvent | null): ChainVerification['last'] {
  if (event === null || !event.chain) return null;
  return {
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    globalPosition: event.globalPosition,
    hash: event.chain.hash,
  };
}
