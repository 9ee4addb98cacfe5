import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { rolesFor } from './operation-policy';
import { Principal } from './principal';
import { forbidden } from './project-scope';
import { TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/** The GraphQL context every resolver sees: the HTTP request and, once checked, who sent it. */
export interface AuthContext {
  req: { headers: Record<string, string | string[] | undefined> };
  principal?: Promise<Principal>;
}

/**
 * Every root field of every subgraph passes here: the token is verified (once per request)
 * and the operation's policy consulted. A subgraph reached directly checks exactly what the
 * gateway checks; nested fields inherit their root's decision.
 */
@Injectable()
export class GraphQLAuthGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const parent = info.parentType.name;
    if (parent !== 'Query' && parent !== 'Mutation') return true;
    const ctx = gql.getContext<AuthContext>();
    ctx.principal ??= this.verifier.verify(ctx.req.headers.authorization);
    const principal = await ctx.principal;
    const operation = `${parent}.${info.fieldName}`;
    const roles = rolesFor(operation);
    if (!roles) throw forbidden(`${operation} has no access policy: refused`);
    if (!roles.includes(principal.role)) {
      throw forbidden(`the ${principal.role} role may not use ${operation}`);
    }
    return true;
  }
}

/** The principal of a request that passed the guard. */
export async function principalOf(ctx: AuthContext): Promise<Principal> {
  if (!ctx.principal) throw forbidden('no principal: the request did not pass the auth guard');
  return ctx.principal;
}
