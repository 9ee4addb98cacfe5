import { EventId, JsonObject, RecordedEvent, StreamId } from '@ledger/event-store';
import { catalogValidator } from '../event-validator';
import { LEDGER_EVENT_VERSIONS, dataSchemaUri, versionFromDataSchema } from './index';
import { UnknownSchemaVersionError, eventVersions } from './upcasters';

const recorded = (type: string, data: JsonObject, schemaVersion = 1): RecordedEvent => ({
  eventId: '0190d6f2-0000-7000-8000-000000000001' as EventId,
  type,
  data,
  streamId: 'project-x' as StreamId,
  streamVersion: 0n,
  globalPosition: 1n,
  recordedAt: new Date('2026-01-01T00:00:00Z'),
  metadata: { actor: 'test', correlationId: null, causationId: null, validAt: null },
  schemaVersion,
});

const validate = catalogValidator();

/** Upcast a v1 event and check the result against the catalog's current schema. */
function upcast(type: string, data: JsonObject): JsonObject {
  expect(validate(type, 1, data)).toBeNull();
  const out = LEDGER_EVENT_VERSIONS.upcast(recorded(type, data));
  expect(out.schemaVersion).toBe(LEDGER_EVENT_VERSIONS.currentVersion(type));
  expect(validate(type, out.schemaVersion, out.data)).toBeNull();
  return out.data;
}

