import {
  Args,
  Context,
  Int,
  Parent,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { scopeOf } from '@ledger/auth';
import { GraphQLContext, requestPrincipal } from '@ledger/api';
import { PlanningReadModels } from '../read-models/planning-read-models';
import { projectLoaders } from '../project-library/project-library.loaders';
import { projectPage } from '../project-library/project-library.resolver';
import { ProjectConnection } from '../project/graphql/project.types';
import { Department, Region } from './programme-catalogue.types';

const FIRST = { type: () => Int, nullable: true, description: 'Page size, 1-100 (20).' };
const AFTER = { type: () => String, nullable: true };

/** Regions as entities: found by code (the plan's reference data), with their projects. */
@Resolver(() => Region)
export class RegionResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @ResolveReference()
  resolveReference(reference: { code: string }, ctx: GraphQLContext): Promise<Region | null> {
    return projectLoaders(ctx, this.readModels.projects, this.readModels.programme).regions.load(
      reference.code,
    );
  }

  @ResolveField(() => ProjectConnection, {
    description: "The region's projects, as Query.projects lists them for you (scoped).",
  })
  async projects(
    @Context() ctx: GraphQLContext,
    @Parent() region: Region,
    @Args('first', FIRST) first: number | null,
    @Args('after', AFTER) after: string | null,
  ): Promise<ProjectConnection> {
    const scope = scopeOf(await requestPrincipal(ctx));
    return projectPage(this.readModels.projects, { regionCode: region.code, scope }, first, after);
  }
}

/** Lead departments as entities, with the projects of the networks they lead. */
@Resolver(() => Department)
export class DepartmentResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @ResolveReference()
  resolveReference(reference: { code: string }, ctx: GraphQLContext): Promise<Department | null> {
    return projectLoaders(
      ctx,
      this.readModels.projects,
      this.readModels.programme,
    ).departments.load(reference.code);
  }

  @ResolveField(() => ProjectConnection, {
    description: 'The projects of the networks it leads, as Query.projects lists them (scoped).',
  })
  async projects(
    @Context() ctx: GraphQLContext,
    @Parent() department: Department,
    @Args('first', FIRST) first: number | null,
    @Args('after', AFTER) after: string | null,
  ): Promise<ProjectConnection> {
    const scope = scopeOf(await requestPrincipal(ctx));
    return projectPage(
      this.readModels.projects,
      { departmentCode: department.code, scope },
      first,
      after,
    );
  }
}
