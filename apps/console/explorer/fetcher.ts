import type { GraphiQLProps } from 'graphiql';
import { getIntrospectionQuery, getOperationAST, OperationTypeNode, parse } from 'graphql';
import { Client, createClient } from 'graphql-ws';

type Fetcher = GraphiQLProps['fetcher'];
type FetcherParams = Parameters<Fetcher>[0];
type FetcherOptions = Parameters<Fetcher>[1];
type Result = Record<string, unknown>;

/** The name GraphiQL is told to give its introspection (GraphiQL's introspectionQueryName). */
export const INTROSPECTION_NAME = 'LedgerExplorerIntrospection';
/**
 * graphql-js's introspection follows wrapped types nine levels down (15 fields deep), past the
 * API's depth limit of 10 (libs/api/src/hardening/query-limits.ts), which refuses it. Four
 * levels hold every type of the schema ([X!]! needs three) and stay within the limit.
 */
const INTROSPECTION = getIntrospectionQuery({ typeDepth: 4, inputValueDeprecation: true });

/**
 * What the explorer sends: POST /graphql on this origin (never a URL of another host), the
 * token as a bearer header, and subscriptions over graphql-ws on the same path, as the
 * console's own client does (apps/console/src/api/live.ts). Headers typed into the editor are
 * sent too; an Authorization typed there wins over the token field.
 */
export function ledgerFetcher(token: string): { fetcher: Fetcher; dispose: () => void } {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let socket: Client | null = null;
  const subscriptions = () =>
    (socket ??= createClient({
      url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`,
      connectionParams: authorization,
      lazy: true,
    }));

  const fetcher: Fetcher = (asked: FetcherParams, options?: FetcherOptions) => {
    const params: FetcherParams =
      asked.operationName === INTROSPECTION_NAME
        ? { query: INTROSPECTION, operationName: 'IntrospectionQuery' }
        : asked;
    if (isSubscription(params, options)) {
      return results(
        subscriptions().iterate({
          query: params.query,
          operationName: params.operationName ?? null,
          variables: (params.variables as Record<string, unknown> | undefined) ?? {},
        }),
      );
    }
    return post(params, { ...authorization, ...headerStrings(options?.headers) });
  };
  return { fetcher, dispose: () => void socket?.dispose() };
}

/** Each notice as GraphiQL shows it: the JSON the server sent (its errors are not thrown). */
async function* results(source: AsyncIterable<object>): AsyncGenerator<Result> {
  for await (const result of source) yield result as Result;
}

async function post(params: FetcherParams, headers: Record<string, string>): Promise<Result> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Result;
  } catch {
    // Shown in the response pane as the server said it, not as a parse error of ours.
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

function isSubscription(params: FetcherParams, options: FetcherOptions): boolean {
  try {
    const document = options?.documentAST ?? parse(params.query);
    return (
      getOperationAST(document, params.operationName ?? undefined)?.operation ===
      OperationTypeNode.SUBSCRIPTION
    );
  } catch {
    return false;
  }
}

function headerStrings(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    // The headers editor holds JSON: a header's value is a string, a number or a boolean.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      out[name.toLowerCase()] = String(value);
  }
  return out;
}
