import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import {
  Args,
  Context,
  Directive,
  Field,
  ID,
  Int,
  ObjectType,
  Parent,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLContext, requestPrincipal } from '@ledger/api';
import { ensureProjectInScope, networksLedBy } from '@ledger/auth';
import { DispatchReport } from '../dispatch-report/graphql/dispatch-report.types';
import { toReport } from '../dispatch-report/graphql/dispatch-report.resolver';
import { DispatchReportRow } from '../progress/progress.queries';
import { ProgressLine, ProgressResolver } from '../progress/progress.resolver';
import { ReportingReadModels } from '../read-models/reporting-read-models';
import { IN_REPORTING } from '../reporting.schema';

/* The entities of the one graph as reporting sees them: their key, and what it adds. */

@Directive('@key(fields: "projectId")')
@ObjectType('Project', IN_REPORTING)
export class ReportingProject {
  @Field(() => ID)
  projectId!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Region', IN_REPORTING)
export class ReportingRegion {
  @Field()
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Department', IN_REPORTING)
export class ReportingDepartment {
  @Field()
  code!: string;
}

type Units = { networkCode: string; regionCodes: string[] };

/** Per request: many projects' registers and reports, and each period's progress, once. */
class ReportingLoaders {
  readonly units: DataLoader<string, Units | null>;
  readonly reports: DataLoader<string, DispatchReportRow[]>;
  readonly progress = new Map<string, Promise<ProgressLine[]>>();

  constructor(readModels: ReportingReadModels) {
    this.units = new DataLoader(async (ids) => {
      const found = await readModels.progress.unitsOf(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    this.reports = new DataLoader(async (ids) => {
      const found = await readModels.progress.reportsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    });
  }
}

const perRequest = new WeakMap<object, ReportingLoaders>();
function loadersOf(ctx: GraphQLContext, readModels: ReportingReadModels): ReportingLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new ReportingLoaders(readModels)));
  return loaders;
}

const THROUGH = {
  type: () => String,
  nullable: true,
  description: 'YYYY-MM: the year and the last month counted for annual progress.',
};

@Resolver(() => ReportingProject)
export class ReportingProjectResolver {
  constructor(private readonly readModels: ReportingReadModels) {}

  /** Scoped exactly as Query.dispatchReports: a project outside yours is FORBIDDEN. */
  @ResolveReference()
  async resolveReference(
    reference: { projectId: string },
    ctx: GraphQLContext,
  ): Promise<ReportingProject> {
    // An unknown project has no reports to show: answered with none, as Query.dispatchReports.
    await ensureProjectInScope(
      await requestPrincipal(ctx),
      reference.projectId,
      () => loadersOf(ctx, this.readModels).units.load(reference.projectId),
      'read',
    );
    return { projectId: reference.projectId };
  }

  @ResolveField(() => [DispatchReport], {
    description: 'Its monthly dispatch reports, month by month; with `last`, only the latest.',
  })
  async dispatchReports(
    @Context() ctx: GraphQLContext,
    @Parent() project: ReportingProject,
    @Args('last', { type: () => Int, nullable: true, description: '1-120 months.' })
    last: number | null,
  ): Promise<DispatchReport[]> {
    if (
      last !== null &&
      last !== undefined &&
      (!Number.isInteger(last) || last < 1 || last > 120)
    ) {
      throw new GraphQLError('last must be between 1 and 120', {
        extensions: { code: 'BAD_USER_INPUT', field: 'last' },
      });
    }
    const rows = await loadersOf(ctx, this.readModels).reports.load(project.projectId);
    return (last ? rows.slice(-last) : rows).map(toReport);
  }
}

/** The progress view of Query.progress, once per request and period for every unit asked. */
function progressBy(
  ctx: GraphQLContext,
  readModels: ReportingReadModels,
  resolver: ProgressResolver,
  by: 'region' | 'network',
  through: string | null,
): Promise<ProgressLine[]> {
  const loaders = loadersOf(ctx, readModels);
  const key = `${by}:${through ?? ''}`;
  let lines = loaders.progress.get(key);
  if (!lines) loaders.progress.set(key, (lines = resolver.progress(by, null, through ?? null)));
  return lines;
}

@Resolver(() => ReportingRegion)
export class ReportingRegionResolver {
  constructor(
    private readonly readModels: ReportingReadModels,
    private readonly progressView: ProgressResolver,
  ) {}

  @ResolveReference()
  resolveReference(reference: { code: string }): ReportingRegion {
    return { code: reference.code };
  }

  @ResolveField(() => ProgressLine, {
    nullable: true,
    description: "The region's line of Query.progress(by: region); null without projects.",
  })
  async progress(
    @Context() ctx: GraphQLContext,
    @Parent() region: ReportingRegion,
    @Args('through', THROUGH) through: string | null,
  ): Promise<ProgressLine | null> {
    const lines = await progressBy(ctx, this.readModels, this.progressView, 'region', through);
    return lines.find((line) => line.key === region.code) ?? null;
  }
}

@Resolver(() => ReportingDepartment)
export class ReportingDepartmentResolver {
  constructor(
    private readonly readModels: ReportingReadModels,
    private readonly progressView: ProgressResolver,
  ) {}

  @ResolveReference()
  resolveReference(reference: { code: string }): ReportingDepartment {
    return { code: reference.code };
  }

  @ResolveField(() => [ProgressLine], {
    description: 'The lines of Query.progress(by: network) of the networks it leads.',
  })
  async progress(
    @Context() ctx: GraphQLContext,
    @Parent() department: ReportingDepartment,
    @Args('through', THROUGH) through: string | null,
  ): Promise<ProgressLine[]> {
    const led = networksLedBy(department.code);
    const lines = await progressBy(ctx, this.readModels, this.progressView, 'network', through);
    return lines.filter((line) => led.includes(line.key));
  }
}
