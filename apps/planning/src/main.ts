import 'reflect-metadata';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLErrorFilter } from '@ledger/api';
import { ReadModelModule } from '@ledger/event-sourcing';
import { EventStoreModule, eventStoreConfigFromEnv } from '@ledger/event-store';
import { PlanningModule } from './planning.module';
import { planningOptionsFromEnv } from './planning.options';

/** Distributed mode: the planning service alone, as a Federation 2 subgraph. */
@Module({})
class PlanningSubgraph {
  static forRoot(): DynamicModule {
    const readModelUrl = process.env.READ_MODEL_DATABASE_URL;
    return {
      module: PlanningSubgraph,
      imports: [
        EventStoreModule.forRoot(eventStoreConfigFromEnv()),
        ReadModelModule.forRoot(readModelUrl ? { separateDatabaseUrl: readModelUrl } : {}),
        CqrsModule.forRoot(),
        PlanningModule.forRoot(planningOptionsFromEnv()),
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

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(PlanningSubgraph.forRoot());
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? '4001'), process.env.HOST ?? '127.0.0.1');
  Logger.log(`planning subgraph on ${await app.getUrl()}/graphql`, 'Bootstrap');
}

void bootstrap();
