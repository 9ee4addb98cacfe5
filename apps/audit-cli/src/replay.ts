/**
 * Replays the log (or one stream) as NDJSON through the EventStore port, so it works on
 * every adapter. Memory stays flat however long the log: one page is written while the
 * next is read, and the writer waits for the output to drain before taking another.
 */
import { Writable } from 'node:stream';
import { EventStore, RecordedEvent } from '@ledger/event-store';
import { ReplaySource } from './args';

/** One NDJSON line, as parsed back: 64-bit numbers are decimal strings, times ISO-8601 UTC. */
export interface ReplayLine {
  globalPosition: string;
  streamId: string;
  streamVersion: string;
  eventId: string;
  type: string;
  recordedAt: string;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  /**
   * The schema version the data was stored at: a replay writes what is stored, exactly
   * what the chain hashes, never an upcast view of it.
   */
  schemaVersion: number;
  /** The event's link in its stream's hash chain, so an auditor can re-verify the file. */
  chain?: { hash: string; previousHash: string };
}

export function toReplayLine(event: RecordedEvent): ReplayLine {
  const line: ReplayLine = {
    globalPosition: event.globalPosition.toString(),
    streamId: event.streamId,
    streamVersion: event.streamVersion.toString(),
    eventId: event.eventId,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
    schemaVersion: event.schemaVersion,
  };
  if (event.chain) line.chain = { hash: event.chain.hash, previousHash: event.chain.previousHash };
  return line;
}

export interface ReplayOptions {
  source: ReplaySource;
  from?: Date;
  to?: Date;
  types?: readonly string[];
  /** Events per read; the store allows at most 10 000. */
  pageSize?: number;
  /** Called after every page is written: how far, out of how far this replay will go. */
  onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayProgress {
  /** Positions (log) or versions (stream) covered so far, from where the replay began. */
  done: bigint;
  total: bigint;
  /** Events read so far, matching or not. */
  scanned: number;
  written: number;
}

export interface ReplaySummary {
  /** Events written. */
  events: number;
  /** Events read, including those the filters left out. */
  scanned: number;
  bytes: number;
  seconds: number;
  /** What the replay covered: the log up to the head when it began, or the stream to its last version. */
  total: bigint;
}

export const DEFAULT_REPLAY_PAGE = 5000;

/**
 * Writes every selected event to `out` as one JSON line. Does not end `out`: the caller
 * owns it (stdout must stay open). The log is replayed up to its head when the replay
 * began, so a busy store cannot keep it running for ever; events appended meanwhile are
 * for the next replay (`--after` the last position written).
 */
export async function replayToNdjson(
  store: EventStore,
  out: Writable,
  options: ReplayOptions,
): Promise<ReplaySummary> {
  const started = performance.now();
  const pageSize = options.pageSize ?? DEFAULT_REPLAY_PAGE;
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;
  const from = options.from?.getTime() ?? null;
  const to = options.to?.getTime() ?? null;
  const keep = (event: RecordedEvent): boolean => {
    if (types && !types.has(event.type)) return false;
    const at = event.recordedAt.getTime();
    return (from === null || at >= from) && (to === null || at < to);
  };

  // An error the output reports between writes (EPIPE when the reader went away) must
  // stop the replay, not crash the process as an unhandled 'error' event.
  // (A holder, not a variable: the compiler cannot see a callback assign a local.)
  const output: { error: Error | null } = { error: null };
  const onError = (error: Error): void => {
    output.error = error;
  };
  out.on('error', onError);

  const source = await pagesOf(store, options.source, pageSize);
  let scanned = 0;
  let written = 0;
  let bytes = 0;
  try {
    for await (const page of source.pages) {
      if (output.error) throw output.error;
      let chunk = '';
      for (const event of page) {
        if (!keep(event)) continue;
        chunk += JSON.stringify(toReplayLine(event)) + '\n';
        written++;
      }
      scanned += page.length;
      if (chunk.length > 0) {
        bytes += Buffer.byteLength(chunk);
        // Backpressure: the next page waits until the output has taken this one.
        if (!out.write(chunk)) await drained(out);
      }
      const last = page[page.length - 1]!;
      options.onProgress?.({ done: source.done(last), total: source.total, scanned, written });
    }
    if (output.error) throw output.error;
  } finally {
    out.off('error', onError);
  }
  return {
    events: written,
    scanned,
    bytes,
    seconds: (performance.now() - started) / 1000,
    total: source.total,
  };
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    // Listeners removed whichever comes first: one wait per page must not pile them up.
    const settle = (error?: Error): void => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onError = (error: Error): void => settle(error);
    const onClose = (): void => settle(new Error('the output closed before the replay finished'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

interface PageSource {
  pages: AsyncGenerator<RecordedEvent[]>;
  total: bigint;
  done: (last: RecordedEvent) => bigint;
}

async function pagesOf(
  store: EventStore,
  source: ReplaySource,
  pageSize: number,
): Promise<PageSource> {
  if (source.kind === 'stream') {
    const streamId = source.streamId;
    const [head] = await store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    const lastVersion = head?.streamVersion ?? -1n;
    return {
      // Paging by version: the stream's next page starts after the last version read.
      pages: prefetched(
        0n,
        (last) => last.streamVersion + 1n,
        async (fromVersion) => {
          if (fromVersion > lastVersion) return [];
          const page = await store.readStream(streamId, { fromVersion, maxCount: pageSize });
          return page.filter((event) => event.streamVersion <= lastVersion);
        },
      ),
      total: lastVersion + 1n,
      done: (last) => last.streamVersion + 1n,
    };
  }
  const start = source.after ?? 0n;
  const head = (await store.headPosition()) ?? start;
  return {
    pages: prefetched(
      start,
      (last) => last.globalPosition,
      async (after) => {
        if (after >= head) return [];
        const page = await store.readAll({ after, maxCount: pageSize });
        return page.filter((event) => event.globalPosition <= head);
      },
    ),
    total: head > start ? head - start : 0n,
    done: (last) => last.globalPosition - start,
  };
}

/**
 * Pages in order, the next one already being read while the caller writes this one: the
 * store and the output work at the same time, and at most two pages are in memory.
 * `read(cursor)` returns the page at `cursor`; `next(lastEvent)` is the following cursor;
 * an empty page ends it.
 */
async function* prefetched(
  start: bigint,
  next: (last: RecordedEvent) => bigint,
  read: (cursor: bigint) => Promise<RecordedEvent[]>,
): AsyncGenerator<RecordedEvent[]> {
  let pending: Promise<RecordedEvent[]> | null = read(start);
  try {
    while (pending !== null) {
      const page: RecordedEvent[] = await pending;
      pending = null;
      if (page.length === 0) return;
      pending = read(next(page[page.length - 1]!));
      yield page;
    }
  } finally {
    // Stopped early (the output failed): the read in flight must not surface as an
    // unhandled rejection after the caller has already reported the real error.
    pending?.catch(() => undefined);
  }
}
