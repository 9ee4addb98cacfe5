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

/** What the write side needs to know of a project, from the register (planning's events). */
export interface ReportedProjects {
  standing(projectId: string): Promise<{ approved_on: string | null; status: string } | undefined>;
  units(projectId: string): Promise<{ networkCode: string; regionCodes: string[] } | undefined>;
}

/** A dispatch report command as a client sent it: which mutation, with which input. */
export type DispatchReportRequest =
  | { kind: 'submitDispatchReport'; input: DispatchReportInput }
  | { kind: 'correctDispatchReport'; input: CorrectDispatchReportInput };

export type PreparedReportCommand = { command: DispatchReportCommand; envelope: CommandEnvelope };

/**
 * The write side of dispatch reports, before the decider: whose project it is, whether the
 * project is in the library, the month's due date on the working-day calendar, and the
 * report's valid time (its month). Resolvers only hand it the caller and the input.
 */
@Injectable()
export class DispatchReportWriter {
  /** One query per question: what a single report needs. */
  private readonly register: ReportedProjects;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: ReportingReadModels,
    private readonly scope: ReportScope,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DUE_DATES) private readonly dueDates: DueDates,
  ) {
    this.register = {
      standing: (projectId) => this.readModels.progress.standing(projectId),
      units: (projectId) => this.readModels.progress.units(projectId),
    };
  }

  async submit(
    principal: Principal,
    actor: string,
    input: DispatchReportInput,
  ): Promise<ProjectedResult<DispatchReportsState>> {
    return this.execute(
      await this.prepare(principal, actor, { kind: 'submitDispatchReport', input }),
    );
  }

  async correct(
    principal: Principal,
    actor: string,
    input: CorrectDispatchReportInput,
  ): Promise<ProjectedResult<DispatchReportsState>> {
    return this.execute(
      await this.prepare(principal, actor, { kind: 'correctDispatchReport', input }),
    );
  }

  /**
   * A request to its command and envelope: the one path of a report mutation and of each
   * report of a bulk (which answers the register's questions from one query for all).
   */
  async prepare(
    principal: Principal,
    actor: string,
    request: DispatchReportRequest,
    register: ReportedProjects = this.register,
  ): Promise<PreparedReportCommand> {
    const input = request.input;
    await this.scope.ensure(principal, input.projectId, () => register.units(input.projectId));
    const envelope: CommandEnvelope = {
      actor,
      idempotencyKey: idempotencyKeyOf(input.idempotencyKey),
    };
    const today = this.clock.today();
    const command =
      request.kind === 'submitDispatchReport'
        ? await this.submission(request.input, today, register)
        : this.correction(request.input, today);
    // The report is about its month: its valid time is that month (from its first day, Beijing).
    envelope.validAt = `${command.period}-01T00:00:00+08:00`;
    return { command, envelope };
  }

  private async submission(
    input: DispatchReportInput,
    today: LocalDate,
    register: ReportedProjects,
  ): Promise<DispatchReportCommand> {
    const period = parseReportPeriod(input.period, 'period');
    const standing = await register.standing(input.projectId);
    if (!standing)
      throw commandError('NOT_FOUND', `project ${input.projectId} is not in the library`);
    if (!this.dueDates.covers(period)) {
      throw new InvalidCommandError('period', `the working-day calendar does not cover ${period}`);
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
  }

  private correction(input: CorrectDispatchReportInput, today: LocalDate): DispatchReportCommand {
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
  }

  private execute({
    command,
    envelope,
  }: PreparedReportCommand): Promise<ProjectedResult<DispatchReportsState>> {
    return this.commandBus.execute<
      ExecuteDispatchReportCommand,
      ProjectedResult<DispatchReportsState>
    >(new ExecuteDispatchReportCommand(command, envelope));
  }
}
