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

export interface MapProgressResult {
  progress: ProgressLine[];
}

/** Progress by region through the month, now or as of the past. */
export function mapProgressQuery(asOf: AsOf | null): string {
  return asOf
    ? `query MapProgressAsOf($asOf: AsOf!, $month: String!) {
  progress: progressAsOf(asOf: $asOf, by: "region", through: $month) { ${PROGRESS_LINE_FIELDS} }
}`
    : `query MapProgress($month: String!) {
  progress(by: region, through: $month) { ${PROGRESS_LINE_FIELDS} }
}`;
}

export type MapFlagsResult = Record<FlagAlias, Array<{ flagId: string }> | undefined>;

/**
 * Each region's open red flags (RiskFlagFilter: regionCode, status "open", severity "red"),
 * one aliased field per region; now or as of the past. A query of its own, so that a reader
 * the API does not let see progress by region still sees the flags, and the other way round.
 */
export function mapFlagsQuery(
  asOf: AsOf | null,
  regionCodes: readonly string[],
): { query: string; variables: Record<string, unknown> } {
  const parameters = [
    ...(asOf ? ['$asOf: AsOf!'] : []),
    ...regionCodes.map((_, i) => `$region${i}: RiskFlagFilter`),
  ];
  const fields = regionCodes.map((_, i) =>
    asOf
      ? `flags${i}: riskFlagsAsOf(asOf: $asOf, filter: $region${i}, first: ${FLAG_LIMIT}) { flagId }`
      : `flags${i}: riskFlags(filter: $region${i}, first: ${FLAG_LIMIT}) { flagId }`,
  );
  const variables: Record<string, unknown> = Object.fromEntries(
    regionCodes.map((code, i) => [
      `region${i}`,
      { regionCode: code, status: 'open', severity: 'red' },
    ]),
  );
  return {
    // No regions, no fields: __typename keeps the selection valid.
    query: `query MapFlags${parameters.length ? `(${parameters.join(', ')})` : ''} {
  ${fields.length ? fields.join('\n  ') : '__typename'}
}`,
    variables,
  };
}
