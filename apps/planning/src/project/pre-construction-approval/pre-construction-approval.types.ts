import { Field, ObjectType } from '@nestjs/graphql';
import { PreConstructionApprovalStep } from '@ledger/contracts/planning/pre-construction-approvals';
import { IN_PLANNING } from '../../planning.schema';
import { PreConstructionApprovalStepEnum } from './pre-construction-approval.inputs';

@ObjectType({ ...IN_PLANNING, description: 'One pre-construction approval (前期审批) as issued.' })
export class PreConstructionApproval {
  @Field(() => PreConstructionApprovalStepEnum)
  step!: PreConstructionApprovalStep;
  @Field({ description: 'The step in Chinese, e.g. 环评.' })
  stepZh!: string;
  @Field({ description: 'YYYY-MM-DD' })
  issuedOn!: string;
  @Field()
  issuingBody!: string;
  @Field()
  documentNumber!: string;
  @Field({ description: 'The id of the event that recorded it (evidence).' })
  eventId!: string;
}
