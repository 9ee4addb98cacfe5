import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import {
  CommandBatchResult,
  GraphQLContext,
  asGraphQL,
  requestActor,
  requestPrincipal,
  toCommandBatchResult,
} from '@ledger/api';
import {
  BulkOutcome,
  MAX_BULK_COMMANDS,
  ProjectedResult,
  ensureBulkSize,
} from '@ledger/event-sourcing';
import { ProgrammeCatalogue } from '../../programme/write/programme-catalogue';
import { PlanningReadModels } from '../../read-models/planning-read-models';
import { ExecuteProjectCommand } from '../write/execute-project-command';
import { ExecuteProjectCommands } from '../write/execute-project-commands';
import { ProjectCommandRequest, parseProjectCommand } from '../write/parse-project-input';
import { prepareProjectCommands } from '../write/prepare-project-commands';
import { ProjectState } from '../domain/project.state';
import {
  AdjustProjectPlanInput,
  ApproveProjectInput,
  DisburseFundsInput,
  PlanningCommandInput,
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
    request: ProjectCommandRequest,
  ): Promise<ProjectCommandResult> {
    return asGraphQL(async () => {
      const { command, envelope } = await parseProjectCommand(
        request,
        await requestActor(context),
        () => this.catalogue.current(),
      );
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
    return this.run(ctx, { kind: 'proposeProject', input });
  }

  @Mutation(() => ProjectCommandResult, {
    description: 'Record the approval (立项审批) of a proposed project.',
  })
  approveProject(@Context() ctx: GraphQLContext, @Args('input') input: ApproveProjectInput) {
    return this.run(ctx, { kind: 'approveProject', input });
  }

  @Mutation(() => ProjectCommandResult, {
    description: 'Change the current plan; the baseline stays.',
  })
  adjustProjectPlan(@Context() ctx: GraphQLContext, @Args('input') input: AdjustProjectPlanInput) {
    return this.run(ctx, { kind: 'adjustProjectPlan', input });
  }

  @Mutation(() => ProjectCommandResult, { description: 'Record a payment to an approved project.' })
  disburseFunds(@Context() ctx: GraphQLContext, @Args('input') input: DisburseFundsInput) {
    return this.run(ctx, { kind: 'disburseFunds', input });
  }

  @Mutation(() => ProjectCommandResult)
  scheduleMilestone(@Context() ctx: GraphQLContext, @Args('input') input: ScheduleMilestoneInput) {
    return this.run(ctx, { kind: 'scheduleMilestone', input });
  }

  @Mutation(() => ProjectCommandResult)
  recordMilestoneMet(
    @Context() ctx: GraphQLContext,
    @Args('input') input: RecordMilestoneMetInput,
  ) {
    return this.run(ctx, { kind: 'recordMilestoneMet', input });
  }

  @Mutation(() => ProjectCommandResult, { description: 'Construction starts (开工).' })
  startConstruction(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, { kind: 'startConstruction', input });
  }

  @Mutation(() => ProjectCommandResult, { description: 'Construction is complete (建成).' })
  completeProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, { kind: 'completeProject', input });
  }

  @Mutation(() => ProjectCommandResult)
  suspendProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectReasonedInput) {
    return this.run(ctx, { kind: 'suspendProject', input });
  }

  @Mutation(() => ProjectCommandResult)
  resumeProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectDatedInput) {
    return this.run(ctx, { kind: 'resumeProject', input });
  }

  @Mutation(() => ProjectCommandResult)
  cancelProject(@Context() ctx: GraphQLContext, @Args('input') input: ProjectReasonedInput) {
    return this.run(ctx, { kind: 'cancelProject', input });
  }

  @Mutation(() => ProjectCommandResult, { description: 'Rate a municipal project (成熟度评定).' })
  rateProjectMaturity(
    @Context() ctx: GraphQLContext,
    @Args('input') input: RateProjectMaturityInput,
  ) {
    return this.run(ctx, { kind: 'rateProjectMaturity', input });
  }

  @Mutation(() => CommandBatchResult, {
    description: `Up to ${MAX_BULK_COMMANDS} project commands (a programme's history, loaded): each judged as its own mutation judges it, each project's written in one append, all of them or none. Refused whole, recording nothing, above ${MAX_BULK_COMMANDS}.`,
  })
  planningCommands(
    @Context() ctx: GraphQLContext,
    @Args('commands', { type: () => [PlanningCommandInput] }) commands: PlanningCommandInput[],
  ): Promise<CommandBatchResult> {
    return asGraphQL(async () => {
      ensureBulkSize(commands.length);
      const prepared = await prepareProjectCommands(commands, await requestPrincipal(ctx), () =>
        this.catalogue.current(),
      );
      const outcomes = await this.commandBus.execute<ExecuteProjectCommands, BulkOutcome[]>(
        new ExecuteProjectCommands(prepared),
      );
      return toCommandBatchResult(outcomes);
    });
  }
}
