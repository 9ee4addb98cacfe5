/**
 * The console's one way to the ledger: POST /graphql on its own origin with the reader's
 * token. Errors keep the API's code (FORBIDDEN, BAD_USER_INPUT, ...) so pages can say why.
 */
export class LedgerApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/**
 * Requests in flight, and answers of the last moments, by token, query and variables: a page
 * asks early for what a part of it will need (prefetch), and the part, mounting a moment
 * later, takes that answer instead of asking again. Only a first load may reuse an answer;
 * a refetch (a live notice, a reconnect) always asks the ledger.
 */
const recent = new Map<string, { at: number; answer: Promise<unknown> }>();
const REUSE_MS = 3_000;

export function graphql<T>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { reuse?: boolean } = {},
): Promise<T> {
  const key = `${token}\n${query}\n${JSON.stringify(variables)}`;
  const now = Date.now();
  for (const [k, entry] of recent) if (now - entry.at > REUSE_MS) recent.delete(k);
  const known = recent.get(key);
  if (options.reuse && known) return known.answer as Promise<T>;
  const answer = request<T>(token, query, variables);
  recent.set(key, { at: now, answer });
  answer.catch(() => recent.delete(key));
  return answer;
}

async function request<T>(
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new LedgerApiError(`HTTP ${response.status}`, 'HTTP_ERROR');
  }
  const first = body.errors?.[0];
  if (first) throw new LedgerApiError(first.message, first.extensions?.code ?? 'INTERNAL');
  if (!body.data) throw new LedgerApiError(`HTTP ${response.status}: no data`, 'HTTP_ERROR');
  return body.data;
}
