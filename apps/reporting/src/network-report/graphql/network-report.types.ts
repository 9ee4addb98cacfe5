import { Field, InputType, ObjectType } from '@nestjs/graphql';
import { IN_REPORTING } from '../../reporting.schema';

const KINDS =
  'weekly-dispatch (周调度), quarterly-consultation (季协商) or annual-summary (年度总结).';

@InputType(IN_REPORTING)
export class SubmitNetworkReportInput {
  @Field()
  idempotencyKey!: string;
  @Field({ description: 'The network reporting: power, oilgas, info, ...' })
  networkCode!: string;
  @Field({ description: KINDS })
  kind!: string;
  @Field({
    description: 'An ISO week (2020-W23), a quarter (2020-Q2) or a year (2020), as the kind asks.',
  })
  period!: string;
  @Field({ description: 'What the dispatch, consultation or summary found, in words.' })
  summary!: string;
}

@ObjectType(IN_REPORTING)
export class NetworkReport {
  @Field()
  networkCode!: string;
  @Field({ description: KINDS })
  kind!: string;
  @Field()
  period!: string;
  @Field({ description: 'YYYY-MM-DD, on the PRC working-day calendar.' })
  dueOn!: string;
  @Field(() => String, { nullable: true })
  submittedOn!: string | null;
  @Field(() => Boolean, { nullable: true })
  late!: boolean | null;
  @Field(() => String, { nullable: true })
  submittedBy!: string | null;
  @Field(() => String, { nullable: true })
  summary!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'When the deadline watcher recorded it overdue (NetworkReportOverdue).',
  })
  overdueRecordedOn!: string | null;
}

@ObjectType(IN_REPORTING)
export class NetworkReportResult {
  @Field()
  replayed!: boolean;
  @Field({ description: 'False when recorded but the read model lags: query again shortly.' })
  projected!: boolean;
  @Field(() => String, { nullable: true })
  position!: string | null;
  @Field(() => NetworkReport, { nullable: true, description: 'The report after the command.' })
  report!: NetworkReport | null;
}

@ObjectType(IN_REPORTING)
export class ReportDeadline {
  @Field()
  networkCode!: string;
  @Field({ description: KINDS })
  kind!: string;
  @Field()
  kindNameZh!: string;
  @Field()
  period!: string;
  @Field({ description: "The period's first day." })
  periodStart!: string;
  @Field({ description: "The period's last day." })
  periodEnd!: string;
  @Field({ description: 'YYYY-MM-DD: the working days after the period its kind allows.' })
  dueOn!: string;
  @Field({
    description:
      'submitted (on time), late (submitted after dueOn), overdue (not submitted, dueOn passed) or due (not submitted, dueOn not passed), as of the date asked.',
  })
  status!: string;
  @Field(() => String, { nullable: true })
  submittedOn!: string | null;
  @Field(() => String, { nullable: true })
  overdueRecordedOn!: string | null;
  @Field({ description: 'Where the document says the network owes this kind: L<line> and quote.' })
  source!: string;
}
