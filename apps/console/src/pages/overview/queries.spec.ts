import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { mapFlagsQuery, mapProgressQuery, MAP_PROGRAMME } from '../map/map.queries';
import { SCORES_PROGRAMME, scoresQuery } from '../scores/scores.queries';
import { monthQuery, PROGRAMME_OVERVIEW, seriesQuery } from './overview.queries';

/**
 * Every query text of the overview, map and scores pages, now and as of the past, is valid
 * against the public schema (the gateway's supergraph): a renamed field or argument fails
 * here rather than in a reader's browser.
 */
const schema = buildSchema(
  readFileSync(join(__dirname, '../../../../gateway/supergraph.graphql'), 'utf8'),
  { assumeValidSDL: true },
);

const AS_OF = { validAt: '2021-06-30' };
const REGIONS = ['changchun', 'jilin-city', 'yanbian'];

const QUERIES: Record<string, string> = {
  PROGRAMME_OVERVIEW,
  'seriesQuery(now)': seriesQuery(null),
  'seriesQuery(asOf)': seriesQuery(AS_OF),
  'monthQuery(now)': monthQuery(null),
  'monthQuery(asOf)': monthQuery(AS_OF),
  MAP_PROGRAMME,
  'mapProgressQuery(now)': mapProgressQuery(null),
  'mapProgressQuery(asOf)': mapProgressQuery(AS_OF),
  'mapFlagsQuery(now)': mapFlagsQuery(null, REGIONS).query,
  'mapFlagsQuery(asOf)': mapFlagsQuery(AS_OF, REGIONS).query,
  'mapFlagsQuery(no regions)': mapFlagsQuery(null, []).query,
  SCORES_PROGRAMME,
  'scoresQuery(now)': scoresQuery(null),
  'scoresQuery(asOf)': scoresQuery({ recordedAt: '2021-07-10T12:00:00+08:00' }),
};

describe('the pages’ queries', () => {
  it.each(Object.entries(QUERIES))('%s is valid against the supergraph', (_, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('the map counts each region’s open red flags with its own filter variable', () => {
    const { query, variables } = mapFlagsQuery(null, REGIONS);
    expect(variables).toEqual({
      region0: { regionCode: 'changchun', status: 'open', severity: 'red' },
      region1: { regionCode: 'jilin-city', status: 'open', severity: 'red' },
      region2: { regionCode: 'yanbian', status: 'open', severity: 'red' },
    });
    expect(query).toContain('flags2: riskFlags(filter: $region2, first: 200)');
  });
});
