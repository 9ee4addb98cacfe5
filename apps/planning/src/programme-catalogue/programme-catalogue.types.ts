import { Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { IN_PLANNING } from '../planning.schema';

@ObjectType({
  ...IN_PLANNING,
  description: 'Where the plan document says it: 1-based line and the exact words.',
})
export class SourceLine {
  @Field(() => Int)
  line!: number;
  @Field()
  quote!: string;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'An amount in 亿元 (100 million yuan) as the document states it, exact.',
})
export class SourcedAmount {
  @Field({ description: '亿元, decimal string' })
  valueYi!: string;
  @Field(() => SourceLine)
  source!: SourceLine;
}

@ObjectType(IN_PLANNING)
export class SourcedCount {
  @Field(() => Int)
  value!: number;
  @Field(() => SourceLine)
  source!: SourceLine;
}

// An entity: reporting adds its progress, assessment its score; planning owns its name.
@Directive('@key(fields: "code")')
@ObjectType({
  ...IN_PLANNING,
  description: 'A lead department (牵头部门) of one or more networks.',
})
export class Department {
  @Field()
  code!: string;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field()
  kind!: string;
}

@Directive('@key(fields: "code")')
@ObjectType({ ...IN_PLANNING, description: 'A city or prefecture of the programme.' })
export class Region {
  @Field()
  code!: string;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field()
  kind!: string;
}

@ObjectType(IN_PLANNING)
export class Category {
  @Field()
  code!: string;
  @Field(() => String, { nullable: true })
  parentCode!: string | null;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field(() => SourcedCount, { nullable: true })
  projectCount!: SourcedCount | null;
  @Field(() => SourcedAmount, { nullable: true })
  investment!: SourcedAmount | null;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'Investment planned for a network, category or region over a period.',
})
export class Budget {
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field(() => String, { nullable: true })
  regionCode!: string | null;
  @Field({ description: '2020, 2021-2025 (14th Five-Year Plan) or programme' })
  period!: string;
  @Field(() => SourcedAmount)
  amount!: SourcedAmount;
  @Field(() => SourcedCount, { nullable: true })
  projectCount!: SourcedCount | null;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'An indicator target of the plan, e.g. 7,500 new 5G base stations in 2020.',
})
export class IndicatorTarget {
  @Field()
  code!: string;
  @Field()
  networkCode!: string;
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field(() => String, { nullable: true })
  kind!: string | null;
  @Field(() => String, { nullable: true })
  unit!: string | null;
  @Field(() => String, { nullable: true })
  comparator!: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal string; null when qualitative.' })
  value!: string | null;
  @Field(() => String, { nullable: true, description: 'Lower bound of a range target.' })
  valueMin!: string | null;
  @Field(() => String, { nullable: true, description: 'Upper bound of a range target.' })
  valueMax!: string | null;
  @Field(() => Int, { nullable: true })
  year!: number | null;
  @Field(() => Int, { nullable: true })
  byEndOf!: number | null;
  @Field(() => String, { nullable: true })
  period!: string | null;
  @Field(() => SourceLine)
  source!: SourceLine;
}

@ObjectType(IN_PLANNING)
export class DiscrepancyFigure {
  @Field()
  label!: string;
  @Field()
  value!: string;
  @Field(() => SourceLine, {
    nullable: true,
    description: 'Null for a figure derived from others.',
  })
  source!: SourceLine | null;
}

@ObjectType({
  ...IN_PLANNING,
  description: 'Where the plan document disagrees with itself. Both figures are kept.',
})
export class SourceDiscrepancy {
  @Field()
  code!: string;
  @Field(() => String, { nullable: true })
  networkCode!: string | null;
  @Field()
  severity!: string;
  @Field()
  description!: string;
  @Field(() => [DiscrepancyFigure])
  figures!: DiscrepancyFigure[];
}

@ObjectType({
  ...IN_PLANNING,
  description: 'One of the 6 networks or the social-services shortfall.',
})
export class Network {
  @Field()
  code!: string;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field({ description: 'Lead department (牵头), which reports monthly.' })
  leadDepartment!: string;
  @Field(() => [String])
  coResponsible!: string[];
  @Field(() => SourcedAmount, { nullable: true, description: 'The annex figure.' })
  totalInvestment!: SourcedAmount | null;
  @Field(() => SourcedAmount, { nullable: true, description: 'The rounded main-text figure.' })
  mainTextTotalInvestment!: SourcedAmount | null;
  @Field(() => SourcedCount, { nullable: true })
  projectCount!: SourcedCount | null;
}

@ObjectType({ ...IN_PLANNING, description: 'The programme as the plan document establishes it.' })
export class Programme {
  @Field()
  code!: string;
  @Field()
  nameZh!: string;
  @Field()
  nameEn!: string;
  @Field()
  documentNumber!: string;
  @Field()
  issuedOn!: string;
  @Field(() => Int)
  startYear!: number;
  @Field(() => Int)
  endYear!: number;
  @Field(() => SourcedAmount)
  totalInvestment!: SourcedAmount;
  @Field(() => SourcedCount)
  totalProjects!: SourcedCount;
}
