import { Fen, LocalDate } from '@ledger/domain-kernel';
import { ProjectId } from '../../apps/planning/src/project/domain/project-id';
import { ProposeProject } from '../../apps/planning/src/project/domain/project.commands';

/**
 * A SYNTHETIC project for the property tests: proposed on 1 January 2021, for 5,000,000 yuan
 * unless told otherwise. Only what a property varies is a parameter.
 */
export function propertyProposal(
  projectId: ProjectId,
  overrides: Partial<Omit<ProposeProject, 'type' | 'projectId'>> = {},
): ProposeProject {
  return {
    type: 'ProposeProject',
    projectId,
    nameZh: '属性测试',
    nameEn: null,
    networkCode: 'municipal',
    categoryCode: 'c',
    tags: [],
    regionCode: 'changchun',
    responsibleUnit: 'u',
    constructionNature: 'new_build',
    plannedTotalInvestment: 5_000_000n as Fen,
    fundingPlan: [],
    plannedStart: '2021-01-01' as LocalDate,
    plannedEnd: '2023-06-20' as LocalDate,
    annualInvestmentPlan: [],
    synthetic: true,
    ...overrides,
  };
}
