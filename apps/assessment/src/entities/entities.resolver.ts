import DataLoader from 'dataloader';
import { GraphQLResolveInfo } from 'graphql';
import {
  Args,
  Context,
  Directive,
  Field,
  ID,
  Info,
  ObjectType,
  Parent,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLContext, requestPrincipal } from '@ledger/api';
import { ensureProjectInScope } from '@ledger/auth';
import { IN_ASSESSMENT } from '../assessment.schema';
import {
  RiskFlag,
  UnitScore,
  asGraphQLSync,
  scoreVisibleTo,
  toUnitScore,
  withHistory,
} from '../assessment-views/assessment-views.resolver';
import {
  AssessmentReadModels,
  FlagRow,
  FlagStepRow,
  ScoreRow,
} from '../read-models/assessment-read-models';
import { ProjectFacts } from '../risk/domain/project-facts';
import { periodRange } from '../score/domain/period';

/* The entities of the one graph as assessment sees them: their key, and what it adds. */

@Directive('@key(fields: "projectId")')
@ObjectType('Project', IN_ASSESSMENT)
export class AssessmentProject {
  @Field(() => ID)
  projectId!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Region', IN_ASSESSMENT)
export class AssessmentRegion {
  @Field()
  code!: string;
}

@Directive('@key(fields: "code")')
@ObjectType('Department', IN_ASSESSMENT)
export class AssessmentDepartment {
  @Field()
  code!: string;
}

@ObjectType('ProjectFactsEvidence', {
  ...IN_ASSESSMENT,
  description: 'The ids of the events the facts were last taken from (null: none yet).',
})
export class ProjectFactsEvidence {
  @Field(() => String, { nullable: true }) approval!: string | null;
  @Field(() => String, { nullable: true }) plan!: string | null;
  @Field(() => String, { nullable: true }) lastDisbursement!: string | null;
  @Field(() => String, { nullable: true }) lastReport!: string | null;
  @Field(() => String, { nullable: true }) lastOverdue!: string | null;
  @Field(() => String, { nullable: true }) start!: string | null;
}

@ObjectType('ProjectFacts', {
  ...IN_ASSESSMENT,
  description:
    "What assessment knows of a project, folded from planning's and reporting's events: the figures its risk rules are checked against. Amounts are yuan as exact decimal strings.",
})
export class AssessedProjectFacts {
  @Field() status!: string;
  @Field(() => String, { nullable: true }) plannedTotal!: string | null;
  @Field(() => String, { nullable: true, description: 'As first approved: the baseline.' })
  approvedOriginal!: string | null;
  @Field(() => String, { nullable: true, description: 'As approved now, after adjustments.' })
  approvedCurrent!: string | null;
  @Field(() => String, { nullable: true }) approvedOn!: string | null;
  @Field(() => String, { nullable: true }) startedOn!: string | null;
  @Field() disbursed!: string;
  @Field(() => [String]) milestonesMet!: string[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM of the latest report.' })
  lastReportedPeriod!: string | null;
  @Field(() => String, { nullable: true, description: 'Cumulative investment, as last reported.' })
  reportedCumulative!: string | null;
  @Field(() => String, { nullable: true, description: 'Physical progress, as last reported.' })
  reportedPercent!: string | null;
  @Field(() => [String], { description: 'Months whose report came late or not at all.' })
  overduePeriods!: string[];
  @Field(() => ProjectFactsEvidence) evidence!: ProjectFactsEvidence;
}

function toFacts(facts: ProjectFacts): AssessedProjectFacts {
  const last = Object.keys(facts.reports).sort().pop() ?? null;
  const report = last === null ? undefined : facts.reports[last];
  return {
    status: facts.status,
    plannedTotal: facts.plannedTotal,
    approvedOriginal: facts.approvedOriginal,
    approvedCurrent: facts.approvedCurrent,
    approvedOn: facts.approvedOn,
    startedOn: facts.startedOn,
    disbursed: facts.disbursed,
    milestonesMet: facts.milestonesMet,
    lastReportedPeriod: last,
    reportedCumulative: report?.cumulative ?? null,
    reportedPercent: report?.percent ?? null,
    overduePeriods: facts.overduePeriods,
    evidence: facts.evidence,
  };
}

/** Per request: many projects' facts and flags in one query each, each period's scores once. */
class AssessmentLoaders {
  readonly facts: DataLoader<string, ProjectFacts | null>;
  readonly flags: DataLoader<string, FlagRow[]>;
  /** Steps by flag id, for the projects' flags a query shows the history of. */
  readonly history: DataLoader<string, FlagStepRow[]>;
  readonly scores: DataLoader<string, ScoreRow[]>;

