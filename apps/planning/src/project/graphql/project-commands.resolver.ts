import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { GraphQLContext, asGraphQL, requestActor } from '@ledger/api';
import { CommandEnvelope, ProjectedResult } from '@ledger/event-sourcing';
import { ProgrammeCatalogue } from '../../programme/write/programme-catalogue';
import { PlanningReadModels } from '../../read-models/planning-read-models';
import { ExecuteProjectCommand } from '../write/execute-project-command';
import {
  date,
  expectedVersionOf,
  idempotencyKeyOf,
  parseAdjustProjectPlan,
  parseProposeProject,
  positiveYuan,
  projectIdOf,
  text,
} from '../write/parse-project-input';
import { ProjectCommand } from '../domain/project.commands';
import { ProjectState } from '../domain/project.state';
import {
  AdjustProjectPlanInput,
  ApproveProjectInput,
  DisburseFundsInput,
  ProjectDatedInput,
  ProjectReasonedInput,
  ProposeProjectInput,
  RateProjectMaturityInput,
  RecordMilestoneMetInput,
  ScheduleMilestoneInput,
} from './project.inputs';
import { toProject } from './project.mapper';
import { ProjectCommandResult } from './project.types';

/**
 * Project commands as mutations. Each parses its input at the edge, goes through the
 * command bus to the one handler, and answers with the project as the read model now
 * shows it (the handler waited for it).
 */
@Resolver()
export class ProjectCommandsResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly readModels: PlanningReadModels,
  ) {}

  private run(
    context: GraphQLContext,
    input: { idempotencyKey: string; expectedVersion?: string | null },
    build: () => ProjectCommand | Promise<ProjectCommand>,
  ): Promise<ProjectCommandResult> {
    return asGraphQL(async () => {
      const envelope: CommandEnvelope = {
        actor: await requestActor(context),
        idempotencyKey: idempotencyKeyOf(input.idempotencyKey),
      };
      const expected = expectedVersionOf(input.expectedVersion);
      if (expected !== undefined) envelope.expectedVersion = expected;
      const command = await build();
      const result = await this.commandBus.execute<
        ExecuteProjectCommand,
        ProjectedResult<ProjectState>
      >(new ExecuteProjectCommand(command, envelope));
      const row = await this.readModels.projects.byId(command.projectId);
      return {
        project: row ? toProject(row) : null,
        projected: result.projected,
        replayed: result.replayed,
        position: result.position === null ? null : result.position.toString(),
      };
    });
  }

  @Mutation(() => ProjectCommandResult, { description: 'Propose a project for the library.' })
  proposeProject(@Context() ctx: GraphQLContext, @Args('input') input: ProposeProjectInput) {
    return this.run(ctx, input, async () =>
      parseProposeProject(input, await this.catalogue.current()),
    );
  }

  @Mutation(() => ProjectCommandResult, {
    description: 'Record the approval (立项审批) of a proposed project.',
  })
  approveProject(@Context() ctx: GraphQLContext, @Args('input') input: ApproveProjectInput) {
    return this.run(ctx, input, () => ({
      type: 'ApproveProject',
      projectId: projectIdOf(input.projectId),
      authority: text(input.authority, 'authority'),
      documentNumber: text(input.documentNumber, 'documentNumber'),
      approvedInvestment: positiveYuan(input.approvedInvestment, 'approvedInvestment'),
      approvedOn: date(input.approvedOn, 'approvedOn'),
    }));
  }

  @Mutation(() => ProjectCommandResult, {
    description: 'Change the current plan; the baseline stays.',
  })
  adjustProjectPlan(@Context() ctx: GraphQLContext, @Args('input') input: AdjustProjectPlanInput) {
    return this.run(ctx, input, () => parseAdjustProjectPlan(input));
  }

  @Mutation(() => ProjectCommandResult, { description: 'Record a payment to an approved project.' })
  disburseFunds(@Context() ctx: GraphQLContext, @Args('input') input: DisburseFundsInput) {
    return this.run(ctx, input, () => ({
      type: 'DisburseFunds',
      projectId: projectIdOf(input.projectId),
      disbursementId: text(input.disbursementId, 'disbursementId', 100),
      amount: positiveYuan(input.amount, 'amount'),
      source: input.source,
      paidOn: date(input.paidOn, 'paidOn'),
      payee: text(input.payee, 'payee'),
    }));
  }

  @Mutation(() => ProjectCommandResult)
  scheduleMilestone(@Context() ctx: GraphQLContext, @Args('input') input: ScheduleMilestoneInput) {
    return this.run(ctx, input, () => ({
      type: 'ScheduleMilestone',
      projectId: projectIdOf(input.projectId),
      kind: input.kind,
      plannedOn: date(input.plannedOn, 'plannedOn'),
    }));
  }

  @Mutation(() => ProjectCommandResult)
  recordMilestoneMet(
    @Context() ctx: GraphQLContext,
    @Args('input') input: RecordMilestoneMetInput,
  ) {
    return this.run(ctx, input, () => ({
      type: 'RecordMilestoneMet',
      projectId: projectIdOf(input.projectId),
      kind: input.kind,
      metOn: date(input.metOn, 'metOn'),
    }));
  }

  @Mutation(() => ProjectCommandResult, { description: 'Construction starts (开工).' })
  startConstruction(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, input, () => ({
      type: 'StartConstruction',
      projectId: projectIdOf(input.projectId),
      startedOn: date(input.date, 'date'),
    }));
  }

  @Mutation(() => ProjectCommandResult, { description: 'Construction is complete (建成).' })
  completeProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, input, () => ({
      type: 'CompleteProject',
      projectId: projectIdOf(input.projectId),
      completedOn: date(input.date, 'date'),
    }));
  }

  @Mutation(() => ProjectCommandResult)
  suspendProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectReasonedInput) {
    return this.run(ctx, input, () => ({
      type: 'SuspendProject',
      projectId: projectIdOf(input.projectId),
      suspendedOn: date(input.date, 'date'),
      reason: text(input.reason, 'reason', 1000),
    }));
  }

  @Mutation(() => ProjectCommandResult)
  resumeProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, input, () => ({
      type: 'ResumeProject',
      projectId: projectIdOf(input.projectId),
      resumedOn: date(input.date, 'date'),
    }));
  }

  @Mutation(() => ProjectCommandResult)
  cancelProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectReasonedInput) {
    return this.run(ctx, input, () => ({
      type: 'CancelProject',
      projectId: projectIdOf(input.projectId),
      cancelledOn: date(input.date, 'date'),
      reason: text(input.reason, 'reason', 1000),
    }));
  }

  @Mutation(() => ProjectCommandResult, { description: 'Rate a municipal project (成熟度评定).' })
  rateProjectMaturity(
    @Context() ctx: GraphQLContext,
    @Args('input') input: RateProjectMaturityInput,
  ) {
    return this.run(ctx, input, () => ({
      type: 'RateProjectMaturity',
      projectId: projectIdOf(input.projectId),
      rating: input.rating,
      ratedOn: date(input.ratedOn, 'ratedOn'),
      basis: text(input.basis, 'basis', 1000),
    }));
  }
}
