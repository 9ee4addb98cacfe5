import { useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import { graphql, LedgerApiError } from './graphql';
import { LedgerChange, LIVE_RECONNECTED, onLedgerChange } from './live';

export type QueryState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined; position: string | null }
  | { status: 'failed'; data?: undefined; error: LedgerApiError };

export interface LiveOptions {
  /** Refetch when the ledger records something (in the token's scope); false for the past. */
  live: boolean;
  /** Only notices about this project. */
  projectId?: string;
  /** Only notices this returns true for. */
  touches?: (change: LedgerChange) => boolean;
}

/**
 * Runs a query with the reader's token, and again (at most every 150 ms) while live notices
 * arrive. The last notice's position is kept so a page can say how fresh it is.
 */
export function useLedgerQuery<T>(
  query: string,
  variables: Record<string, unknown>,
  options: LiveOptions = { live: false },
): QueryState<T> {
  const { session } = useSession();
  const token = session?.token ?? '';
  const key = JSON.stringify(variables);
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const position = useRef<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    graphql<T>(token, query, JSON.parse(key) as Record<string, unknown>, {
      reuse: tick === 0,
    }).then(
      (data) => {
        if (!cancelled) setState({ status: 'ready', data, position: position.current });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState({
          status: 'failed',
          error:
            error instanceof LedgerApiError ? error : new LedgerApiError(String(error), 'NETWORK'),
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, query, key, tick]);

  const { live, projectId, touches } = options;
  const touchesRef = useRef(touches);
  touchesRef.current = touches;
  useEffect(() => {
    if (!live || !token) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = onLedgerChange(token, projectId ? { projectId } : {}, (change) => {
      if (touchesRef.current && !touchesRef.current(change)) return;
      position.current = change.position;
      if (timer === undefined)
        timer = setTimeout(() => {
          timer = undefined;
          setTick((n) => n + 1);
        }, 150);
    });
    const reconnected = () => setTick((n) => n + 1);
    window.addEventListener(LIVE_RECONNECTED, reconnected);
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      window.removeEventListener(LIVE_RECONNECTED, reconnected);
      stop();
    };
  }, [live, token, projectId]);

  return state;
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
