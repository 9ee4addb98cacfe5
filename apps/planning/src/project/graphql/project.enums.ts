import { registerEnumType } from '@nestjs/graphql';
import {
  CONSTRUCTION_NATURES,
  FUNDING_SOURCES,
  MATURITY_RATINGS,
  MILESTONE_KINDS,
  PROJECT_STATUSES,
} from '../domain/project-vocabulary';
import { IN_PLANNING } from '../../planning.schema';

/** GraphQL enums built from the domain's own lists, so the two can never drift apart. */
function enumOf<T extends string>(values: readonly T[]): Record<T, T> {
  return Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
}

export const FundingSourceEnum = enumOf(FUNDING_SOURCES);
export const ConstructionNatureEnum = enumOf(CONSTRUCTION_NATURES);
export const MilestoneKindEnum = enumOf(MILESTONE_KINDS);
export const ProjectStatusEnum = enumOf(PROJECT_STATUSES);
export const MaturityRatingEnum = enumOf(MATURITY_RATINGS);

registerEnumType(FundingSourceEnum, {
  ...IN_PLANNING,
  name: 'FundingSource',
  description: 'Funding sources the plan names (central budget, special bonds, PPP, ...).',
});
registerEnumType(ConstructionNatureEnum, { ...IN_PLANNING, name: 'ConstructionNature' });
registerEnumType(MilestoneKindEnum, { ...IN_PLANNING, name: 'MilestoneKind' });
registerEnumType(ProjectStatusEnum, { ...IN_PLANNING, name: 'ProjectStatus' });
registerEnumType(MaturityRatingEnum, {
  ...IN_PLANNING,
  name: 'MaturityRating',
  description: 'Municipal projects only (成熟度评定): A ready to start, C most preparation left.',
});
