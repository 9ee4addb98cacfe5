import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { commandError } from '@ledger/api';
import { Principal } from '@ledger/auth';
import { CLOCK, Clock, InvalidCommandError, LocalDate } from '@ledger/domain-kernel';
import { CommandEnvelope, ProjectedResult } from '@ledger/event-sourcing';
import { DUE_DATES, DueDates } from '../../deadlines/due-dates';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DispatchReportCommand } from '../domain/dispatch-report.commands';
import { DispatchReportsState } from '../domain/dispatch-report.state';
import { parseReportPeriod } from '../domain/report-period';
import { CorrectDispatchReportInput, DispatchReportInput } from '../graphql/dispatch-report.types';
import { ExecuteDispatchReportCommand } from './execute-dispatch-report-command';
import { parseReportContent } from './parse-report-input';
import { ReportScope } from './report-scope';

function idempotencyKeyOf(value: string): string {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new InvalidCommandError(
      'idempotencyKey',
      'idempotencyKey must be 8 to 100 letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

/**
 * The write side of dispatch reports, before the decider: whose project it is, whether the
 * project is in the library, the month's due date on the working-day calendar, and the
 * report's valid time (its month). Resolvers only hand it the caller and the input.
 */
@Injectable()
export class DispatchReportWriter {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: ReportingReadModels,
    private readonly scope: ReportScope,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DUE_DATES) private readonly dueDates: DueDates,
  ) {}

  submit(
    principal: Principal,
    actor: string,
    input: DispatchReportInput,
  ): Promise<ProjectedResult<DispatchReportsState>> {
    return this.run(principal, actor, input, async (today) => {
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

  correct(
    principal: Principal,
    actor: string,
    input: CorrectDispatchReportInput,
  ): Promise<ProjectedResult<DispatchReportsState>> {
    return this.run(principal, actor, input, async (today) => {
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

  private async run(
    principal: Principal,
    actor: string,
    input: DispatchReportInput,
    build: (today: LocalDate) => Promise<DispatchReportCommand>,
  ): Promise<ProjectedResult<DispatchReportsState>> {
    await this.scope.ensure(principal, input.projectId);
    const envelope: CommandEnvelope = {
      actor,
      idempotencyKey: idempotencyKeyOf(input.idempotencyKey),
    };
    const command = await build(this.clock.today());
    // The report is about its month: its valid time is that month (from its first day, Beijing).
    envelope.validAt = `${command.period}-01T00:00:00+08:00`;
    return this.commandBus.execute<
      ExecuteDispatchReportCommand,
      ProjectedResult<DispatchReportsState>
    >(new ExecuteDispatchReportCommand(command, envelope));
  }
}
