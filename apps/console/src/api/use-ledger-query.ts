import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import { graphql, LedgerApiError } from './graphql';
import { LedgerChange, LIVE_RECONNECTED, onLedgerChange } from './live';

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | {
      status: 'ready';
      data: T;
      /** A refetch failed: `data` is the last answer, and this says why it is not newer. */
      error?: LedgerApiError;
      position: string | null;
    }
  | { status: 'failed'; data?: undefined; error: LedgerApiError };

export interface LiveOptions {
  /** Refetch when the ledger records something (in the token's scope); false for the past. */
  live: boolean;
  /** Only notices about this project. */
  projectId?: string;
  /** Only notices this returns true for. */
  touches?: (change: LedgerChange) => boolean;
}

/** How soon after a notice a view asks again, and once more for read models still behind. */
const REFETCH_AFTER_MS = 150;
const FOLLOW_UP_AFTER_MS = 1_500;

/**
 * Runs a query with the reader's token, and again while live notices arrive: 150 ms after the
 * first notice of a burst (so at most one request per 150 ms), and once more 1.5 s after the
 * last, for a read model that had not applied the event yet (a notice is sent when the event
 * is stored, and the views' read models follow on their own time). The state belongs to one request: when the query
 * or its variables change, the page shows loading, never the old answer under a new heading.
 */
export function useLedgerQuery<T>(
  query: string,
  variables: Record<string, unknown>,
  options: LiveOptions = { live: false },
): QueryState<T> {
  const { session } = useSession();
  const token = session?.token ?? '';
  const key = JSON.stringify(variables);
  const requestKey = `${token}\n${query}\n${key}`;
  const [state, setState] = useState<{ key: string; value: QueryState<T> }>({
    key: requestKey,
    value: { status: 'loading' },
  });
  const [tick, setTick] = useState(0);
  const position = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    graphql<T>(token, query, JSON.parse(key) as Record<string, unknown>, {
      reuse: tick === 0,
    }).then(
      (data) => {
        if (!cancelled)
          setState({
            key: requestKey,
            value: { status: 'ready', data, position: position.current },
          });
      },
      (problem: unknown) => {
        if (cancelled) return;
        const error =
          problem instanceof LedgerApiError
            ? problem
            : new LedgerApiError(String(problem), 'NETWORK');
        // A failed refetch keeps what the page already shows, and says why it is not newer.
        setState((previous) =>
          previous.key === requestKey && previous.value.status === 'ready'
            ? { key: requestKey, value: { ...previous.value, error } }
            : { key: requestKey, value: { status: 'failed', error } },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, query, key, tick, requestKey]);

  const { live, projectId, touches } = options;
  const touchesRef = useRef(touches);
  touchesRef.current = touches;
  useEffect(() => {
    if (!live || !token) return;
    let soon: ReturnType<typeof setTimeout> | undefined;
    let followUp: ReturnType<typeof setTimeout> | undefined;
    const refetch = () => setTick((n) => n + 1);
    const stop = onLedgerChange(token, projectId ? { projectId } : {}, (change) => {
      if (touchesRef.current && !touchesRef.current(change)) return;
      position.current = change.position;
      soon ??= setTimeout(() => {
        soon = undefined;
        refetch();
      }, REFETCH_AFTER_MS);
      if (followUp !== undefined) clearTimeout(followUp);
      followUp = setTimeout(refetch, FOLLOW_UP_AFTER_MS);
    });
    window.addEventListener(LIVE_RECONNECTED, refetch);
    return () => {
      if (soon !== undefined) clearTimeout(soon);
      if (followUp !== undefined) clearTimeout(followUp);
      window.removeEventListener(LIVE_RECONNECTED, refetch);
      stop();
    };
  }, [live, token, projectId]);

  return state.key === requestKey ? state.value : { status: 'loading' };
}

/** Starts a query now that a part of the page will run once it mounts (see graphql's reuse). */
export function usePrefetch(query: string, variables: Record<string, unknown>): void {
  const { session } = useSession();
  const token = session?.token ?? '';
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (token)
      void graphql(token, query, JSON.parse(key) as Record<string, unknown>, { reuse: true }).catch(
        () => undefined,
      );
  }, [token, query, key]);
}
