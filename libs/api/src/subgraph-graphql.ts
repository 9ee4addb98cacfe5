import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule } from '@nestjs/common';
import { BuildSchemaOptions, GraphQLModule } from '@nestjs/graphql';
import { TOKEN_VERIFIER, TokenVerifier } from '@ledger/auth';
import { hardenedApolloOptions } from './hardening/apollo-hardening';
import { authenticatedContext } from './graphql-http';

/** What a service's subgraph schema is built from, beside its module's resolvers. */
export interface SubgraphSchema {
  /**
   * The class the service's GraphQL types name in `registerIn`. Standalone mode holds every
   * service's classes in one process-wide registry, and several services declare a type of
   * the same name (the `Project` entity, each with its own fields): each subgraph's schema is
   * built from its own module's resolvers and the types registered here only, a code-first
   * build of its own exactly as in its own process.
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  registeredIn: Function;
  /** Entities the service adds fields to but that none of its root fields return. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
}

function schemaOf(schema: SubgraphSchema): BuildSchemaOptions {
  const options: BuildSchemaOptions & { includeModules: Array<SubgraphSchema['registeredIn']> } = {
    includeModules: [schema.registeredIn],
    orphanedTypes: schema.entities,
  };
  return options;
}

/**
 * One service's GraphQL endpoint, a Federation 2 subgraph: in distributed mode the only one
 * of its process, in standalone mode one of three behind the gateway. It is hardened like
 * the gateway because it can be reached directly.
 */
export function subgraphGraphQLModule(options: {
  path: string;
  /** The service's module: only its resolvers serve this endpoint. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  module: Function;
  schema: SubgraphSchema;
}): DynamicModule {
  const hardened = hardenedApolloOptions();
  return GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
    driver: ApolloFederationDriver,
    inject: [TOKEN_VERIFIER],
    useFactory: (verifier: TokenVerifier): ApolloFederationDriverConfig => ({
      ...hardened,
      autoSchemaFile: { federation: 2 },
      sortSchema: true,
      path: options.path,
      // Resolvers come from `module`...
      include: [options.module],
      // ...and types from `schema` (and the libraries' shared ones, e.g. PageInfo, registered
      // nowhere). Nest filters types by `includeModules`, which its plain driver derives from
      // `include` but its federation driver (13.4.5) does not pass on: given here.
      buildSchemaOptions: schemaOf(options.schema),
      // The token is verified before anything runs, as at the gateway: a request without a
      // valid one is a 401 here too, not a 200 with a null field.
      context: authenticatedContext(verifier),
      // The auth guard also runs on field resolvers: entity fields reached through _entities
      // have no root field whose decision they could inherit.
      fieldResolverEnhancers: ['guards'],
      // Traces go to Apollo's hosted studio, which this deployment does not use.
      plugins: [ApolloServerPluginInlineTraceDisabled(), ...(hardened.plugins ?? [])],
      // Nest's driver resets an executed request's status to 200; a database out of reach
      // must stay the 503 that unavailablePlugin sets (no other execution error sets one).
      preserveHttpStatusForExecutionErrors: false,
      playground: false,
      // Apollo's page loads GraphiQL from a CDN; the explorer is the host's own, at /graphql.
      graphiql: false,
    }),
  });
}
