import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import {
  GraphQLContext,
  asGraphQL,
  commandError,
  requestActor,
  requestPrincipal,
} from '@ledger/api';
import { forbidden, inScope, scopeOf } from '@ledger/auth';
import { InvalidCommandError, LocalDate } from '@ledger/domain-kernel';
import { CommandEnvelope, ProjectedResult } from '@ledger/event-sourcing';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import { DUE_DATES, DueDates } from '../../deadlines/due-dates';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { ExecuteDispatchReportCommand } from '../application/execute-dispatch-report-command';
import { parseReportContent } from '../application/parse-report-input';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { DispatchReportsState } from '../domain/dispatch-report.state';
import { parseReportPeriod } from '../domain/report-period';
import { DispatchReportRow } from '../../progress/progress.queries';
import {
  CorrectDispatchReportInput,
  DispatchReport,
  DispatchReportInput,
  DispatchReportResult,
} from './dispatch-report.graphql-types';

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

function idempotencyKeyOf(value: string): string {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new InvalidCommandError(
      'idempotencyKey',
      'idempotencyKey must be 8 to 100 letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

@Resolver()
export class DispatchReportResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: ReportingReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DUE_DATES) private readonly dueDates: DueDates,
  ) {}

  private run(
    context: GraphQLContext,
    input: DispatchReportInput,
    build: (today: LocalDate) => Promise<DispatchReportCommand>,
  ): Promise<DispatchReportResult> {
    return asGraphQL(async () => {
      await this.ensureInScope(context, input.projectId);
      const envelope: CommandEnvelope = {
        actor: await requestActor(context),
        idempotencyKey: idempotencyKeyOf(input.idempotencyKey),
      };
      const command = await build(this.clock.today());
      // The report is about its month: its valid time is that month (from its first day, Beijing).
      envelope.validAt = `${command.period}-01T00:00:00+08:00`;
      const result = await this.commandBus.execute<
        ExecuteDispatchReportCommand,
        ProjectedResult<DispatchReportsState>
      >(new ExecuteDispatchReportCommand(command, envelope));
      const reports = await this.readModels.progress.reports(command.projectId);
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
    return this.run(ctx, input, async (today) => {
      const period = parseReportPeriod(input.period, 'period');
      const standing = await this.readModels.progress.standing(input.projectId);
      if (!standing)
        throw commandError('NOT_FOUND', `project ${input.projectId} is not in the library`);
      if (!this.dueDates.covers(period)) {
        throw new InvalidCommandError(
          'period',
          `the working-day calendar does not cover ${period}`,
        );
      }
      return {
        type: 'SubmitDispatchReport',
        projectId: input.projectId,
        period,
        content: parseReportContent(input),
        project: {
          approvedOn: standing.approved_on as LocalDate | null,
          cancelled: standing.status === 'cancelled',
        },
        today,
        dueOn: this.dueDates.dueOn(period),
      };
    });
  }

  @Mutation(() => DispatchReportResult, {
    description: 'Correct an earlier report: the month stays, both versions stay in the history.',
  })
  correctDispatchReport(
    @Context() ctx: GraphQLContext,
    @Args('input') input: CorrectDispatchReportInput,
  ) {
    return this.run(ctx, input, async (today) => {
      const reason = (input.reason ?? '').trim();
      if (reason.length === 0 || reason.length > 1000) {
        throw new InvalidCommandError('reason', 'reason must be between 1 and 1000 characters');
      }
      return {
        type: 'CorrectDispatchReport',
        projectId: input.projectId,
        period: parseReportPeriod(input.period, 'period'),
        content: parseReportContent(input),
        reason,
        today,
      };
    });
  }

  @Query(() => [DispatchReport], { description: "A project's dispatch reports, month by month." })
  async dispatchReports(
    @Context() ctx: GraphQLContext,
    @Args('projectId') projectId: string,
  ): Promise<DispatchReport[]> {
    await this.ensureInScope(ctx, projectId);
    return (await this.readModels.progress.reports(projectId)).map(toReport);
  }

  /** A lead department reports for its networks' projects, a region for its own. */
  private async ensureInScope(ctx: GraphQLContext, projectId: string): Promise<void> {
    const scope = scopeOf(await requestPrincipal(ctx));
    if (scope.kind === 'all') return;
    const units = await this.readModels.progress.units(projectId);
    // An unknown project is answered as such by the command or the query.
    if (units && !inScope(scope, units)) {
      throw forbidden(`project ${projectId} is outside what your role may report for or read`);
    }
  }
}
