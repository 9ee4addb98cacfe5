import { Field, InputType, Int } from '@nestjs/graphql';
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
import {
  AssignNationalProjectCodeInput,
  RecordPreConstructionApprovalInput,
} from '../pre-construction-approval/pre-construction-approval.inputs';

const YUAN = 'Yuan as a decimal string, at most two decimals: "1250000.50".';
const DATE = 'A calendar date, YYYY-MM-DD.';

@InputType(IN_PLANNING)
export class FundingLineInput {
  @Field(() => FundingSourceEnum)
  source!: FundingSource;
  @Field({ description: YUAN })
  amount!: string;
}

@InputType(IN_PLANNING)
export class AnnualInvestmentInput {
  @Field(() => Int)
  year!: number;
  @Field({ description: YUAN })
  amount!: string;
}

/** Every command names its project and carries the client's idempotency key. */
@InputType({ ...IN_PLANNING, isAbstract: true })
abstract class ProjectCommandInput {
  @Field({
    description:
      'Your key for this command. Sending the same command with the same key again returns the first result and records nothing new.',
  })
  idempotencyKey!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Act only if the project is still at this version (what you last read).',
  })
  expectedVersion?: string | null;
}

@InputType(IN_PLANNING)
export class ProposeProjectInput {
  @Field({ description: 'See ProjectCommandInput.idempotencyKey.' })
  idempotencyKey!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Lower-case letters, digits and "-"; derived from the idempotency key when omitted.',
  })
  projectId?: string | null;
  @Field({ description: 'The project name in Chinese.' })
  nameZh!: string;
  @Field(() => String, { nullable: true })
  nameEn?: string | null;
  @Field()
  networkCode!: string;
  @Field()
  categoryCode!: string;
  @Field(() => [String], { defaultValue: [] })
  tags!: string[];
  @Field()
  regionCode!: string;
  @Field({ description: 'The unit responsible for building it (项目单位).' })
  responsibleUnit!: string;
  @Field(() => ConstructionNatureEnum)
  constructionNature!: ConstructionNature;
  @Field({ description: YUAN })
  plannedTotalInvestment!: string;
  @Field(() => [FundingLineInput], { description: 'Must add up to the planned total.' })
  fundingPlan!: FundingLineInput[];
  @Field({ description: DATE })
  plannedStart!: string;
  @Field({ description: DATE })
  plannedEnd!: string;
  @Field(() => [AnnualInvestmentInput], { defaultValue: [] })
  annualInvestmentPlan!: AnnualInvestmentInput[];
  @Field({
    defaultValue: false,
    description:
      'Generated data (demonstrations, benchmarks), never a real project: shown as synthetic wherever the project appears.',
  })
  synthetic!: boolean;
}

@InputType(IN_PLANNING)
export class ApproveProjectInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field({ description: 'The approving authority, e.g. 省发展改革委.' })
  authority!: string;
  @Field({ description: 'The approval document number.' })
  documentNumber!: string;
  @Field({ description: YUAN })
  approvedInvestment!: string;
  @Field({ description: DATE })
  approvedOn!: string;
}

@InputType(IN_PLANNING)
export class AdjustProjectPlanInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field({ description: DATE })
  adjustedOn!: string;
  @Field({ description: 'Why the plan changes; kept with the change.' })
  reason!: string;
  @Field(() => String, { nullable: true, description: YUAN })
  plannedTotalInvestment?: string | null;
  @Field(() => String, { nullable: true, description: YUAN })
  approvedInvestment?: string | null;
  @Field(() => String, { nullable: true, description: DATE })
  plannedStart?: string | null;
  @Field(() => String, { nullable: true, description: DATE })
  plannedEnd?: string | null;
  @Field(() => [FundingLineInput], { nullable: true })
  fundingPlan?: FundingLineInput[] | null;
  @Field(() => [AnnualInvestmentInput], { nullable: true })
  annualInvestmentPlan?: AnnualInvestmentInput[] | null;
}

