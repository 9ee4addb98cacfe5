import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { hardenedApolloOptions, isProduction } from './hardening/apollo-hardening';

/**
 * One service's GraphQL endpoint, a Federation 2 subgraph: in distributed mode the only one
 * of its process, in standalone mode one of three behind the gateway. It is hardened like
 * the gateway because it can be reached directly.
 */
export function subgraphGraphQLModule(options: {
  path: string;
  // Nest's `include` takes module classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  include?: Function[];
}): DynamicModule {
  const hardened = hardenedApolloOptions();
  return GraphQLModule.forRoot<ApolloFederationDriverConfig>({
    ...hardened,
    driver: ApolloFederationDriver,
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    path: options.path,
    ...(options.include ? { include: options.include } : {}),
    context: ({ req }: { req: unknown }) => ({ req }),
    // Traces go to Apollo's hosted studio, which this deployment does not use.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(hardened.plugins ?? [])],
    playground: false,
    graphiql: !isProduction(),
  });
}
