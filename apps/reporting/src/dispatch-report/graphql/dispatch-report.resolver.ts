import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CommandBatchResult,
  GraphQLContext,
  asGraphQL,
  requestActor,
  requestPrincipal,
  toCommandBatchResult,
} from '@ledger/api';
import { MAX_BULK_COMMANDS, ProjectedResult } from '@ledger/event-sourcing';
import { DispatchReportRow } from '../../progress/progress.queries';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DispatchReportsState } from '../domain/dispatch-report.state';
import { DispatchReportBatch } from '../write/dispatch-report-batch';
import { DispatchReportWriter } from '../write/dispatch-report-writer';
import { ReportScope } from '../write/report-scope';
import {
  CorrectDispatchReportInput,
  DispatchReport,
  DispatchReportInput,
  DispatchReportResult,
  ReportingCommandInput,
} from './dispatch-report.types';

/** A stored report as GraphQL shows it (also for the as-of view). */
export function toReport(row: DispatchReportRow): DispatchReport {
  return {
    period: row.period,
    investmentInMonth: row.investment_in_month,
    cumulativeInvestment: row.cumulative_investment,
    physicalProgressPercent: row.physical_progress_percent,
    physicalProgress: row.physical_progress,
    problems: row.problems,
    submittedBy: row.submitted_by,
    dueOn: row.due_on,
    submittedOn: row.submitted_on,
    late: row.late,
    corrections: row.corrections,
  };
}

/** Thin: reads the caller from the request, hands the input to the write side, reads back. */
@Resolver()
export class DispatchReportResolver {
  constructor(
    private readonly writer: DispatchReportWriter,
    private readonly batch: DispatchReportBatch,
    private readonly scope: ReportScope,
    private readonly readModels: ReportingReadModels,
  ) {}

  private answer(
    projectId: string,
    write: () => Promise<ProjectedResult<DispatchReportsState>>,
  ): Promise<DispatchReportResult> {
    return asGraphQL(async () => {
      const result = await write();
      const reports = await this.readModels.progress.reports(projectId);
      return {
        replayed: result.replayed,
        projected: result.projected,
        position: result.position === null ? null : result.position.toString(),
        reports: reports.map(toReport),
      };
    });
  }

  @Mutation(() => DispatchReportResult, {
    description: "Submit a project's monthly dispatch report (按月调度).",
  })
  submitDispatchReport(@Context() ctx: GraphQLContext, @Args('input') input: DispatchReportInput) {
    return this.answer(input.projectId, async () =>
      this.writer.submit(await requestPrincipal(ctx), await requestActor(ctx), input),
    );
  }

  @Mutation(() => DispatchReportResult, {
    description: 'Correct an earlier report: the month stays, both versions stay in the history.',
  })
  correctDispatchReport(
    @Context() ctx: GraphQLContext,
    @Args('input') input: CorrectDispatchReportInput,
  ) {
    return this.answer(input.projectId, async () =>
      this.writer.correct(await requestPrincipal(ctx), await requestActor(ctx), input),
    );
  }

  @Mutation(() => CommandBatchResult, {
    description: `Up to ${MAX_BULK_COMMANDS} report submissions and corrections (a programme's history, loaded): each judged as its own mutation judges it, each project's written in one append, all of them or none. Refused whole, recording nothing, above ${MAX_BULK_COMMANDS}.`,
  })
  reportingCommands(
    @Context() ctx: GraphQLContext,
    @Args('commands', { type: () => [ReportingCommandInput] }) commands: ReportingCommandInput[],
  ): Promise<CommandBatchResult> {
    return asGraphQL(async () =>
      toCommandBatchResult(await this.batch.run(await requestPrincipal(ctx), commands)),
    );
  }

  @Query(() => [DispatchReport], { description: "A project's dispatch reports, month by month." })
  async dispatchReports(
    @Context() ctx: GraphQLContext,
    @Args('projectId') projectId: string,
  ): Promise<DispatchReport[]> {
    await this.scope.ensure(await requestPrincipal(ctx), projectId);
    return (await this.readModels.progress.reports(projectId)).map(toReport);
  }
}
