import {
  Args,
  Context,
  Int,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { ProjectScope, forbidden, inScope, scopeOf } from '@ledger/auth';
import {
  GraphQLContext,
  decodeCursor,
  encodeCursor,
  pageSize,
  requestPrincipal,
} from '@ledger/api';
import { PlanningReadModels } from '../read-models/planning-read-models';
import { ProjectFilterInput } from '../project/graphql/project.inputs';
import { ProjectLoaders, projectLoaders } from './project-library.loaders';
import { toProject } from '../project/graphql/project.mapper';
import {
  Disbursement,
  Milestone,
  PlanAdjustment,
  Project,
  ProjectConnection,
} from '../project/graphql/project.types';
import { FundingSource, MilestoneKind } from '../project/domain/project-vocabulary';
import { ProjectFilter, ProjectLibraryQueries, ProjectRow } from './project-library.queries';
import { Department, Region } from '../programme-catalogue/programme-catalogue.types';

/** A page of the library as a Relay connection: the root field's, a region's, a department's. */
export async function projectPage(
  queries: ProjectLibraryQueries,
  filter: ProjectFilter,
  first: number | null,
  after: string | null,
): Promise<ProjectConnection> {
  const size = pageSize(first);
  const page = await queries.list(filter, size, decodeCursor(after));
  const edges = page.rows.map((row) => ({
    cursor: encodeCursor(row.listed_at),
    node: toProject(row),
  }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      // An omitted argument arrives as undefined.
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** A single project as a scoped principal may see it: outside their scope is FORBIDDEN. */
export function visibleProject(scope: ProjectScope, row: ProjectRow): Project {
  if (!inScope(scope, { networkCode: row.network_code, regionCodes: row.region_codes })) {
    throw forbidden(`project ${row.project_id} is outside what your role may see`);
  }
  return toProject(row);
}

@Resolver(() => Project)
export class ProjectResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  private loaders(ctx: GraphQLContext): ProjectLoaders {
    return projectLoaders(ctx, this.readModels.projects, this.readModels.programme);
  }

  @Query(() => ProjectConnection, {
    description: 'The project library, filtered, in the order projects entered it (Relay cursors).',
  })
  async projects(
    @Context() ctx: GraphQLContext,
    @Args('filter', { type: () => ProjectFilterInput, nullable: true })
    filter: ProjectFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1-100 (20).' })
    first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<ProjectConnection> {
    return projectPage(
      this.readModels.projects,
      {
        ...(filter?.networkCode ? { networkCode: filter.networkCode } : {}),
        ...(filter?.categoryCode ? { categoryCode: filter.categoryCode } : {}),
        ...(filter?.regionCode ? { regionCode: filter.regionCode } : {}),
        ...(filter?.departmentCode ? { departmentCode: filter.departmentCode } : {}),
        ...(filter?.status ? { status: filter.status } : {}),
        ...(filter?.tag ? { tag: filter.tag } : {}),
        scope: scopeOf(await requestPrincipal(ctx)),
      },
      first,
      after,
    );
  }

  @Query(() => Project, { nullable: true, description: 'One project, or null if there is none.' })
  async project(
    @Context() ctx: GraphQLContext,
    @Args('projectId') projectId: string,
  ): Promise<Project | null> {
    const row = await this.loaders(ctx).projects.load(projectId);
    if (!row) return null;
    return visibleProject(scopeOf(await requestPrincipal(ctx)), row);
  }

  /** How _entities finds a project: batched, and scoped exactly as Query.project. */
  @ResolveReference()
  async resolveReference(
    reference: { projectId: string },
    ctx: GraphQLContext,
  ): Promise<Project | null> {
    return this.project(ctx, reference.projectId);
  }

  @ResolveField(() => Department, {
    nullable: true,
    description: "The lead department of the project's network, which reports monthly.",
  })
  async leadDepartment(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<Department | null> {
    return this.loaders(ctx).leadOfNetwork.load(project.networkCode);
  }

  @ResolveField(() => [Region], { description: 'The regions the project is in.' })
  async regions(@Context() ctx: GraphQLContext, @Parent() project: Project): Promise<Region[]> {
    const regions: Region[] = [];
    for (const region of await this.loaders(ctx).regions.loadMany(project.regionCodes)) {
      if (region instanceof Error) throw region;
      if (region) regions.push(region);
    }
    return regions;
  }

  @ResolveField(() => [Disbursement])
  async disbursements(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<Disbursement[]> {
    const rows = await this.loaders(ctx).disbursements.load(project.projectId);
    return rows.map((r) => ({
      disbursementId: r.disbursement_id,
      amount: r.amount,
      source: r.source as FundingSource,
      paidOn: r.paid_on,
      payee: r.payee,
    }));
  }

  @ResolveField(() => [Milestone])
  async milestones(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<Milestone[]> {
    const rows = await this.loaders(ctx).milestones.load(project.projectId);
    return rows.map((r) => ({
      kind: r.kind as MilestoneKind,
      plannedOn: r.planned_on,
      metOn: r.met_on,
    }));
  }

  @ResolveField(() => [PlanAdjustment])
  async adjustments(
    @Context() ctx: GraphQLContext,
    @Parent() project: Project,
  ): Promise<PlanAdjustment[]> {
    const rows = await this.loaders(ctx).adjustments.load(project.projectId);
    return rows.map((r) => ({
      adjustedOn: r.adjusted_on,
      reason: r.reason,
      changes: JSON.stringify(r.changes),
      previous: JSON.stringify(r.previous),
    }));
  }
}
