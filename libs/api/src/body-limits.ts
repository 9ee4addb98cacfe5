import { json } from 'body-parser';
import { NestExpressApplication } from '@nestjs/platform-express';

/** Larger bodies are refused before any parsing: no GraphQL request of ours comes near. */
export const REQUEST_BODY_LIMIT = '256kb';

/**
 * What a subgraph accepts. The gateway forwards a client's variables with the query plan's
 * own text, so a request just under the client's limit arrives larger: a subgraph that
 * refused it would turn a valid request into a fault at the gateway.
 */
export const SUBGRAPH_BODY_LIMIT = '512kb';
/** The same limit in bytes, for a subgraph request that does not pass the body parser. */
export const SUBGRAPH_BODY_LIMIT_BYTES = 512 * 1024;

/** A process that only clients reach: the gateway alone. */
export function useClientBodyLimit(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
}

/** A subgraph alone: the gateway, or a client directly, reaches it. */
export function useSubgraphBodyLimit(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: SUBGRAPH_BODY_LIMIT });
}

/** Standalone: subgraphs under `subgraphPrefix` take what the gateway forwards. */
export function useStandaloneBodyLimits(app: NestExpressApplication, subgraphPrefix: string): void {
  // Registered first: a body it parsed is not parsed again by the general parser.
  app.use(subgraphPrefix, json({ limit: SUBGRAPH_BODY_LIMIT }));
  useClientBodyLimit(app);
}
