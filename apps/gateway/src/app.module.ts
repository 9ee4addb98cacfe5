import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLErrorFilter } from '@ledger/api';
import { GraphQLModule } from '@nestjs/graphql';
import { EventStoreConfig, EventStoreModule } from '@ledger/event-store';
import { AsOfModule, ReadModelModule } from '@ledger/event-sourcing';
import { PlanningModule } from '../../planning/src/planning.module';
import { PlanningOptions } from '../../planning/src/planning.options';
import { Clock } from '../../reporting/src/clock/clock';
import { ReportingModule } from '../../reporting/src/reporting.module';
import { ReportingOptions } from '../../reporting/src/reporting.options';
import { AssessmentModule } from '../../assessment/src/assessment.module';
import { AssessmentOptions } from '../../assessment/src/assessment.options';
import { CqrsModule } from '@nestjs/cqrs';
import { LedgerStatusResolver } from './status/ledger-status.resolver';
import { AuditModule } from '../../audit/src/audit.module';
import { ReportingAsOfResolver } from '../../reporting/src/as-of/reporting-as-of.graphql';
import { AssessmentAsOfResolver } from '../../assessment/src/as-of/assessment-as-of.graphql';

export interface StandaloneOptions {
  store: EventStoreConfig;
  planning: PlanningOptions;
  reporting: ReportingOptions;
  assessment: AssessmentOptions;
  /** Today's date for deadlines; the system clock (Beijing) unless a test sets one. */
  clock?: Clock;
  readModelDatabaseUrl?: string;
}

/**
 * Standalone mode: one process hosts every service and serves one GraphQL endpoint. The
 * schema is a Federation 2 subgraph, the same one each service serves on its own in
 * distributed mode, so a gateway can compose them unchanged.
 */
@Module({})
export class AppModule {
  static forRoot(options: StandaloneOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EventStoreModule.forRoot(options.store),
        ReadModelModule.forRoot(
          options.readModelDatabaseUrl ? { separateDatabaseUrl: options.readModelDatabaseUrl } : {},
        ),
        CqrsModule.forRoot(),
        PlanningModule.forRoot(options.planning),
        ReportingModule.forRoot(options.reporting, options.clock),
        AssessmentModule.forRoot(options.assessment, options.clock),
        AsOfModule.forRoot(options.store, options.clock),
        AuditModule,
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          sortSchema: true,
          path: '/graphql',
          context: ({ req }: { req: unknown }) => ({ req }),
          // Traces go to Apollo's hosted studio, which this deployment does not use.
          plugins: [ApolloServerPluginInlineTraceDisabled()],
        }),
      ],
      providers: [
        LedgerStatusResolver,
        ReportingAsOfResolver,
        AssessmentAsOfResolver,
        { provide: APP_FILTER, useClass: GraphQLErrorFilter },
      ],
    };
  }
}
