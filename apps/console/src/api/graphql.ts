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

export async function graphql<T>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
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
