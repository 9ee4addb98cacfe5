import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IN_REPORTING } from '../../reporting.schema';

const YUAN = 'Yuan as a decimal string, at most two decimals.';

@InputType(IN_REPORTING)
export class ReportedQuantityInput {
  @Field({ description: 'The plan indicator it counts towards, e.g. 5g-base-stations-new.' })
  indicatorCode!: string;
  @Field({ description: 'Decimal string.' })
  quantity!: string;
  @Field()
  unit!: string;
}

@InputType(IN_REPORTING)
export class DispatchReportInput {
  @Field()
  idempotencyKey!: string;
  @Field()
  projectId!: string;
  @Field({ description: 'The month reported on, YYYY-MM.' })
  period!: string;
  @Field({ description: YUAN })
  investmentInMonth!: string;
  @Field({ description: YUAN })
  cumulativeInvestment!: string;
  @Field({ description: '形象进度 in percent, 0-100, at most two decimals.' })
  physicalProgressPercent!: string;
  @Field({ description: '形象进度 in words.' })
  physicalProgress!: string;
  @Field(() => [ReportedQuantityInput], { defaultValue: [] })
  quantities!: ReportedQuantityInput[];
  @Field(() => String, { nullable: true })
  problems?: string | null;
  @Field({ description: 'The responsible unit submitting the report.' })
  submittedBy!: string;
}

@InputType(IN_REPORTING)
export class CorrectDispatchReportInput extends DispatchReportInput {
  @Field({ description: 'Why the report changes; kept with the correction.' })
  reason!: string;
}

/**
 * One command of `reportingCommands`: exactly one field set, named for the mutation that
 * takes the same input alone (GraphQL has no input unions).
 */
@InputType(IN_REPORTING)
export class ReportingCommandInput {
  @Field(() => DispatchReportInput, { nullable: true })
  submitDispatchReport?: DispatchReportInput | null;
  @Field(() => CorrectDispatchReportInput, { nullable: true })
  correctDispatchReport?: CorrectDispatchReportInput | null;
}

@ObjectType(IN_REPORTING)
export class DispatchReport {
  @Field()
  period!: string;
  @Field()
  investmentInMonth!: string;
  @Field()
  cumulativeInvestment!: string;
  @Field()
  physicalProgressPercent!: string;
  @Field()
  physicalProgress!: string;
  @Field(() => String, { nullable: true })
  problems!: string | null;
  @Field()
  submittedBy!: string;
  @Field(() => String, { nullable: true })
  dueOn!: string | null;
  @Field(() => String, { nullable: true })
  submittedOn!: string | null;
  @Field(() => Boolean, { nullable: true })
  late!: boolean | null;
  @Field(() => Int, { description: 'Corrections recorded for this month.' })
  corrections!: number;
}

@ObjectType(IN_REPORTING)
export class DispatchReportResult {
  @Field()
  replayed!: boolean;
  @Field({ description: 'False when recorded but the read model lags: query again shortly.' })
  projected!: boolean;
  @Field(() => String, { nullable: true })
  position!: string | null;
  @Field(() => [DispatchReport], { description: "The project's reports after the command." })
  reports!: DispatchReport[];
}
