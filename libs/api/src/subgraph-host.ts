import 'reflect-metadata';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { ReadModelModule } from '@ledger/event-sourcing';
import { EventStoreModule, eventStoreConfigFromEnv } from '@ledger/event-store';
import { ProjectionFeedsModule, projectionSourceFromEnv } from '@ledger/messaging';
import { GraphQLErrorFilter } from './graphql-error.filter';

/** Distributed mode: one service alone, as a Federation 2 subgraph over the shared store. */
@Module({})
class SubgraphHost {
  static forRoot(name: string, feature: DynamicModule): DynamicModule {
    const readModelUrl = process.env.READ_MODEL_DATABASE_URL;
    return {
      module: SubgraphHost,
      imports: [
        EventStoreModule.forRoot(eventStoreConfigFromEnv()),
        ReadModelModule.forRoot(readModelUrl ? { separateDatabaseUrl: readModelUrl } : {}),
        // PROJECTION_SOURCE=kafka: read models consume the topics instead of the store.
        ProjectionFeedsModule.forRoot(projectionSourceFromEnv(), `progress-ledger-${name}`),
        CqrsModule.forRoot(),
        feature,
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          sortSchema: true,
          context: ({ req }: { req: unknown }) => ({ req }),
          plugins: [ApolloServerPluginInlineTraceDisabled()],
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorFilter }],
    };
  }
}

export async function serveSubgraph(
  name: string,
  feature: DynamicModule,
  port: number,
): Promise<void> {
  const app = await NestFactory.create(SubgraphHost.forRoot(name, feature));
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? String(port)), process.env.HOST ?? '127.0.0.1');
  Logger.log(`${name} subgraph on ${await app.getUrl()}/graphql`, 'Bootstrap');
}
