import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import {
  PRE_CONSTRUCTION_APPROVAL_NAMES_ZH,
  PRE_CONSTRUCTION_APPROVAL_STEPS,
  PreConstructionApprovalStep,
} from '@ledger/contracts/planning/pre-construction-approvals';
import { IN_PLANNING } from '../../planning.schema';

const DATE = 'A calendar date, YYYY-MM-DD.';

/** GraphQL names (PROJECT_APPROVAL) for the published step codes ('project-approval'). */
export const PreConstructionApprovalStepEnum = Object.fromEntries(
  PRE_CONSTRUCTION_APPROVAL_STEPS.map((step) => [step.toUpperCase().replace(/-/g, '_'), step]),
) as Record<string, PreConstructionApprovalStep>;

registerEnumType(PreConstructionApprovalStepEnum, {
  ...IN_PLANNING,
  name: 'PreConstructionApprovalStep',
  description: `Pre-construction approvals (前期审批): ${PRE_CONSTRUCTION_APPROVAL_STEPS.map((s) => `${s} ${PRE_CONSTRUCTION_APPROVAL_NAMES_ZH[s]}`).join(', ')}.`,
});

/**
 * The key and expected version every project command carries, as project.inputs.ts has
 * them (not imported: project.inputs.ts imports this file for PlanningCommandInput).
 */
@InputType({ ...IN_PLANNING, isAbstract: true })
abstract class ApprovalCommandInput {
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
export class AssignNationalProjectCodeInput extends ApprovalCommandInput {
  @Field()
  projectId!: string;
  @Field({
    description:
      'The 24-character code of the national online approval platform (全国投资项目在线审批监管平台), e.g. 2020-220100-48-01-012345.',
  })
  code!: string;
  @Field({ description: DATE })
  assignedOn!: string;
}

@InputType(IN_PLANNING)
export class RecordPreConstructionApprovalInput extends ApprovalCommandInput {
  @Field()
  projectId!: string;
  @Field(() => PreConstructionApprovalStepEnum)
  step!: PreConstructionApprovalStep;
  @Field({ description: DATE })
  issuedOn!: string;
  @Field({ description: 'The issuing body, e.g. 吉林省生态环境厅.' })
  issuingBody!: string;
  @Field({ description: 'The approval document number, e.g. 吉环审字〔2020〕12号.' })
  documentNumber!: string;
}
