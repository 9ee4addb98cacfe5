import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { loadPrcCalendar } from './calendar/working-calendar';
import { CLOCK, Clock, systemClock } from '@ledger/domain-kernel';
import { CalendarDueDates } from './deadlines/calendar-due-dates';
import { DUE_DATES } from './deadlines/due-dates';
import { OverdueWatcher } from './reactions/record-overdue-reports';
import { NetworkReportOverdueWatcher } from './reactions/record-overdue-network-reports';
import {
  NETWORK_REPORT_DUE_DATES,
  NetworkReportDueDates,
} from './network-report/network-report-due-dates';
import { NetworkReportWriter } from './network-report/write/network-report-writer';
import { NetworkReportResolver } from './network-report/graphql/network-report.resolver';
import { ReportDeadlinesView } from './network-report/read-model/report-deadlines.view';
import { ExecuteDispatchReportCommandHandler } from './dispatch-report/write/execute-dispatch-report-command';
import { ExecuteDispatchReportCommandsHandler } from './dispatch-report/write/execute-dispatch-report-commands';
import { DispatchReportBatch } from './dispatch-report/write/dispatch-report-batch';
import { DispatchReportResolver } from './dispatch-report/graphql/dispatch-report.resolver';
import { DispatchReportWriter } from './dispatch-report/write/dispatch-report-writer';
import { ReportScope } from './dispatch-report/write/report-scope';
import { ExecuteProblemCommandHandler } from './problem-register/write/execute-problem-command';
import { ProblemWriter } from './problem-register/write/problem-writer';
import {
  ProblemResolver,
  ProjectProblemsResolver,
} from './problem-register/graphql/problem.resolver';
import { ProgressResolver } from './progress/progress.resolver';
import { ReportingAsOfResolver } from './as-of/reporting-as-of.resolver';
import {
  ReportingDepartmentResolver,
  ReportingProjectResolver,
  ReportingRegionResolver,
} from './entities/entities.resolver';
import { ReportingReadModels } from './read-models/reporting-read-models';
import { REPORTING_OPTIONS, ReportingOptions } from './reporting.options';
import { SubgraphSchema, deadLetterProviders } from '@ledger/api';
import { ReportingSchema } from './reporting.schema';
import { DispatchReportWorkbook } from './dispatch-report-workbook/dispatch-report-workbook';
import { DispatchReportWorkbookResolver } from './dispatch-report-workbook/dispatch-report-workbook.resolver';
import {
  ReportingDepartment,
  ReportingProject,
  ReportingRegion,
} from './entities/entities.resolver';

/**
 * The reporting service: monthly dispatch reports, their deadlines, and progress views.
 * Needs EVENT_STORE, READ_MODEL_DATABASE and a GraphQL module from its host.
 */
/** The reporting subgraph's schema: its types, and the entities it adds fields to. */
export const REPORTING_SCHEMA: SubgraphSchema = {
  registeredIn: ReportingSchema,
  entities: [ReportingProject, ReportingRegion, ReportingDepartment],
};

@Module({})
export class ReportingModule implements OnApplicationBootstrap {
  constructor(private readonly readModels: ReportingReadModels) {}

  static forRoot(options: ReportingOptions, clock: Clock = systemClock): DynamicModule {
    return {
      module: ReportingModule,
      imports: [CqrsModule],
      providers: [
        { provide: REPORTING_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: clock },
        { provide: DUE_DATES, useFactory: () => new CalendarDueDates(loadPrcCalendar()) },
        {
          provide: NETWORK_REPORT_DUE_DATES,
          useFactory: () =>
            new NetworkReportDueDates(loadPrcCalendar(), options.networkReportDueWorkingDays),
        },
        ReportingReadModels,
        ...deadLetterProviders('reporting', ReportingReadModels, (readModels) => [
          readModels.register,
          readModels.problemFeed,
          readModels.networkReportsFeed,
        ]),
        OverdueWatcher,
        NetworkReportOverdueWatcher,
        NetworkReportWriter,
        NetworkReportResolver,
        ReportDeadlinesView,
        ExecuteDispatchReportCommandHandler,
        ExecuteDispatchReportCommandsHandler,
        ReportScope,
        DispatchReportWriter,
        DispatchReportBatch,
        DispatchReportResolver,
        ProgressResolver,
        ReportingAsOfResolver,
        ReportingProjectResolver,
        ReportingRegionResolver,
        ReportingDepartmentResolver,
        ExecuteProblemCommandHandler,
        ProblemWriter,
        ProblemResolver,
        ProjectProblemsResolver,
        DispatchReportWorkbook,
        DispatchReportWorkbookResolver,
      ],
      exports: [ReportingReadModels, OverdueWatcher, NetworkReportOverdueWatcher],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.start();
    await this.readModels.catchUp();
  }
}
