import { GraphQLError } from 'graphql';

/** The Express request as GraphQL context carries it. */
export interface GraphQLContext {
  req: { headers: Record<string, string | string[] | undefined> };
}

const ACTOR = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/**
 * Who sends a command. Until authentication lands (the gateway issue), the caller names
 * itself in the `x-actor` header; every event records it. No header, no command.
 */
export function requestActor(context: GraphQLContext): string {
  const header = context.req.headers['x-actor'];
  const actor = Array.isArray(header) ? header[0] : header;
  if (actor === undefined || !ACTOR.test(actor)) {
    throw new GraphQLError(
      'send an x-actor header naming who you are (letters, digits, . _ : @ -, at most 100)',
      { extensions: { code: 'UNAUTHENTICATED' } },
    );
  }
  return actor;
}
