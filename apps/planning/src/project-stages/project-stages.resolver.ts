import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { InvalidCommandError, parseLocalDate } from '@ledger/domain-kernel';
import { scopeOf } from '@ledger/auth';
import { GraphQLContext, asGraphQL, requestPrincipal } from '@ledger/api';
import { PlanningReadModels } from '../read-models/planning-read-models';
import {
  PLAN_DOCUMENT,
  PLAN_STAGE_COUNTS,
  PlanStageCount,
  networkPlanCount,
} from './plan-stage-counts';
import { countStages, ratePercent } from './project-stages';
import { StageFactsRow } from './project-stages.projection';
import { StageGrouping, StagePlanSource, StageRow } from './project-stages.types';

interface Group {
  key: string;
  nameZh: string;
  projects: StageFactsRow[];
  /** The networks whose plan counts the row is measured against ([] for regions). */
  networks: string[];
}

const sourceOf = (c: PlanStageCount): StagePlanSource => ({
  document: PLAN_DOCUMENT,
  line: c.source.line,
  quote: c.source.quote,
  coverage: c.coverage,
  part: c.part,
  newStart: c.newStart,
  continuing: c.continuing,
  completed: c.completed,
});

/** The sum of the networks' whole-network counts, or null when any of them has none. */
function planned(
  networks: readonly string[],
  year: number,
  field: 'newStart' | 'continuing' | 'completed',
): number | null {
  if (networks.length === 0) return null;
  let total = 0;
  for (const network of networks) {
    const value = networkPlanCount(network, year)?.[field] ?? null;
    if (value === null) return null;
    total += value;
  }
  return total;
}

@Resolver()
export class ProjectStagesResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @Query(() => [StageRow], {
    description:
      "Projects by stage in a year per network, region or lead department, with start and completion rates against the plan document's counts. Scoped roles see only rows of their own projects.",
  })
  projectStages(
    @Context() ctx: GraphQLContext,
    @Args('year', { type: () => Int }) year: number,
    @Args('groupBy', { type: () => StageGrouping }) groupBy: StageGrouping,
    @Args('asOf', {
      type: () => String,
      nullable: true,
      description: 'YYYY-MM-DD: count only what had happened by this day (default: the year end).',
    })
    asOf: string | null,
  ): Promise<StageRow[]> {
    return asGraphQL(async () => {
      if (!Number.isInteger(year) || year < 2000 || year > 2100) {
        throw new InvalidCommandError('year', 'year must be between 2000 and 2100');
      }
      const cut = asOf === null || asOf === undefined ? null : parseLocalDate(asOf, 'asOf');
      const scope = scopeOf(await requestPrincipal(ctx));
      const facts = await this.readModels.stages.facts(scope);
      const groups = await this.groups(groupBy, facts);
      return groups
        .filter((g) => scope.kind === 'all' || g.projects.length > 0)
        .map((g) => {
          const counts = countStages(g.projects, year, cut);
          const plannedNewStart = planned(g.networks, year, 'newStart');
          const plannedCompleted = planned(g.networks, year, 'completed');
          return {
            key: g.key,
            nameZh: g.nameZh,
            ...counts,
            plannedNewStart,
            plannedContinuing: planned(g.networks, year, 'continuing'),
            plannedCompleted,
            startRate: ratePercent(counts.newStart, plannedNewStart),
            completionRate: ratePercent(counts.completed, plannedCompleted),
            planSources: PLAN_STAGE_COUNTS.filter(
              (c) => c.year === year && g.networks.includes(c.networkCode),
            ).map(sourceOf),
          };
        });
    });
  }

  private async groups(groupBy: StageGrouping, facts: StageFactsRow[]): Promise<Group[]> {
    const programme = this.readModels.programme;
    const networks = await programme.networks();
    switch (groupBy) {
      case StageGrouping.NETWORK:
        return networks.map((n) => ({
          key: n.code,
          nameZh: n.nameZh,
          projects: facts.filter((p) => p.networkCode === n.code),
          networks: [n.code],
        }));
      case StageGrouping.REGION:
        return (await programme.regions()).map((r) => ({
          key: r.code,
          nameZh: r.nameZh,
          projects: facts.filter((p) => p.regionCodes.includes(r.code)),
          networks: [],
        }));
      case StageGrouping.DEPARTMENT: {
        const departments = new Map((await programme.departments()).map((d) => [d.code, d]));
        const leads = [...new Set(networks.map((n) => n.leadDepartment))];
        return leads.map((code) => {
          const led = networks.filter((n) => n.leadDepartment === code).map((n) => n.code);
          return {
            key: code,
            nameZh: departments.get(code)?.nameZh ?? code,
            projects: facts.filter((p) => led.includes(p.networkCode)),
            networks: led,
          };
        });
      }
      default: {
        const unknown: never = groupBy;
        throw new InvalidCommandError('groupBy', `unknown grouping ${String(unknown)}`);
      }
    }
  }
}
