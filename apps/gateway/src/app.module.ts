import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { EventStoreConfig, EventStoreModule } from '@ledger/event-store';
import { LedgerStatusResolver } from './status/ledger-status.resolver';

/**
 * Standalone mode: one process, one GraphQL endpoint. The planning, reporting and
 * assessment services mount here as they are built.
 */
@Module({})
export class AppModule {
  static forRoot(store: EventStoreConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot(store),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
        }),
      ],
      providers: [LedgerStatusResolver],
    };
  }
}
