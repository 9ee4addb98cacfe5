import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { commandError } from '@ledger/api';
import { Principal, actorOf, forbidden } from '@ledger/auth';
import {
  CLOCK,
  Clock,
  InvalidCommandError,
  LocalDate,
  parseLocalDate,
} from '@ledger/domain-kernel';
import { CommandEnvelope, ProjectedResult } from '@ledger/event-sourcing';
import { WorkingCalendar, loadPrcCalendar } from '../../calendar/working-calendar';
import { ReportScope } from '../../dispatch-report/write/report-scope';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { ProblemCommand, ProblemId } from '../domain/problem.commands';
import {
  ESCALATION_LEVELS,
  EscalationLevel,
  PROBLEM_KINDS,
  ProblemKind,
} from '../domain/problem.events';
import { ProblemState } from '../domain/problem.state';
import {
  AnswerProblemInput,
  AssignProblemInput,
  CloseProblemInput,
  EscalateProblemInput,
  RaiseProblemInput,
} from '../graphql/problem.types';
import { ExecuteProblemCommand } from './execute-problem-command';

/** The planning office's own unit code (省发展改革委, which houses the leading-group office, L33). */
export const OFFICE_UNIT = 'provincial-drc';

function idempotencyKeyOf(value: string): string {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new InvalidCommandError(
      'idempotencyKey',
      'idempotencyKey must be 8 to 100 letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

function problemIdOf(value: unknown): ProblemId {
  if (typeof value !== 'string' || !/^[A-Za-z0-9._-]{3,64}$/.test(value)) {
    throw new InvalidCommandError(
      'problemId',
      'problemId must be 3 to 64 letters, digits, ".", "_" or "-"',
    );
  }
  return value as ProblemId;
}

function text(value: string | null | undefined, field: string, max: number): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length === 0 || trimmed.length > max) {
    throw new InvalidCommandError(field, `${field} must be between 1 and ${max} characters`);
  }
  return trimmed;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidCommandError(field, `${field} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The write side of the register, before the decider: who may raise for which project (a
 * region for its own projects, a lead department for its networks', the office for any),
 * which unit raises or answers (the caller's own, never a name it types), whether the units
 * named are the plan's, the due date on the PRC working-day calendar, and today's date from
 * the ledger's clock. Resolvers only hand it the caller and the input.
 */
@Injectable()
export class ProblemWriter {
  private calendar: WorkingCalendar | undefined;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: ReportingReadModels,
    private readonly scope: ReportScope,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Raises a problem; answers with its id too (derived from the key when none was given). */
  async raise(
    principal: Principal,
    input: RaiseProblemInput,
  ): Promise<{ problemId: ProblemId; outcome: ProjectedResult<ProblemState> }> {
    // Whose project first: an outside caller learns nothing from the input's checks.
    await this.scope.ensure(principal, input.projectId);
    const key = idempotencyKeyOf(input.idempotencyKey);
    const actor = actorOf(principal);
    const problemId = problemIdOf(
      input.problemId ??
        `PRB-${createHash('sha256').update(`${actor}|${key}`).digest('hex').slice(0, 16)}`,
    );
    const kind = oneOf<ProblemKind>(input.kind, PROBLEM_KINDS, 'kind');
    const description = text(input.description, 'description', 2000);
    const standing = await this.readModels.progress.standing(input.projectId);
    if (!standing)
      throw commandError('NOT_FOUND', `project ${input.projectId} is not in the library`);
    const raisedBy = await this.raisingUnit(principal, input.raisedBy ?? null);
    const outcome = await this.execute(
      {
        type: 'RaiseProblem',
        problemId,
        projectId: input.projectId,
        project: { status: standing.status },
        kind,
        description,
        raisedBy,
        today: this.clock.today(),
      },
      actor,
      key,
    );
    return { problemId, outcome };
  }

  async escalate(
    principal: Principal,
    input: EscalateProblemInput,
  ): Promise<ProjectedResult<ProblemState>> {
    const key = idempotencyKeyOf(input.idempotencyKey);
    return this.execute(
      {
        type: 'EscalateProblem',
        problemId: problemIdOf(input.problemId),
        to: oneOf<EscalationLevel>(input.to, ESCALATION_LEVELS, 'to'),
        today: this.clock.today(),
      },
      actorOf(principal),
      key,
    );
  }

  async assign(
    principal: Principal,
    input: AssignProblemInput,
  ): Promise<ProjectedResult<ProblemState>> {
    const key = idempotencyKeyOf(input.idempotencyKey);
    const problemId = problemIdOf(input.problemId);
    const departmentCode = text(input.departmentCode, 'departmentCode', 80);
    if ((await this.readModels.problems.unitKind(departmentCode)) !== 'department') {
      throw new InvalidCommandError(
        'departmentCode',
        `${departmentCode} is not a department of the plan (see Query.programme's departments)`,
      );
    }
    const today = this.clock.today();
    return this.execute(
      {
        type: 'AssignProblem',
        problemId,
        departmentCode,
        dueOn: this.dueOn(input, today),
        today,
      },
      actorOf(principal),
      key,
    );
  }

  async answer(
    principal: Principal,
    input: AnswerProblemInput,
  ): Promise<ProjectedResult<ProblemState>> {
    const key = idempotencyKeyOf(input.idempotencyKey);
    const problemId = problemIdOf(input.problemId);
    const answer = text(input.answer, 'answer', 4000);
    // The answering unit is the caller's: a department answers as itself, the office as itself.
    const answeredBy =
      principal.role === 'lead_department'
        ? principal.department
        : principal.role === 'planning_office'
          ? OFFICE_UNIT
          : null;
    if (answeredBy === null) throw forbidden(`the ${principal.role} role does not answer problems`);
    return this.execute(
      {
        type: 'AnswerProblem',
        problemId,
        answer,
        answeredBy,
        byOffice: principal.role === 'planning_office',
        today: this.clock.today(),
      },
      actorOf(principal),
      key,
    );
  }

  async close(
    principal: Principal,
    input: CloseProblemInput,
  ): Promise<ProjectedResult<ProblemState>> {
    const key = idempotencyKeyOf(input.idempotencyKey);
    return this.execute(
      {
        type: 'CloseProblem',
        problemId: problemIdOf(input.problemId),
        resolution: text(input.resolution, 'resolution', 4000),
        withoutAnswer: input.withoutAnswer === true,
        today: this.clock.today(),
      },
      actorOf(principal),
      key,
    );
  }

  /** A scoped caller raises as its own unit; the office names a unit of the plan, or itself. */
  private async raisingUnit(principal: Principal, named: string | null): Promise<string> {
    const own =
      principal.role === 'region'
        ? principal.region
        : principal.role === 'lead_department'
          ? principal.department
          : null;
    if (own !== null) {
      if (named !== null && named !== own) {
        throw forbidden(`you raise problems as ${own}, not as ${named}`);
      }
      return own;
    }
    if (named === null || named === OFFICE_UNIT) return OFFICE_UNIT;
    if ((await this.readModels.problems.unitKind(named)) === null) {
      throw new InvalidCommandError(
        'raisedBy',
        `${named} is not a department or region of the plan`,
      );
    }
    return named;
  }

  private dueOn(input: AssignProblemInput, today: LocalDate): LocalDate {
    const days = input.dueInWorkingDays;
    const hasDays = days !== null && days !== undefined;
    const hasDate = input.dueOn !== null && input.dueOn !== undefined;
    if (hasDays === hasDate) {
      throw new InvalidCommandError('dueOn', 'give exactly one of dueOn and dueInWorkingDays');
    }
    if (hasDate) return parseLocalDate(input.dueOn, 'dueOn');
    if (!Number.isInteger(days) || days! < 1 || days! > 250) {
      throw new InvalidCommandError('dueInWorkingDays', 'dueInWorkingDays must be 1 to 250');
    }
    this.calendar ??= loadPrcCalendar();
    try {
      return this.calendar.addWorkingDays(today, days!) as LocalDate;
    } catch (error) {
      throw new InvalidCommandError(
        'dueInWorkingDays',
        `the working-day calendar cannot count ${days} working days from ${today}: ${String(error)}`,
      );
    }
  }

  private execute(
    command: ProblemCommand,
    actor: string,
    idempotencyKey: string,
  ): Promise<ProjectedResult<ProblemState>> {
    const envelope: CommandEnvelope = {
      actor,
      idempotencyKey,
      // The step is about the day it happens (Beijing).
      validAt: `${command.today}T00:00:00+08:00`,
    };
    return this.commandBus.execute<ExecuteProblemCommand, ProjectedResult<ProblemState>>(
      new ExecuteProblemCommand(command, envelope),
    );
  }
}
