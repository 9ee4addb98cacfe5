import { Args, Field, Int, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { PROGRESS_DIMENSIONS, ProgressDimension } from './progress.queries';
import { ReportingReadModels } from '../read-models/reporting-read-models';

const ProgressDimensionEnum = Object.fromEntries(PROGRESS_DIMENSIONS.map((d) => [d, d])) as Record<
  ProgressDimension,
  ProgressDimension
>;
registerEnumType(ProgressDimensionEnum, { name: 'ProgressDimension' });

const YUAN = 'Yuan, exact decimal string.';

@ObjectType({ description: 'Investment and reporting progress of one group of projects.' })
export class ProgressLine {
  @Field({ description: 'The network, network/category, region, responsible unit or tag.' })
  key!: string;
  @Field(() => Int)
  projects!: number;
  @Field(() => Int)
  approvedProjects!: number;
  @Field(() => Int)
  completedProjects!: number;
  @Field({ description: `Planned total investment. ${YUAN}` })
  planned!: string;
  @Field({ description: `Approved investment. ${YUAN}` })
  approved!: string;
  @Field({ description: `Disbursed so far. ${YUAN}` })
  disbursed!: string;
  @Field({ description: `Cumulative investment completed, as last reported. ${YUAN}` })
  reported!: string;
  @Field(() => Int)
  projectsWithOverdueReports!: number;
}

@Resolver()
export class ProgressResolver {
  constructor(private readonly readModels: ReportingReadModels) {}

  @Query(() => [ProgressLine], {
    description: 'Progress grouped by network, category, region, responsible unit or tag.',
  })
  async progress(
    @Args('by', { type: () => ProgressDimensionEnum }) by: ProgressDimension,
    @Args('synthetic', {
      type: () => Boolean,
      nullable: true,
      description: 'Only synthetic (true) or only real (false) projects; both when omitted.',
    })
    synthetic: boolean | null,
  ): Promise<ProgressLine[]> {
    const rows = await this.readModels.progress.progressBy(by, synthetic ?? null);
    return rows.map((r) => ({
      key: r.key,
      projects: r.projects,
      approvedProjects: r.approved_projects,
      completedProjects: r.completed_projects,
      planned: r.planned,
      approved: r.approved,
      disbursed: r.disbursed,
      reported: r.reported,
      projectsWithOverdueReports: r.projects_with_overdue_reports,
    }));
  }
}
