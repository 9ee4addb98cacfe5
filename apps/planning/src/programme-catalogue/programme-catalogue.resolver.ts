import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { PlanningReadModels } from '../read-models/planning-read-models';
import { Figure, NetworkDefined } from '../programme/domain/programme.events';
import {
  Budget,
  Category,
  Department,
  IndicatorTarget,
  Network,
  Programme,
  Region,
  SourceDiscrepancy,
  SourcedAmount,
} from './programme-catalogue.types';

const amount = (figure: Figure<string>): SourcedAmount => ({
  valueYi: figure.value,
  source: figure.source,
});
const optionalAmount = (figure: Figure<string> | null): SourcedAmount | null =>
  figure === null ? null : amount(figure);

function toNetwork(n: NetworkDefined['data']): Network {
  return {
    code: n.code,
    nameZh: n.nameZh,
    nameEn: n.nameEn,
    leadDepartment: n.leadDepartment,
    coResponsible: n.coResponsible,
    totalInvestment: optionalAmount(n.totalInvestmentYi),
    mainTextTotalInvestment: optionalAmount(n.mainTextTotalInvestmentYi),
    projectCount: n.projectCount,
  };
}

@Resolver(() => Programme)
export class ProgrammeResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @Query(() => Programme, {
    nullable: true,
    description: 'The programme; null until it is established.',
  })
  async programme(): Promise<Programme | null> {
    const p = await this.readModels.programme.programme();
    if (!p) return null;
    return {
      code: p.programmeCode,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      documentNumber: p.documentNumber,
      issuedOn: p.issuedOn,
      startYear: p.startYear,
      endYear: p.endYear,
      totalInvestment: amount(p.totalInvestmentYi),
      totalProjects: p.totalProjects,
    };
  }

  @ResolveField(() => [Network])
  async networks(): Promise<Network[]> {
    return (await this.readModels.programme.networks()).map(toNetwork);
  }

  @ResolveField(() => [Region])
  regions(): Promise<Region[]> {
    return this.readModels.programme.regions();
  }

  @ResolveField(() => [Department])
  departments(): Promise<Department[]> {
    return this.readModels.programme.departments();
  }

  @ResolveField(() => [SourceDiscrepancy])
  discrepancies(): Promise<SourceDiscrepancy[]> {
    return this.readModels.programme.discrepancies();
  }

  @ResolveField(() => [IndicatorTarget])
  targets(): Promise<IndicatorTarget[]> {
    return this.readModels.programme.targets(null);
  }
}

@Resolver(() => Network)
export class NetworkResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @Query(() => Network, { nullable: true })
  async network(@Args('code') code: string): Promise<Network | null> {
    const n = await this.readModels.programme.network(code);
    return n ? toNetwork(n) : null;
  }

  @ResolveField(() => [Category])
  async categories(@Parent() network: Network): Promise<Category[]> {
    return (await this.readModels.programme.categories(network.code)).map((c) => ({
      code: c.code,
      parentCode: c.parentCode,
      nameZh: c.nameZh,
      nameEn: c.nameEn,
      projectCount: c.projectCount,
      investment: optionalAmount(c.investmentYi),
    }));
  }

  @ResolveField(() => [Budget])
  async budgets(@Parent() network: Network): Promise<Budget[]> {
    return (await this.readModels.programme.budgets(network.code)).map((b) => ({
      categoryCode: b.categoryCode,
      regionCode: b.regionCode,
      period: b.period,
      amount: amount(b.amountYi),
      projectCount: b.projectCount,
    }));
  }

  @ResolveField(() => [IndicatorTarget])
  targets(@Parent() network: Network): Promise<IndicatorTarget[]> {
    return this.readModels.programme.targets(network.code);
  }
}
