import DataLoader from 'dataloader';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLContext, asGraphQL, requestPrincipal } from '@ledger/api';
import { Principal, scopeOf } from '@ledger/auth';
import { CLOCK, Clock, parseLocalDate } from '@ledger/domain-kernel';
import { ProjectedResult } from '@ledger/event-sourcing';
import { ReportingProject } from '../../entities/entities.resolver';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { ProblemState } from '../domain/problem.state';
import { ProblemFilter, ProblemRow } from '../problem-register.queries';
import { ProblemWriter } from '../write/problem-writer';
import {
  AnswerProblemInput,
  AssignProblemInput,
  CloseProblemInput,
  EscalateProblemInput,
  Problem,
  ProblemResult,
  ProblemStatus,
  RaiseProblemInput,
  UnitProblems,
} from './problem.types';

export function toProblem(row: ProblemRow): Problem {
  return {
    problemId: row.problem_id,
    projectId: row.project_id,
    networkCode: row.network_code,
    kind: row.kind,
    description: row.description,
    raisedBy: row.raised_by,
    raisedOn: row.raised_on,
    status: row.status as ProblemStatus,
    escalatedTo: row.escalated_to,
    escalatedOn: row.escalated_on,
    departmentCode: row.department_code,
    dueOn: row.due_on,
    assignedOn: row.assigned_on,
    answer: row.answer,
    answeredBy: row.answered_by,
    answeredOn: row.answered_on,
    late: row.late,
    resolution: row.resolution,
    closedOn: row.closed_on,
    daysOpen: row.days_open,
    overdue: row.overdue,
    eventIds: row.event_ids,
  };
}

/** The reader's unit: a scoped reader also sees the problems its own unit raised or owes. */
function unitOf(principal: Principal): string | null {
  switch (principal.role) {
    case 'lead_department':
      return principal.department;
    case 'region':
      return principal.region;
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
    case 'operator':
      return null;
    default: {
      const unknown: never = principal;
      throw new Error(`unknown role ${String(unknown)}`);
    }
  }
}

function visibleTo(principal: Principal): Pick<ProblemFilter, 'scope' | 'unitOfPrincipal'> {
  return { scope: scopeOf(principal), unitOfPrincipal: unitOf(principal) };
}