  constructor(readModels: AssessmentReadModels) {
    this.facts = new DataLoader(async (ids) => {
      const found = new Map((await readModels.factsOf([...ids])).map((f) => [f.projectId, f]));
      return ids.map((id) => found.get(id) ?? null);
    });
    this.flags = new DataLoader(async (ids) => {
      // Every flag of these projects: a project carries at most one per rule and status.
      const rows = await readModels.flags({ projectIds: ids }, 200 * ids.length);
      return ids.map((id) => rows.filter((r) => r.project_id === id));
    });
    this.history = new DataLoader(async (flagIds) => {
      const steps = await readModels.flagHistory(flagIds);
      return flagIds.map((id) => steps.filter((s) => s.flag_id === id));
    });
    this.scores = new DataLoader(async (periods) =>
      Promise.all(periods.map((period) => readModels.scores(period, null))),
    );
  }
}

const perRequest = new WeakMap<object, AssessmentLoaders>();
function loadersOf(ctx: GraphQLContext, readModels: AssessmentReadModels): AssessmentLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new AssessmentLoaders(readModels)));
  return loaders;
}

@Resolver(() => AssessmentProject)
export class AssessmentProjectResolver {
  constructor(private readonly readModels: AssessmentReadModels) {}

  /** Scoped as Query.project: a project outside yours is FORBIDDEN. */
  @ResolveReference()
  async resolveReference(
    reference: { projectId: string },
    ctx: GraphQLContext,
  ): Promise<AssessmentProject> {
    // A project assessment has no facts of has no flags to show either.
    await ensureProjectInScope(await requestPrincipal(ctx), reference.projectId, () =>
      loadersOf(ctx, this.readModels).facts.load(reference.projectId),
    );
    return { projectId: reference.projectId };
  }

  @ResolveField(() => [RiskFlag], {
    description:
      'Its risk flags with their evidence, red first; `open` narrows to open or resolved.',
  })
  async riskFlags(
    @Context() ctx: GraphQLContext,
    @Parent() project: AssessmentProject,
    @Args('open', { type: () => Boolean, nullable: true }) open: boolean | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RiskFlag[]> {
    const loaders = loadersOf(ctx, this.readModels);
    const rows = await loaders.flags.load(project.projectId);
    const wanted = open === null || open === undefined ? null : open ? 'open' : 'resolved';
    return withHistory(
      async (ids) => (await Promise.all(ids.map((id) => loaders.history.load(id)))).flat(),
      rows.filter((r) => wanted === null || r.status === wanted),
      info,
    );
  }

  @ResolveField(() => AssessedProjectFacts, {
    nullable: true,
    description: 'Its facts as the risk rules see them; null before assessment has heard of it.',
  })
  async facts(
    @Context() ctx: GraphQLContext,
    @Parent() project: AssessmentProject,
  ): Promise<AssessedProjectFacts | null> {
    const facts = await loadersOf(ctx, this.readModels).facts.load(project.projectId);
    return facts ? toFacts(facts) : null;
  }
}

/** A unit's score for a period as Query.scores shows it to you: others' are null to a unit. */
async function scoreOf(
  ctx: GraphQLContext,
  readModels: AssessmentReadModels,
  unitKind: 'department' | 'region',
  unit: string,
  period: string,
): Promise<UnitScore | null> {
  asGraphQLSync(() => periodRange(period));
  const principal = await requestPrincipal(ctx);
  const rows = await loadersOf(ctx, readModels).scores.load(period);
  const row = rows.find((r) => r.unit_kind === unitKind && r.unit === unit);
  return row && scoreVisibleTo(principal, row) ? toUnitScore(row) : null;
}

const PERIOD = { description: 'A month, quarter or year: 2021-06, 2021-Q2, 2021.' };

@Resolver(() => AssessmentRegion)
export class AssessmentRegionResolver {
  constructor(private readonly readModels: AssessmentReadModels) {}

  @ResolveReference()
  resolveReference(reference: { code: string }): AssessmentRegion {
    return { code: reference.code };
  }

  @ResolveField(() => UnitScore, { nullable: true, description: "The region's score and rank." })
  score(
    @Context() ctx: GraphQLContext,
    @Parent() region: AssessmentRegion,
    @Args('period', PERIOD) period: string,
  ): Promise<UnitScore | null> {
    return scoreOf(ctx, this.readModels, 'region', region.code, period);
  }
}

@Resolver(() => AssessmentDepartment)
export class AssessmentDepartmentResolver {
  constructor(private readonly readModels: AssessmentReadModels) {}

  @ResolveReference()
  resolveReference(reference: { code: string }): AssessmentDepartment {
    return { code: reference.code };
  }

  @ResolveField(() => UnitScore, {
    nullable: true,
    description: "The department's score and rank.",
  })
  score(
    @Context() ctx: GraphQLContext,
    @Parent() department: AssessmentDepartment,
    @Args('period', PERIOD) period: string,
  ): Promise<UnitScore | null> {
    return scoreOf(ctx, this.readModels, 'department', department.code, period);
  }
}
