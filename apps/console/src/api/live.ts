import { Client, createClient } from 'graphql-ws';

/**
 * Live updates through the one endpoint: a graphql-ws subscription on /graphql. The host
 * sends a notice for each event the ledger records within the token's scope; views refetch
 * what the notice touches (a notice carries no figures, so a view never shows a figure the
 * query path did not authorise).
 */
export interface LedgerChange {
  position: string;
  type: string;
  service: string | null;
  streamId: string;
  projectId: string | null;
  recordedAt: string;
}

export const LEDGER_CHANGED = `subscription LedgerChanged($projectId: String) {
  ledgerChanged(projectId: $projectId) { position type service streamId projectId recordedAt }
}`;

/** Window events: the socket came back after a drop; the host refused the reader's token. */
export const LIVE_RECONNECTED = 'ledger:live-reconnected';
export const LIVE_REFUSED = 'ledger:live-refused';

let shared: { token: string; client: Client } | null = null;

function clientFor(token: string): Client {
  if (shared?.token === token) return shared.client;
  void shared?.client.dispose();
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
  const client = createClient({
    url,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: Infinity,
    // 4403: the host refused the token or it expired; retrying with it cannot succeed.
    shouldRetry: (problem) => !(problem instanceof CloseEvent && problem.code === 4403),
    on: {
      // Notices are not replayed: after a reconnect, views refetch what they may have missed.
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) window.dispatchEvent(new Event(LIVE_RECONNECTED));
      },
      closed: (event) => {
        if (event instanceof CloseEvent && event.code === 4403)
          window.dispatchEvent(new CustomEvent(LIVE_REFUSED, { detail: event.reason }));
      },
    },
  });
  shared = { token, client };
  return client;
}

/** Calls `onChange` for each notice until the returned function is called. */
export function onLedgerChange(
  token: string,
  filter: { projectId?: string },
  onChange: (change: LedgerChange) => void,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  return clientFor(token).subscribe<{ ledgerChanged: LedgerChange }>(
    { query: LEDGER_CHANGED, variables: filter.projectId ? { projectId: filter.projectId } : {} },
    {
      next: (message) => {
        if (message.data) onChange(message.data.ledgerChanged);
      },
      error: onError,
      complete: () => undefined,
    },
  );
}
