import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { waitUntil } from '@ledger/testing';

/** The console's subscription, word for word (apps/console/src/api/live.ts). */
export const LEDGER_CHANGED = `subscription LedgerChanged($projectId: String) {
  ledgerChanged(projectId: $projectId) { position type service streamId projectId recordedAt }
}`;

export interface LedgerChange {
  position: string;
  type: string;
  service: string | null;
  streamId: string;
  projectId: string | null;
  recordedAt: string;
}

export interface Received extends LedgerChange {
  /** When this client got it, ms since the epoch. */
  receivedAt: number;
}

/** What one subscription heard: its notices, and how it ended if it did. */
export interface Listening {
  notices: Received[];
  errors: unknown[];
  stop(): void;
}

/** Real graphql-ws clients over `ws`, as a browser's would be; none retries. */
export class LiveClients {
  private readonly clients: Client[] = [];

  constructor(private readonly url: string) {}

  open(connectionParams: Record<string, unknown>): Client {
    const client = createClient({
      url: this.url,
      webSocketImpl: WebSocket,
      connectionParams,
      lazy: true,
      retryAttempts: 0,
    });
    this.clients.push(client);
    return client;
  }

  openWithToken(token: string): Client {
    return this.open({ authorization: `Bearer ${token}` });
  }

  async disposeAll(): Promise<void> {
    for (const client of this.clients.splice(0)) await Promise.resolve(client.dispose());
  }

  /** Forgets the clients without disposing them (their server has gone). */
  forget(): void {
    this.clients.splice(0);
  }
}

export function listen(on: Client, variables: { projectId?: string } = {}): Listening {
  const listening: Listening = { notices: [], errors: [], stop: () => undefined };
  listening.stop = on.subscribe<{ ledgerChanged: LedgerChange }>(
    { query: LEDGER_CHANGED, variables },
    {
      next: (message) => {
        if (message.data)
          listening.notices.push({ ...message.data.ledgerChanged, receivedAt: Date.now() });
        else listening.errors.push(message.errors);
      },
      error: (error) => listening.errors.push(error),
      complete: () => undefined,
    },
  );
  return listening;
}

export function heard(listening: Listening, position: string | null): boolean {
  return listening.notices.some((n) => n.position === position);
}

export function heardAt(listening: Listening, position: string | null): Promise<void> {
  return waitUntil(() => heard(listening, position), `a notice of @${position}`, {
    timeoutMs: 15_000,
    intervalMs: 2,
  });
}

/** The notices of one position, as the server sent them. */
export function noticesAt(listening: Listening, position: string | null): LedgerChange[] {
  return listening.notices
    .filter((n) => n.position === position)
    .map(({ receivedAt: _receivedAt, ...notice }) => notice);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}