describe('the ledger’s upcasters, one step per evolved type', () => {
  const p = { projectId: 'fixture-a' };
  it.each([
    [
      'ProjectApproved',
      {
        ...p,
        authority: 'a',
        documentNumber: 'n',
        approvedInvestment: '1.00',
        approvedOn: '2021-01-05',
      },
    ],
    [
      'ProjectPlanAdjusted',
      { ...p, adjustedOn: '2021-06-10', reason: 'r', changes: {}, previous: {} },
    ],
    [
      'FundsDisbursed',
      {
        ...p,
        disbursementId: 'd',
        amount: '1.00',
        source: 'special_bonds',
        paidOn: '2021-03-15',
        payee: 'x',
      },
    ],
    ['MilestoneMet', { ...p, kind: 'commencement', metOn: '2021-03-02' }],
    ['ConstructionStarted', { ...p, startedOn: '2021-03-02' }],
    ['ProjectCompleted', { ...p, completedOn: '2022-06-20' }],
    ['ProjectSuspended', { ...p, suspendedOn: '2021-05-01', reason: 'r' }],
    ['ProjectResumed', { ...p, resumedOn: '2021-08-01' }],
    ['ProjectCancelled', { ...p, cancelledOn: '2021-03-31', reason: 'r' }],
    ['ProjectMaturityRated', { ...p, rating: 'A', ratedOn: '2021-01-03', basis: 'b' }],
  ])('%s v1 gets validAt from its own date, nothing else changes', (type, data) => {
    const date = Object.entries(data).find(([k]) => k.endsWith('On'))![1];
    expect(upcast(type, data as JsonObject)).toEqual({ ...data, validAt: date });
  });

  const listed = (projectId: string, synthetic = false): JsonObject => ({
    projectId,
    nameZh: '项目',
    nameEn: null,
    networkCode: 'oilgas',
    categoryCode: null,
    tags: [],
    regionCodes: [],
    plannedTotalInvestment: null,
    source: { document: '吉政发〔2020〕6号', line: 1, quote: 'q' },
    synthetic,
  });

  it('ProjectListedInPlan v1 gets the funding sources the plan names for the project', () => {
    expect(
      upcast('ProjectListedInPlan', listed('grain-reserve-253-capacity-project')),
    ).toMatchObject({
      fundingSourceCodes: ['central_budget'],
      sharedInvestment: null,
    });
  });

  it('ProjectListedInPlan v1 gets the figure it shares with another project, with its line and quote', () => {
    expect(
      upcast('ProjectListedInPlan', listed('hunchun-lng-provincial-emergency-reserve')),
    ).toMatchObject({
      fundingSourceCodes: [],
      sharedInvestment: {
        valueYi: '49.9',
        sharedWith: [
          'changchun-shuangyang-gas-cap-storage',
          'hunchun-lng-provincial-emergency-reserve',
        ],
        source: { line: 189, quote: '珲春150万吨LNG省级应急储备2个项目,总投资49.9亿元' },
      },
    });
  });

  it('ProjectListedInPlan v1 of a project the plan does not name gets neither', () => {
    expect(upcast('ProjectListedInPlan', listed('synthetic-info-0001', true))).toMatchObject({
      fundingSourceCodes: [],
      sharedInvestment: null,
    });
  });

  it('ProgrammeEstablished v1 spells funding-source codes with "_", keeping their source lines', () => {
    const source = { line: 12, quote: '中央预算内投资' };
    const v1: JsonObject = {
      programmeCode: 'jilin-761',
      nameZh: 'n',
      nameEn: 'n',
      documentNumber: 'd',
      documentTitleZh: 't',
      issuerZh: 'i',
      issuedOn: '2020-04-09',
      startYear: 2020,
      endYear: 2025,
      totalInvestmentYi: { value: '10962', source },
      totalProjects: { value: 2188, source },
      newInfrastructureTags: [],
      fundingSources: [
        { code: 'central-budget', nameZh: '中央预算内资金', nameEn: 'c', isDebt: false, source },
        { code: 'city-county-self-raised', nameZh: '市县自筹', nameEn: 'c', isDebt: false, source },
        { code: 'ppp', nameZh: 'PPP', nameEn: 'p', isDebt: false, source },
      ],
    };
    const out = upcast('ProgrammeEstablished', v1);
    expect((out.fundingSources as Array<{ code: string }>).map((f) => f.code)).toEqual([
      'central_budget',
      'city_county_self_raised',
      'ppp',
    ]);
    expect(out).toEqual({
      ...v1,
      fundingSources: (v1.fundingSources as JsonObject[]).map((f) => ({
        ...f,
        code: String(f.code as string).replace(/-/g, '_'),
      })),
    });
  });

  it('leaves current events and types nobody versioned as they are (the same object)', () => {
    const current = recorded('ProjectApproved', { projectId: 'x' }, 2);
    expect(LEDGER_EVENT_VERSIONS.upcast(current)).toBe(current);
    const report = recorded('DispatchReportSubmitted', { projectId: 'x' });
    expect(LEDGER_EVENT_VERSIONS.upcast(report)).toBe(report);
    expect(LEDGER_EVENT_VERSIONS.currentVersion('DispatchReportSubmitted')).toBe(1);
  });

  it('refuses a version newer than it knows: the reader is older than the writer', () => {
    expect(() =>
      LEDGER_EVENT_VERSIONS.upcast(recorded('ProjectApproved', { projectId: 'x' }, 3)),
    ).toThrow(UnknownSchemaVersionError);
  });

  it('runs every step from the stored version on, in order, and refuses a gap', () => {
    const steps = eventVersions([
      { type: 'T', from: 2, upcast: (d) => ({ ...d, two: true }) },
      { type: 'T', from: 1, upcast: (d) => ({ ...d, one: true, two: false }) },
    ]);
    expect(steps.currentVersion('T')).toBe(3);
    expect(steps.upcast(recorded('T', {})).data).toEqual({ one: true, two: true });
    expect(steps.upcast(recorded('T', {}, 2)).data).toEqual({ two: true });
    expect(() => eventVersions([{ type: 'T', from: 2, upcast: (d) => d }])).toThrow(/without gaps/);
  });

  it('names each version in dataschema and reads it back', () => {
    expect(dataSchemaUri('ProjectApproved', 2)).toBe(
      'urn:progress-ledger:event:ProjectApproved:v2',
    );
    expect(
      versionFromDataSchema('ProjectApproved', 'urn:progress-ledger:event:ProjectApproved:v1'),
    ).toBe(1);
    expect(
      versionFromDataSchema('ProjectApproved', 'urn:progress-ledger:event:FundsDisbursed:v1'),
    ).toBeNull();
    expect(
      versionFromDataSchema('ProjectApproved', 'urn:progress-ledger:event:ProjectApproved:v0'),
    ).toBeNull();
  });
});
