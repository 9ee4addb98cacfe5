import DataLoader from 'dataloader';
import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { GraphQLContext, asGraphQL, requestActor } from '@ledger/api';
import { ProjectedResult } from '@ledger/event-sourcing';
import {
  PRE_CONSTRUCTION_APPROVAL_NAMES_ZH,
  PreConstructionApprovalStep,
  missingApprovalSteps,
} from '@ledger/contracts/planning/pre-construction-approvals';
import { ProgrammeCatalogue } from '../../programme/write/programme-catalogue';
import { PlanningReadModels } from '../../read-models/planning-read-models';
import { ExecuteProjectCommand } from '../write/execute-project-command';
import { ProjectCommandRequest, parseProjectCommand } from '../write/parse-project-input';
import { ProjectState } from '../domain/project.state';
import { toProject } from '../graphql/project.mapper';
import { Project, ProjectCommandResult } from '../graphql/project.types';
import {
  AssignNationalProjectCodeInput,
  RecordPreConstructionApprovalInput,
} from './pre-construction-approval.inputs';
import { PreConstructionApproval } from './pre-construction-approval.types';
import { ApprovalRow, CodeRow } from './pre-construction-approvals.projection';

interface ApprovalLoaders {
  codes: DataLoader<string, CodeRow | null>;
  approvals: DataLoader<string, ApprovalRow[]>;
}
const perRequest = new WeakMap<object, ApprovalLoaders>();

/**
 * The national project code and the pre-construction approvals: two mutations on the one
 * project command path (also accepted by planningCommands), and the Project fields that
 * show them, batched per request.
 */
@Resolver(() => Project)
export class PreConstructionApprovalResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly readModels: PlanningReadModels,
  ) {}

  private loaders(ctx: object): ApprovalLoaders {
    let loaders = perRequest.get(ctx);
    if (!loaders) {
      const queries = this.readModels.approvals;
      loaders = {
        codes: new DataLoader(async (ids: readonly string[]) => {
          const byId = await queries.codesOf(ids);
          return ids.map((id) => byId.get(id) ?? null);
        }),
        approvals: new DataLoader(async (ids: readonly string[]) => {
          const byId = await queries.approvalsOf(ids);
          return ids.map((id) => byId.get(id) ?? []);
        }),
      };
      perRequest.set(ctx, loaders);
    }
    return loaders;
  }

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

  @Mutation(() => ProjectCommandResult, {
    description:
      'Record the national unified project code (全国投资项目在线审批监管平台 项目代码) the platform assigned: 24 characters, one per project.',
  })
  assignNationalProjectCode(
    @Context() ctx: GraphQLContext,
    @Args('input') input: AssignNationalProjectCodeInput,
  ) {
    return this.run(ctx, { kind: 'assignNationalProjectCode', input });
  }

  @Mutation(() => ProjectCommandResult, {
    description:
      'Record a pre-construction approval (立项/可研批复, 用地预审, 环评, 林地, 施工许可) with its date, issuing body and document number.',
  })
  recordPreConstructionApproval(
    @Context() ctx: GraphQLContext,
    @Args('input') input: RecordPreConstructionApprovalInput,
  ) {
    return this.run(ctx, { kind: 'recordPreConstructionApproval', input });
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'The national unified project code, once assigned.',
  })
  async nationalProjectCode(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<string | null> {
    return (await this.loaders(ctx).codes.load(project.projectId))?.code ?? null;
  }

  @ResolveField(() => [PreConstructionApproval], {
    description: 'The pre-construction approvals recorded, by date issued.',
  })
  async preConstructionApprovals(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<PreConstructionApproval[]> {
    const rows = await this.loaders(ctx).approvals.load(project.projectId);
    return rows.map((r) => {
      const step = r.step as PreConstructionApprovalStep;
      return {
        step,
        stepZh: PRE_CONSTRUCTION_APPROVAL_NAMES_ZH[step],
        issuedOn: r.issued_on,
        issuingBody: r.issuing_body,
        documentNumber: r.document_number,
        eventId: r.event_id,
      };
    });
  }

  @ResolveField(() => [String], {
    description:
      'The approval steps this project requires and has not recorded (project-approval, land-pre-review, environmental-assessment, construction-permit); forest-land is never reported missing. Empty for a cancelled project.',
  })
  async missingApprovals(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<string[]> {
    if (project.status === 'cancelled') return [];
    const rows = await this.loaders(ctx).approvals.load(project.projectId);
    return missingApprovalSteps(
      { networkCode: project.networkCode, constructionNature: project.constructionNature },
      rows.map((r) => r.step),
      project.approval !== null,
    );
  }
}
