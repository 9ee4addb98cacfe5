import { describe, expect, it } from '@jest/globals';
import {
  citations,
  clearedFilters,
  filterFromSearch,
  flagProjects,
  groupFlagStream,
  prettyData,
  resolveCitations,
} from './risk.model';
import { projectNamesQuery, RiskFlag } from './risk.queries';

const evidence = (...eventIds: string[]) => ({ figures: [], eventIds });

function flag(over: Partial<RiskFlag>): RiskFlag {
  const raised = {
    kind: 'raised',
    on: '2021-07-01',
    severity: 'amber',
    configVersion: '2026.1',
    eventId: 'raise-1',
    evidence: evidence('plan-1', 'report-1'),
  };
  return {
    flagId: 'raise-1',
    subjectKind: 'project',
    subject: 'p-1',
    projectId: 'p-1',
    rule: 'behind-schedule',
    severity: 'red',
    status: 'open',
    raisedOn: '2021-07-01',
    updatedOn: '2021-08-01',
    resolvedOn: null,
    configVersion: '2026.1',
    evidence: evidence('plan-1', 'report-2'),
    raised,
    history: [
      raised,
      {
        ...raised,
        kind: 'updated',
        on: '2021-08-01',
        eventId: 'update-1',
        evidence: evidence('plan-1', 'report-2'),
      },
    ],
    resolutionEvidence: null,
    networkCode: 'info',
    regionCodes: ['changchun'],
    responsibleUnit: 'unit',
    leadDepartment: 'dept',
    ...over,
  };
}

describe('risk board model', () => {
  it('reads the filters from the URL, as the API names them, and clears them all', () => {
    const filter = filterFromSearch(
      new URLSearchParams(
        'region=changchun&severity=red&rule=stalled&network=&unit=%20u%20&lang=en&flag=x',
      ),
    );
    expect(filter).toEqual({
      regionCode: 'changchun',
      severity: 'red',
      rule: 'stalled',
      unit: 'u',
    });
    expect(filterFromSearch(new URLSearchParams('project=p-1&status=open&period=2021-Q2'))).toEqual(
      {
        projectId: 'p-1',
        status: 'open',
        period: '2021-Q2',
      },
    );
    expect(Object.keys(clearedFilters()).sort()).toEqual([
      'flag',
      'network',
      'period',
      'project',
      'region',
      'rule',
      'severity',
      'status',
      'unit',
    ]);
  });

  it('lists each project once, and asks their names in one aliased request', () => {
    const flags = [
      flag({}),
      flag({ flagId: 'b', projectId: 'p-2' }),
      flag({ flagId: 'c' }),
      flag({ flagId: 'd', projectId: null, subjectKind: 'region' }),
    ];
    expect(flagProjects(flags)).toEqual(['p-1', 'p-2']);
    const { query, variables } = projectNamesQuery(['p-1', 'p-2']);
    expect(variables).toEqual({ p0: 'p-1', p1: 'p-2' });
    expect(query).toContain('query RiskBoardProjects($p0: String!, $p1: String!)');
    expect(query).toContain('p1: project(projectId: $p1) { projectId nameZh nameEn synthetic }');
  });

  it('cites every event once: the evidence, each step’s evidence and the steps themselves', () => {
    const cited = citations(flag({}));
    expect(cited).toEqual([
      { eventId: 'plan-1', citedBy: ['evidence', 'raised', 'updated'] },
      { eventId: 'report-2', citedBy: ['evidence', 'updated'] },
      { eventId: 'report-1', citedBy: ['raised'] },
      { eventId: 'raise-1', citedBy: ['raised'] },
      { eventId: 'update-1', citedBy: ['updated'] },
    ]);
    const served = (eventId: string) => ({
      eventId,
      streamId: 's',
      streamVersion: '0',
      type: 'T',
      data: '{}',
      actor: 'a',
      correlationId: null,
      causationId: null,
      validAt: null,
      recordedAt: '2021-01-01T00:00:00.000Z',
      hash: null,
      previousHash: null,
    });
    const { found, missing } = resolveCitations(cited, [
      served('report-1'),
      served('plan-1'),
      served('other'),
    ]);
    expect(found.map((f) => f.event.eventId)).toEqual(['plan-1', 'report-1']);
    expect(missing).toEqual(['report-2', 'raise-1', 'update-1']);
  });

  it('names a group flag’s own stream as assessment does', () => {
    expect(groupFlagStream({ subjectKind: 'region', subject: 'changchun' })).toBe(
      'risk-flags-region-changchun',
    );
  });

  it('indents stored data for reading and leaves text that is not JSON alone', () => {
    expect(prettyData('{"a":{"b":1}}')).toBe('{\n  "a": {\n    "b": 1\n  }\n}');
    expect(prettyData('not json')).toBe('not json');
  });
});