/** Thin: reads the caller, hands the input to the write side, reads the problem back. */
@Resolver()
export class ProblemResolver {
  constructor(
    private readonly writer: ProblemWriter,
    private readonly readModels: ReportingReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private answer(
    ctx: GraphQLContext,
    write: (principal: Principal) => Promise<ProjectedResult<ProblemState>>,
    problemIdOf: (result: ProjectedResult<ProblemState>) => string | null,
  ): Promise<ProblemResult> {
    return asGraphQL(async () => {
      const principal = await requestPrincipal(ctx);
      const result = await write(principal);
      const problemId = problemIdOf(result);
      const [row] =
        problemId === null
          ? []
          : await this.readModels.problems.problems(
              { ...visibleTo(principal), problemIds: [problemId] },
              this.clock.today(),
            );
      return {
        replayed: result.replayed,
        projected: result.projected,
        position: result.position === null ? null : result.position.toString(),
        problem: row ? toProblem(row) : null,
      };
    });
  }

  @Mutation(() => ProblemResult, {
    description:
      'Raise a problem holding a project back (要素保障): land, forest land, funds, approvals, energy, labour or other.',
  })
  raiseProblem(@Context() ctx: GraphQLContext, @Args('input') input: RaiseProblemInput) {
    let id: string | null = null;
    return this.answer(
      ctx,
      async (principal) => {
        const result = await this.writer.raise(principal, input);
        id = result.problemId;
        return result.outcome;
      },
      () => id,
    );
  }

  @Mutation(() => ProblemResult, {
    description:
      "Escalate a problem to the network's joint meeting (联席会议) or the leading group.",
  })
  escalateProblem(@Context() ctx: GraphQLContext, @Args('input') input: EscalateProblemInput) {
    return this.answer(
      ctx,
      (p) => this.writer.escalate(p, input),
      () => input.problemId,
    );
  }

  @Mutation(() => ProblemResult, {
    description: 'Assign a problem to a department, to answer by a due date.',
  })
  assignProblem(@Context() ctx: GraphQLContext, @Args('input') input: AssignProblemInput) {
    return this.answer(
      ctx,
      (p) => this.writer.assign(p, input),
      () => input.problemId,
    );
  }

  @Mutation(() => ProblemResult, {
    description: 'Answer a problem: the assigned department, or the office in its stead.',
  })
  answerProblem(@Context() ctx: GraphQLContext, @Args('input') input: AnswerProblemInput) {
    return this.answer(
      ctx,
      (p) => this.writer.answer(p, input),
      () => input.problemId,
    );
  }

  @Mutation(() => ProblemResult, {
    description:
      'Close a problem with its resolution: after its answer, or withoutAnswer when said.',
  })
  closeProblem(@Context() ctx: GraphQLContext, @Args('input') input: CloseProblemInput) {
    return this.answer(
      ctx,
      (p) => this.writer.close(p, input),
      () => input.problemId,
    );
  }

  @Query(() => [Problem], {
    description: "The problem register, oldest first: ages and overdue on the ledger's clock.",
  })
  async problems(
    @Context() ctx: GraphQLContext,
    @Args('status', { type: () => ProblemStatus, nullable: true }) status: ProblemStatus | null,
    @Args('unit', {
      type: () => String,
      nullable: true,
      description: 'Raised by this unit or assigned to it.',
    })
    unit: string | null,
    @Args('overdue', { type: () => Boolean, nullable: true }) overdue: boolean | null,
  ): Promise<Problem[]> {
    const principal = await requestPrincipal(ctx);
    const rows = await this.readModels.problems.problems(
      { ...visibleTo(principal), status, unit, overdue },
      this.clock.today(),
    );
    return rows.map(toProblem);
  }

  @Query(() => [UnitProblems], {
    description: 'Open problems per unit on a date (today on the ledger clock when omitted).',
  })
  async problemsByUnit(
    @Context() ctx: GraphQLContext,
    @Args('asOf', { type: () => String, nullable: true, description: 'YYYY-MM-DD' })
    asOf: string | null,
  ): Promise<UnitProblems[]> {
    const principal = await requestPrincipal(ctx);
    return asGraphQL(async () => {
      const on =
        asOf === null || asOf === undefined ? this.clock.today() : parseLocalDate(asOf, 'asOf');
      const rows = await this.readModels.problems.byUnit(on, scopeOf(principal), unitOf(principal));
      return rows.map((r) => ({
        unit: r.unit,
        open: r.open,
        oldestOpenDays: r.oldest_open_days,
        overdueAnswers: r.overdue_answers,
      }));
    });
  }
}

const loaders = new WeakMap<object, DataLoader<string, ProblemRow[]>>();

/** Project.problems: the project's problems, reached through the project's own scope check. */
@Resolver(() => ReportingProject)
export class ProjectProblemsResolver {
  constructor(
    private readonly readModels: ReportingReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ResolveField(() => [Problem], {
    description: 'The problems raised for it (要素保障), oldest first.',
  })
  async problems(
    @Context() ctx: GraphQLContext,
    @Parent() project: ReportingProject,
  ): Promise<Problem[]> {
    let loader = loaders.get(ctx);
    if (!loader) {
      // The project's reference resolver has checked the caller may see it: all its problems.
      loader = new DataLoader(async (ids) => {
        const rows = await this.readModels.problems.problems(
          { scope: { kind: 'all' }, unitOfPrincipal: null, projectIds: ids },
          this.clock.today(),
        );
        return ids.map((id) => rows.filter((r) => r.project_id === id));
      });
      loaders.set(ctx, loader);
    }
    return (await loader.load(project.projectId)).map(toProblem);
  }
}
