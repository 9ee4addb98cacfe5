import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { unavailableError } from '@ledger/api';
import { CORRELATION_HEADER, currentRequest } from '@ledger/observability/logging';
import { keepAliveFetcher } from './http-fetcher';

/** The incoming request as the gateway's context carries it. */
export interface GatewayContext {
  req?: {
    headers: Record<string, string | string[] | undefined>;
    socket?: { localAddress?: string; localPort?: number };
  };
}

/** Where a subgraph is: a fixed URL (distributed mode) or a path on this very server. */
export type SubgraphLocation = { url: string } | { pathOnThisServer: string };

/**
 * Forwards the caller's token unchanged: each subgraph verifies it again and decides for
 * itself. In standalone mode the subgraphs are served by the same process, addressed on the
 * port the request came in on: `fetcher` may hand such a request to the subgraph in process.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly location: SubgraphLocation,
    // Connections to the subgraph are kept alive: the default fetcher opens one per
    // request, and its connection set-up showed as tens of ms in the gateway's p99.
    fetcher: Fetcher = keepAliveFetcher(),
  ) {
    super({ url: 'url' in location ? location.url : 'http://127.0.0.1/', fetcher });
  }

  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const http = request.http;
    if (!http) return;
    // Health checks and loading carry no incoming request; typed loosely by the gateway.
    const ctx = context as GatewayContext;
    const authorization = ctx.req?.headers.authorization;
    const token = Array.isArray(authorization) ? authorization[0] : authorization;
    if (token) http.headers.set('authorization', token);
    // The subgraph logs under the same correlation id as the gateway.
    const correlationId = currentRequest()?.correlationId;
    if (correlationId) http.headers.set(CORRELATION_HEADER, correlationId);
    if ('pathOnThisServer' in this.location) {
      const socket = ctx.req?.socket;
      const address = socket?.localAddress ?? '127.0.0.1';
      const host = address.includes(':') ? `[${address}]` : address;
      // The request's own url is typed read-only but is the documented way to route it.
      Object.assign(http, {
        url: `http://${host}:${socket?.localPort ?? 4000}${this.location.pathOnThisServer}`,
      });
    }
  }

  /**
   * A subgraph answers 503 when its database is out of reach (UNAVAILABLE): the gateway
   * passes that on as the same retryable answer instead of a fault of its own.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status === 503) return unavailableError();
    return super.errorFromResponse(response);
  }
}
