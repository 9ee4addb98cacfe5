/**
 * The map's GraphQL (field names as in apps/gateway/supergraph.graphql) and the shapes of its
 * answers. Red flags are counted per region with one aliased riskFlags field per region, in
 * one request: the API has no count, and a region's list is capped at FLAG_LIMIT.
 */
import type { AsOf } from '../../app/as-of';
import { PROGRESS_LINE_FIELDS, ProgressLine } from '../overview/overview.queries';

export interface MapRegion {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
}

// The programme has no ...AsOf form in the API: its regions are today's list.
export const MAP_PROGRAMME = `query MapProgramme {
  programme { startYear regions { code nameZh nameEn kind } }
}`;

export interface MapProgrammeResult {
  programme: { startYear: number; regions: MapRegion[] } | null;
}

/** The most flags a region's list returns (the API's maximum page); more reads as "≥". */
export const FLAG_LIMIT = 200;

export type FlagAlias = `flags${number}`;

export interface MapMonthResult {
  progress: ProgressLine[];
  [alias: FlagAlias]: Array<{ flagId: string }>;
}

/**
 * Progress by region through the month, and each region's open red flags (RiskFlagFilter:
 * regionCode, status "open", severity "red"); now or as of the past.
 */
export function mapMonthQuery(
  asOf: AsOf | null,
  regionCodes: readonly string[],
): { query: string; variables: Record<string, unknown> } {
  const filters = regionCodes.map((_, i) => `$region${i}: RiskFlagFilter`).join(', ');
  const flags = regionCodes
    .map((_, i) =>
      asOf
        ? `flags${i}: riskFlagsAsOf(asOf: $asOf, filter: $region${i}, first: ${FLAG_LIMIT}) { flagId }`
        : `flags${i}: riskFlags(filter: $region${i}, first: ${FLAG_LIMIT}) { flagId }`,
    )
    .join('\n  ');
  const progress = asOf
    ? `progress: progressAsOf(asOf: $asOf, by: "region", through: $month) { ${PROGRESS_LINE_FIELDS} }`
    : `progress(by: region, through: $month) { ${PROGRESS_LINE_FIELDS} }`;
  const parameters = [asOf ? '$asOf: AsOf!' : null, '$month: String!', filters || null]
    .filter(Boolean)
    .join(', ');
  const variables: Record<string, unknown> = Object.fromEntries(
    regionCodes.map((code, i) => [
      `region${i}`,
      { regionCode: code, status: 'open', severity: 'red' },
    ]),
  );
  return {
    query: `query MapMonth(${parameters}) {
  ${progress}
  ${flags}
}`,
    variables,
  };
}
