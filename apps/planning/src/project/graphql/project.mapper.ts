import { ProjectRow } from '../../project-library/project-library.queries';
import {
  ConstructionNature,
  FundingSource,
  MaturityRating,
  ProjectStatus,
} from '../domain/project-vocabulary';
import { Project, ProjectPlan } from './project.types';

function plan(json: ProjectRow['baseline']): ProjectPlan {
  return {
    plannedTotalInvestment: json.plannedTotalInvestment,
    approvedInvestment: json.approvedInvestment,
    plannedStart: json.plannedStart,
    plannedEnd: json.plannedEnd,
    fundingPlan: json.fundingPlan.map((l) => ({
      source: l.source as FundingSource,
      amount: l.amount,
    })),
    annualInvestmentPlan: json.annualInvestmentPlan,
  };
}

/** Read-model row to GraphQL object. Values were checked when their events were decided. */
export function toProject(row: ProjectRow): Project {
  return {
    projectId: row.project_id,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    networkCode: row.network_code,
    categoryCode: row.category_code,
    regionCodes: row.region_codes,
    tags: row.tags,
    responsibleUnit: row.responsible_unit,
    constructionNature: row.construction_nature as ConstructionNature | null,
    status: row.status as ProjectStatus,
    fromPlanDocument: row.from_plan_document,
    synthetic: row.synthetic,
    source: row.source,
    baseline: plan(row.baseline),
    currentPlan: plan(row.current_plan),
    approval: row.approval,
    disbursedTotal: row.disbursed_total,
    startedOn: row.started_on,
    completedOn: row.completed_on,
    maturityRating: row.maturity_rating as MaturityRating | null,
    version: row.version,
  };
}
