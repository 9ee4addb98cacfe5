/**
 * The units page's GraphQL (field names as in apps/gateway/supergraph.graphql) and the shape
 * of its answer.
 */
export const UNITS_QUERY = `query AdministrativeUnits($asOf: String, $parentCode: String) {
  administrativeUnits(asOf: $asOf, parentCode: $parentCode) {
    code nameZh level parentCode programmeRegionCode validFrom validTo gbt2260
    source { kind summary }
  }
}`;

export interface AdministrativeUnit {
  code: string;
  nameZh: string;
  level: 'prefecture' | 'county' | 'functional-area';
  parentCode: string | null;
  programmeRegionCode: string | null;
  validFrom: string;
  validTo: string | null;
  gbt2260: boolean;
  source: { kind: string; summary: string };
}

export interface UnitsResult {
  administrativeUnits: AdministrativeUnit[];
}
