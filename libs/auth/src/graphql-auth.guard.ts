import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { ENTITY_TYPES, ensureMayUse } from './operation-policy';
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
 * Every root field of every subgraph passes here, and every field a service resolves on an
 * entity (Project, Region, Department): the token is verified (once per request) and the
 * field's policy consulted. A subgraph reached directly checks exactly what the gateway
 * checks. Other nested fields inherit their root's decision. A reference resolver (how
 * federation's _entities finds an entity) only has the token verified here: it checks the
 * caller's scope itself, as the root field that finds the same entity does.
 */
@Injectable()
export class GraphQLAuthGuard implements CanActivate {
  constructor(@Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const args = context.getArgs<unknown[]>();
    // A reference resolver is called (representation, context, info), a field (parent, args, context, info).
    if (args.length === 3 && isResolveInfo(args[2])) {
      await this.principal(args[1] as AuthContext);
      return true;
    }
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const parent = info.parentType.name;
    if (parent !== 'Query' && parent !== 'Mutation' && !ENTITY_TYPES.has(parent)) return true;
    const principal = await this.principal(gql.getContext<AuthContext>());
    ensureMayUse(principal, `${parent}.${info.fieldName}`);
    return true;
  }

  private principal(ctx: AuthContext): Promise<Principal> {
    ctx.principal ??= this.verifier.verify(ctx.req.headers.authorization);
    return ctx.principal;
  }
}

function isResolveInfo(value: unknown): value is GraphQLResolveInfo {
  return (
    typeof value === 'object' && value !== null && 'parentType' in value && 'fieldName' in value
  );
}

/** The principal of a request that passed the guard. */
export async function principalOf(ctx: AuthContext): Promise<Principal> {
  if (!ctx.principal) throw forbidden('no principal: the request did not pass the auth guard');
  return ctx.principal;
}
