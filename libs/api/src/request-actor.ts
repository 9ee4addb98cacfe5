import { AuthContext, Principal, actorOf, principalOf } from '@ledger/auth';

/** The GraphQL context: the Express request and the principal the auth guard checked. */
export type GraphQLContext = AuthContext;

/** Who sends a command, as every event records it: role, unit and the token's subject. */
export async function requestActor(context: GraphQLContext): Promise<string> {
  return actorOf(await principalOf(context));
}

export function requestPrincipal(context: GraphQLContext): Promise<Principal> {
  return principalOf(context);
}
