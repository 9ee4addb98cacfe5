import { Directive, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '@ledger/api';
import {
  ConstructionNature,
  FundingSource,
  MaturityRating,
  MilestoneKind,
  ProjectStatus,
} from '../domain/project-vocabulary';
import {
  ConstructionNatureEnum,
  FundingSourceEnum,
  MaturityRatingEnum,
  MilestoneKindEnum,
  ProjectStatusEnum,
} from './project.enums';
import { IN_PLANNING } from '../../planning.schema';

const YUAN = 'Yuan as an exact decimal string with two decimals, e.g. "1250000.00".';

@ObjectType(IN_PLANNING)
export class FundingLine {
  @Field(() => FundingSourceEnum)
  source!: FundingSource;
  @Field({ description: YUAN })
  amount!: string;
}

@ObjectType(IN_PLANNING)
export class AnnualInvestment {
  @Field(() => Int)
  year!: number;
  @Field({ description: YUAN })
  amount!: string;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'A project plan: the baseline as first proposed, or the current one.',
})
export class ProjectPlan {
  @Field(() => String, { nullable: true, description: YUAN })
  plannedTotalInvestment!: string | null;
  @Field(() => String, { nullable: true, description: YUAN })
  approvedInvestment!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  plannedStart!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  plannedEnd!: string | null;
  @Field(() => [FundingLine])
  fundingPlan!: FundingLine[];
  @Field(() => [AnnualInvestment])
  annualInvestmentPlan!: AnnualInvestment[];
}

@ObjectType(IN_PLANNING)
export class Approval {
  @Field({ description: 'The approving authority, e.g. 省发展改革委.' })
  authority!: string;
  @Field({ description: 'The approval document number, e.g. 吉发改审批〔2021〕12号.' })
  documentNumber!: string;
  @Field({ description: YUAN })
  approvedInvestment!: string;
  @Field()
  approvedOn!: string;
}

@ObjectType(IN_PLANNING)
export class Disbursement {
  @Field(() => ID)
  disbursementId!: string;
  @Field({ description: YUAN })
  amount!: string;
  @Field(() => FundingSourceEnum)
  source!: FundingSource;
  @Field()
  paidOn!: string;
  @Field()
  payee!: string;
}

@ObjectType(IN_PLANNING)
export class Milestone {
  @Field(() => MilestoneKindEnum)
  kind!: MilestoneKind;
  @Field(() => String, { nullable: true })
  plannedOn!: string | null;
  @Field(() => String, { nullable: true })
  metOn!: string | null;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'One adjustment of the plan: what changed, from what, and why.',
})
export class PlanAdjustment {
  @Field()
  adjustedOn!: string;
  @Field()
  reason!: string;
  @Field({ description: 'The changed fields and their new values, as JSON.' })
  changes!: string;
  @Field({ description: 'The same fields before the change, as JSON.' })
  previous!: string;
}

@ObjectType({ ...IN_PLANNING, description: 'Where the plan document names this project.' })
export class SourceReference {
  @Field()
  document!: string;
  @Field(() => Int)
  line!: number;
  @Field()
  quote!: string;
}

// The entity of the one graph: planning owns it; reporting, assessment and audit add fields.
@Directive('@key(fields: "projectId")')
@ObjectType({ ...IN_PLANNING, description: 'A project in the 761 project library.' })
export class Project {
  @Field(() => ID)
  projectId!: string;
  @Field({ description: 'The project name in Chinese, as proposed or as the plan names it.' })
  nameZh!: string;
  @Field(() => String, { nullable: true })
  nameEn!: string | null;
  @Field()
  networkCode!: string;
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field(() => [String])
  regionCodes!: string[];
  @Field(() => [String], { description: 'New-type infrastructure tags (5g, uhv, ...).' })
  tags!: string[];
  @Field(() => String, { nullable: true })
  responsibleUnit!: string | null;
  @Field(() => ConstructionNatureEnum, { nullable: true })
  constructionNature!: ConstructionNature | null;
  @Field(() => ProjectStatusEnum)
  status!: ProjectStatus;
  @Field({ description: 'True when the plan document itself names the project.' })
  fromPlanDocument!: boolean;
  @Field({ description: 'True for generated projects that only add volume: never real data.' })
  synthetic!: boolean;
  @Field(() => SourceReference, { nullable: true })
  source!: SourceReference | null;
  @Field(() => ProjectPlan)
  baseline!: ProjectPlan;
  @Field(() => ProjectPlan)
  currentPlan!: ProjectPlan;
  @Field(() => Approval, { nullable: true })
  approval!: Approval | null;
  @Field({ description: YUAN })
  disbursedTotal!: string;
  @Field(() => String, { nullable: true })
  startedOn!: string | null;
  @Field(() => String, { nullable: true })
  completedOn!: string | null;
  @Field(() => MaturityRatingEnum, { nullable: true })
  maturityRating!: MaturityRating | null;
  @Field({ description: 'Stream version: pass it as expectedVersion to act only on what you saw.' })
  version!: string;
}

@ObjectType(IN_PLANNING)
export class ProjectEdge {
  @Field()
  cursor!: string;
  @Field(() => Project)
  node!: Project;
}

@ObjectType(IN_PLANNING)
export class ProjectConnection {
  @Field(() => [ProjectEdge])
  edges!: ProjectEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int)
  totalCount!: number;
}

@ObjectType({ ...IN_PLANNING, description: 'What a project command did.' })
export class ProjectCommandResult {
  @Field(() => Project, {
    nullable: true,
    description: 'The project as the library now shows it; null only when not projected yet.',
  })
  project!: Project | null;
  @Field({
    description:
      'True when the library already shows this command. False: it is recorded, but the read model lags; query again shortly.',
  })
  projected!: boolean;
  @Field({
    description:
      'True when this was a retry with a known idempotency key: nothing new was recorded.',
  })
  replayed!: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Global position of the last event recorded.',
  })
  position!: string | null;
}
