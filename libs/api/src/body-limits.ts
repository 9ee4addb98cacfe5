import { NestExpressApplication } from '@nestjs/platform-express';
import { graphqlRequestGate } from './graphql-http';

/**
 * Larger bodies are refused before any parsing. The largest request of ours is a bulk
 * mutation of 1,000 commands (a few hundred bytes each, a dispatch report with its words
 * in Chinese near 400): 1 MB holds one with room, and a client splits by size beyond it.
 */
export const REQUEST_BODY_LIMIT = '1mb';

/**
 * What a subgraph accepts. The gateway forwards a client's variables with the query plan's
 * own text, so a request just under the client's limit arrives larger: a subgraph that
 * refused it would turn a valid request into a fault at the gateway.
 */
export const SUBGRAPH_BODY_LIMIT = '2mb';
/** The same limit in bytes, for a subgraph request that does not pass the body parser. */
export const SUBGRAPH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** Where a process serves its GraphQL endpoint (the gateway's, or a subgraph's alone). */
export const GRAPHQL_PATH = '/graphql';

/**
 * A process that only clients reach: the gateway alone. Each of these parses the body of
 * its GraphQL endpoint with the endpoint's limit and answers what it refuses as the
 * endpoint's other errors are answered (graphql-http.ts).
 */
export function useClientBodyLimit(app: NestExpressApplication): void {
  app.use(GRAPHQL_PATH, graphqlRequestGate(REQUEST_BODY_LIMIT));
}

/** A subgraph alone: the gateway, or a client directly, reaches it. */
export function useSubgraphBodyLimit(app: NestExpressApplication): void {
  app.use(GRAPHQL_PATH, graphqlRequestGate(SUBGRAPH_BODY_LIMIT));
}

/** Standalone: subgraphs under `subgraphPrefix` take what the gateway forwards. */
export function useStandaloneBodyLimits(app: NestExpressApplication, subgraphPrefix: string): void {
  app.use(subgraphPrefix, graphqlRequestGate(SUBGRAPH_BODY_LIMIT));
  useClientBodyLimit(app);
}
