import { STATUS_CODES } from 'node:http';
import { ApolloServer, BaseContext, HeaderMap, HTTPGraphQLResponse } from '@apollo/server';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { ApolloFederationDriver } from '@nestjs/apollo';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { SUBGRAPH_BODY_LIMIT_BYTES } from '@ledger/api';
import { BufferedResponse } from './http-fetcher';

/**
 * What a subgraph's context function reads of the request: the guard the token, Nest the
 * request itself. Over HTTP it is Express's request; here the same headers, lower-cased as
 * Node gives them, the method, the path and the parsed body.
 */
export interface InProcessRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type ContextFunction = (argument: { req: InProcessRequest }) => Promise<BaseContext>;

/** A subgraph served by this process: its Apollo Server and the context Nest gives it. */
interface InProcessSubgraph {
  server: ApolloServer<BaseContext>;
  context: ContextFunction;
}

/**
 * The subgraphs this process serves, found by path among Nest's GraphQL modules once they
 * have started: each module's Apollo Server (its driver's `instance`) and the context
 * function Nest completed for it (`completeOptions.context`, the one its HTTP route calls).
 */
export class InProcessSubgraphs {
  private found: Map<string, InProcessSubgraph> | undefined;

  constructor(private readonly modules: ModulesContainer) {}

  at(path: string): InProcessSubgraph | undefined {
    return (this.found ??= this.scan())?.get(path);
  }

  private scan(): Map<string, InProcessSubgraph> | undefined {
    const found = new Map<string, InProcessSubgraph>();
    for (const module of this.modules.values()) {
      if (module.metatype !== GraphQLModule) continue;
      const graphql: unknown = module.instance;
      if (!(graphql instanceof GraphQLModule)) continue;
      const driver: unknown = graphql.graphQlAdapter;
      // The gateway's own module has another driver: only subgraphs are served in process.
      if (!(driver instanceof ApolloFederationDriver)) continue;
      const server = driver.instance as ApolloServer<BaseContext> | undefined;
      const options = graphql.completeOptions;
      const context: unknown = options?.context;
      const path = options?.path;
      if (!server || typeof path !== 'string' || typeof context !== 'function') continue;
      found.set(path, { server, context: context as ContextFunction });
    }
    // Looked for before the modules started (nothing to find yet): looked for again later.
    return found.size > 0 ? found : undefined;
  }
}

async function bodyOf(response: HTTPGraphQLResponse): Promise<string> {
  if (response.body.kind === 'complete') return response.body.string;
  let text = '';
  for await (const chunk of response.body.asyncIterator) text += chunk;
  return text;
}

/**
 * Standalone mode: a request for a subgraph of this process is handed to that subgraph's
 * Apollo Server directly, with the headers, method and body it would have received over
 * loopback HTTP, and answered with the status, headers and body it would have sent. The
 * subgraph's context, guard, plugins, limits and error formatting all run as over HTTP;
 * what is saved is the HTTP stack on both sides (about a third of a request's CPU in the
 * profile). A subgraph not found in process, a body over the subgraph's limit or a request
 * that is not a POST goes over HTTP (`overHttp`), exactly as before.
 */
export function inProcessFetcher(subgraphs: InProcessSubgraphs, overHttp: Fetcher): Fetcher {
  return async (url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> => {
    const target = new URL(url);
    const subgraph = subgraphs.at(target.pathname);
    const method = (init.method ?? 'GET').toUpperCase();
    const text = typeof init.body === 'string' ? init.body : (init.body?.toString('utf8') ?? '');
    if (!subgraph || method !== 'POST' || Buffer.byteLength(text) > SUBGRAPH_BODY_LIMIT_BYTES) {
      return overHttp(url, init);
    }
    const headers = new HeaderMap();
    const raw: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      headers.set(name, value);
      raw[name.toLowerCase()] = value;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // Refused by the subgraph's body parser, as over HTTP.
      return overHttp(url, init);
    }
    const req: InProcessRequest = {
      method,
      url: target.pathname + target.search,
      headers: raw,
      body,
    };
    // A fresh context per subgraph request, as over HTTP: per-request loaders are keyed on it.
    const response = await subgraph.server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: target.search, body },
      context: () => subgraph.context({ req }),
    });
    const status = response.status ?? 200;
    const answerHeaders = new Headers();
    for (const [name, value] of response.headers) answerHeaders.set(name, value);
    return new BufferedResponse(
      url,
      status,
      STATUS_CODES[status] ?? '',
      answerHeaders,
      await bodyOf(response),
    );
  };
}
