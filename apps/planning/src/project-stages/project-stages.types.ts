import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IN_PLANNING } from '../planning.schema';

export enum StageGrouping {
  NETWORK = 'NETWORK',
  REGION = 'REGION',
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(StageGrouping, {
  ...IN_PLANNING,
  name: 'StageGrouping',
  description: 'Rows per network, per region, or per lead department.',
});

const RATE =
  'Percent with two decimals, rounded down ("56.36"); null when the plan states no count to measure against.';

@ObjectType({ ...IN_PLANNING, description: 'Where the plan document states a stage count.' })
export class StagePlanSource {
  @Field()
  document!: string;
  @Field(() => Int)
  line!: number;
  @Field()
  quote!: string;
  @Field({ description: 'network: the count covers the whole network; partial: part of it.' })
  coverage!: string;
  @Field(() => String, { nullable: true, description: 'What a partial count counts.' })
  part!: string | null;
  @Field(() => Int, { nullable: true })
  newStart!: number | null;
  @Field(() => Int, { nullable: true })
  continuing!: number | null;
  @Field(() => Int, { nullable: true })
  completed!: number | null;
}

@ObjectType({
  ...IN_PLANNING,
  description:
    "Projects by stage in a year (储备 reserve, 新开工 new start, 续建 continuing, 建成 completed), derived from their events, next to the plan document's counts.",
})
export class StageRow {
  @Field({ description: 'The network, region or department code.' })
  key!: string;
  @Field()
  nameZh!: string;
  @Field(() => Int)
  reserve!: number;
  @Field(() => Int)
  newStart!: number;
  @Field(() => Int)
  continuing!: number;
  @Field(() => Int)
  completed!: number;
  @Field(() => Int, { nullable: true })
  plannedNewStart!: number | null;
  @Field(() => Int, { nullable: true })
  plannedContinuing!: number | null;
  @Field(() => Int, { nullable: true })
  plannedCompleted!: number | null;
  @Field(() => String, { nullable: true, description: `newStart / plannedNewStart. ${RATE}` })
  startRate!: string | null;
  @Field(() => String, { nullable: true, description: `completed / plannedCompleted. ${RATE}` })
  completionRate!: string | null;
  @Field(() => [StagePlanSource], {
    description: 'Every count the document states for this row and year, whole or partial.',
  })
  planSources!: StagePlanSource[];
}