@InputType(IN_PLANNING)
export class DisburseFundsInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field({ description: 'The payment reference: unique within the project.' })
  disbursementId!: string;
  @Field({ description: YUAN })
  amount!: string;
  @Field(() => FundingSourceEnum)
  source!: FundingSource;
  @Field({ description: DATE })
  paidOn!: string;
  @Field()
  payee!: string;
}

@InputType(IN_PLANNING)
export class ScheduleMilestoneInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field(() => MilestoneKindEnum)
  kind!: MilestoneKind;
  @Field({ description: DATE })
  plannedOn!: string;
}

@InputType(IN_PLANNING)
export class RecordMilestoneMetInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field(() => MilestoneKindEnum)
  kind!: MilestoneKind;
  @Field({ description: DATE })
  metOn!: string;
}

@InputType(IN_PLANNING)
export class ProjectDatedInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field({ description: 'The day it happened, YYYY-MM-DD.' })
  date!: string;
}

@InputType(IN_PLANNING)
export class ProjectReasonedInput extends ProjectDatedInput {
  @Field()
  reason!: string;
}

@InputType(IN_PLANNING)
export class RateProjectMaturityInput extends ProjectCommandInput {
  @Field()
  projectId!: string;
  @Field(() => MaturityRatingEnum)
  rating!: MaturityRating;
  @Field({ description: DATE })
  ratedOn!: string;
  @Field({ description: 'The preparatory work the rating rests on.' })
  basis!: string;
}

@InputType(IN_PLANNING)
export class ProjectFilterInput {
  @Field(() => String, { nullable: true })
  networkCode?: string | null;
  @Field(() => String, { nullable: true })
  categoryCode?: string | null;
  @Field(() => String, { nullable: true })
  regionCode?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A lead department: the projects of the networks it leads.',
  })
  departmentCode?: string | null;
  @Field(() => ProjectStatusEnum, { nullable: true })
  status?: ProjectStatus | null;
  @Field(() => String, { nullable: true, description: 'A new-type infrastructure tag.' })
  tag?: string | null;
}

/**
 * One command of `planningCommands`: exactly one field set, named for the mutation that
 * takes the same input alone (GraphQL has no input unions).
 */
@InputType(IN_PLANNING)
export class PlanningCommandInput {
  @Field(() => ProposeProjectInput, { nullable: true })
  proposeProject?: ProposeProjectInput | null;
  @Field(() => ApproveProjectInput, { nullable: true })
  approveProject?: ApproveProjectInput | null;
  @Field(() => AdjustProjectPlanInput, { nullable: true })
  adjustProjectPlan?: AdjustProjectPlanInput | null;
  @Field(() => DisburseFundsInput, { nullable: true })
  disburseFunds?: DisburseFundsInput | null;
  @Field(() => ScheduleMilestoneInput, { nullable: true })
  scheduleMilestone?: ScheduleMilestoneInput | null;
  @Field(() => RecordMilestoneMetInput, { nullable: true })
  recordMilestoneMet?: RecordMilestoneMetInput | null;
  @Field(() => ProjectDatedInput, { nullable: true })
  startConstruction?: ProjectDatedInput | null;
  @Field(() => ProjectDatedInput, { nullable: true })
  completeProject?: ProjectDatedInput | null;
  @Field(() => ProjectReasonedInput, { nullable: true })
  suspendProject?: ProjectReasonedInput | null;
  @Field(() => ProjectDatedInput, { nullable: true })
  resumeProject?: ProjectDatedInput | null;
  @Field(() => ProjectReasonedInput, { nullable: true })
  cancelProject?: ProjectReasonedInput | null;
  @Field(() => RateProjectMaturityInput, { nullable: true })
  rateProjectMaturity?: RateProjectMaturityInput | null;
  @Field(() => AssignNationalProjectCodeInput, { nullable: true })
  assignNationalProjectCode?: AssignNationalProjectCodeInput | null;
  @Field(() => RecordPreConstructionApprovalInput, { nullable: true })
  recordPreConstructionApproval?: RecordPreConstructionApprovalInput | null;
}
