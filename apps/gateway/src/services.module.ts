import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthConfig, AuthModule } from '@ledger/auth';
import { GraphQLErrorFilter, subgraphGraphQLModule } from '@ledger/api';
import { EventStoreConfig, EventStoreModule } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { AsOfModule, ReadModelModule } from '@ledger/event-sourcing';
import { AuditModule, AUDIT_SCHEMA } from '../../audit/src/audit.module';
import { PlanningModule, PLANNING_SCHEMA } from '../../planning/src/planning.module';
import { PlanningOptions } from '../../planning/src/planning.options';
import { Clock } from '@ledger/domain-kernel';
import { ReportingModule, REPORTING_SCHEMA } from '../../reporting/src/reporting.module';
import { ReportingOptions } from '../../reporting/src/reporting.options';
import { AssessmentModule, ASSESSMENT_SCHEMA } from '../../assessment/src/assessment.module';
import { AssessmentOptions } from '../../assessment/src/assessment.options';
import { subgraphPath } from './subgraphs';

export interface ServicesOptions {
  store: EventStoreConfig;
  planning: PlanningOptions;
  reporting: ReportingOptions;
  assessment: AssessmentOptions;
  auth: AuthConfig;
  /**
   * The ledger's clock: deadlines, risk checks, scores, as-of bounds and (when set by
   * LEDGER_CLOCK, ledgerClockFromEnv) the store's recorded time. The system clock (Beijing)
   * unless the host or a test sets one.
   */
  clock?: Clock;
  readModelDatabaseUrl?: string;
}

/**
 * The services in one process, each behind its own subgraph endpoint
 * (/subgraphs/<name>/graphql), exactly as each serves itself in distributed mode. The
 * supergraph is composed from these (npm run supergraph).
 */
@Module({})
export class ServicesModule {
  static forRoot(options: ServicesOptions): DynamicModule {
    const planning = PlanningModule.forRoot(options.planning);
    const reporting = ReportingModule.forRoot(options.reporting, options.clock);
    const assessment = AssessmentModule.forRoot(options.assessment, options.clock);
    return {
      module: ServicesModule,
      imports: [
        EventStoreModule.forRoot(options.store, {
          versioning: LEDGER_EVENT_VERSIONS,
          ...(options.clock?.setting ? { clock: options.clock.setting } : {}),
        }),
        ReadModelModule.forRoot(
          options.readModelDatabaseUrl ? { separateDatabaseUrl: options.readModelDatabaseUrl } : {},
        ),
        AuthModule.forRoot(options.auth),
        AsOfModule.forRoot(options.store),
        CqrsModule.forRoot(),
        planning,
        reporting,
        assessment,
        subgraphGraphQLModule({
          path: subgraphPath('planning'),
          module: PlanningModule,
          schema: PLANNING_SCHEMA,
        }),
        subgraphGraphQLModule({
          path: subgraphPath('reporting'),
          module: ReportingModule,
          schema: REPORTING_SCHEMA,
        }),
        subgraphGraphQLModule({
          path: subgraphPath('assessment'),
          module: AssessmentModule,
          schema: ASSESSMENT_SCHEMA,
        }),
        AuditModule,
        subgraphGraphQLModule({
          path: subgraphPath('audit'),
          module: AuditModule,
          schema: AUDIT_SCHEMA,
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorFilter }],
    };
  }
}
