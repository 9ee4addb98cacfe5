import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { parseLocalDate } from '@ledger/domain-kernel';
import { toGraphQLError } from '@ledger/api';
import { PlanningReadModels } from '../read-models/planning-read-models';
import { Region } from '../programme-catalogue/programme-catalogue.types';
import { AdministrativeUnitType, toAdministrativeUnit } from './administrative-units.types';

const AS_OF = {
  type: () => String,
  nullable: true,
  description: 'A day (YYYY-MM-DD): the units as they stood on it. Omitted: as they stand now.',
};

/** A bad day is the caller's mistake (BAD_USER_INPUT naming asOf), not an internal error. */
function day(asOf: string | null | undefined): string | null {
  if (asOf === null || asOf === undefined) return null;
  try {
    return parseLocalDate(asOf, 'asOf');
  } catch (error) {
    throw toGraphQLError(error);
  }
}

@Resolver(() => AdministrativeUnitType)
export class AdministrativeUnitsResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @Query(() => [AdministrativeUnitType], {
    description:
      'Prefectures, counties (districts, counties, county-level cities) and functional areas of Jilin, as they stood on a day.',
  })
  async administrativeUnits(
    @Args('asOf', AS_OF) asOf: string | null,
    @Args('parentCode', { type: () => String, nullable: true }) parentCode: string | null,
  ): Promise<AdministrativeUnitType[]> {
    const when = day(asOf);
    return (await this.readModels.units.asOf(when, parentCode ?? null)).map(toAdministrativeUnit);
  }
}

/** The per-region view for a date: a region's units as they stood then. */
@Resolver(() => Region)
export class RegionAdministrativeUnitsResolver {
  constructor(private readonly readModels: PlanningReadModels) {}

  @ResolveField(() => [AdministrativeUnitType], {
    description:
      'The units of this region on a day: those the programme counts under it, and those then administered by one of them.',
  })
  async administrativeUnits(
    @Parent() region: Region,
    @Args('asOf', AS_OF) asOf: string | null,
  ): Promise<AdministrativeUnitType[]> {
    const when = day(asOf);
    return (await this.readModels.units.ofRegion(region.code, when)).map(toAdministrativeUnit);
  }
}
