import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TOKEN_VERIFIER, TokenVerifier } from '@ledger/auth';
import { authenticatedContext, hardenedApolloOptions } from '@ledger/api';
import { gatewayMetricsPlugin } from '@ledger/observability';
import { LiveModule } from '../live/live.module';
import { SUBGRAPHS, SubgraphName, subgraphPath } from '../subgraphs';
import { keepAliveFetcher } from './http-fetcher';
import { InProcessSubgraphs, inProcessFetcher } from './in-process-fetcher';
import { GatewayContext, SubgraphDataSource, SubgraphLocation } from './subgraph-data-source';
import { loadSupergraph } from './supergraph-file';

export type SubgraphLocator = (name: SubgraphName) => SubgraphLocation;

/** Standalone: every subgraph is served by this process beside the gateway. */
export const onThisServer: SubgraphLocator = (name) => ({ pathOnThisServer: subgraphPath(name) });

/**
 * The one endpoint supervisors use: the checked-in supergraph (composed at build time, never
 * by live introspection), query plans over the subgraphs, the caller's token verified here
 * first and forwarded so that each subgraph verifies it again and authorises.
 */
@Module({})
export class GatewayModule {
  static forRoot(locate: SubgraphLocator): DynamicModule {
    const supergraphSdl = loadSupergraph();
    const hardened = hardenedApolloOptions();
    const names = new Set<string>(SUBGRAPHS);
    let inProcess: InProcessSubgraphs | undefined;
    return {
      module: GatewayModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          inject: [TOKEN_VERIFIER, ModulesContainer],
          useFactory: (
            verifier: TokenVerifier,
            modules: ModulesContainer,
          ): ApolloGatewayDriverConfig => ({
            server: {
              ...hardened,
              path: '/graphql',
              // Refused here already: a request without a valid token costs no query plan.
              context: authenticatedContext<NonNullable<GatewayContext['req']>>(verifier),
              plugins: [
                ApolloServerPluginInlineTraceDisabled(),
                gatewayMetricsPlugin(),
                ...(hardened.plugins ?? []),
              ],
              // Nest's driver resets an executed request's status to 200; a database out of reach
              // must stay the 503 that unavailablePlugin sets (no other execution error sets one).
              preserveHttpStatusForExecutionErrors: false,
              playground: false,
              graphiql: false, // its page loads from a CDN; console-host serves the explorer
            },
            gateway: {
              supergraphSdl,
              buildService: ({ name }) => {
                if (!names.has(name))
                  throw new Error(`the supergraph names an unknown subgraph ${name}`);
                const location = locate(name as SubgraphName);
                if (!('pathOnThisServer' in location)) return new SubgraphDataSource(location);
                // A subgraph of this very process is called in process; HTTP stays the way
                // to one not found there.
                inProcess ??= new InProcessSubgraphs(modules);
                return new SubgraphDataSource(
                  location,
                  inProcessFetcher(inProcess, keepAliveFetcher()),
                );
              },
            },
          }),
        }),
        // Subscriptions on the same /graphql, served by the host itself.
        LiveModule,
      ],
    };
  }
}
