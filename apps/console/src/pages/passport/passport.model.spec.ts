import { describe, expect, it } from '@jest/globals';
import type { ServedEvent } from '../../chain/verify-chain';
import {
  adjustmentChanges,
  annualRows,
  asOfDay,
  beijingTime,
  datedAfter,
  disbursementSum,
  earlierFigure,
  fundingRows,
  latestReport,
  projectStreams,
  recordedAfter,
  reportVersions,
} from './passport.model';
import type { DispatchReport, ProjectPlan } from './passport.queries';

let version = 0;
function event(type: string, data: Record<string, unknown>, recordedAt: string): ServedEvent {
  return {
    eventId: `e-${version}`,
    streamId: 'dispatch-reports-p',
    streamVersion: String(version++),
    type,
    data: JSON.stringify(data),
    actor: 'region:changchun:test',
    correlationId: null,
    causationId: null,
    validAt: null,
    recordedAt,
    schemaVersion: 1,
    hash: null,
    previousHash: null,
  };
}

const report = (period: string, inMonth: string, cumulative: string): DispatchReport => ({
  period,
  investmentInMonth: inMonth,
  cumulativeInvestment: cumulative,
  physicalProgressPercent: '10',
  physicalProgress: '施工',
  problems: null,
  submittedBy: 'unit',
  dueOn: null,
  submittedOn: null,
  late: false,
  corrections: 0,
});

const plan = (over: Partial<ProjectPlan>): ProjectPlan => ({
  plannedTotalInvestment: '100.00',
  approvedInvestment: null,
  plannedStart: '2021-01-01',
  plannedEnd: '2021-12-31',
  fundingPlan: [],
  annualInvestmentPlan: [],
  ...over,
});

describe('passport model', () => {
  it('names the three streams the audit timeline gathers for a project', () => {
    expect(projectStreams('22010001')).toEqual({
      planning: 'project-22010001',
      reports: 'dispatch-reports-22010001',
      flags: 'risk-flags-22010001',
    });
  });

  it('keeps every version of a month, and gives the figure before the last change', () => {
    const events = [
      event(
        'DispatchReportSubmitted',
        {
          period: '2021-02',
          investmentInMonth: '100.00',
          cumulativeInvestment: '100.00',
          physicalProgressPercent: '10',
        },
        '2021-03-05T01:00:00.000Z',
      ),
      event(
        'DispatchReportSubmitted',
        {
          period: '2021-03',
          investmentInMonth: '50.00',
          cumulativeInvestment: '150.00',
          physicalProgressPercent: '15',
        },
        '2021-04-05T01:00:00.000Z',
      ),
      event(
        'DispatchReportCorrected',
        {
          period: '2021-02',
          investmentInMonth: '90.00',
          cumulativeInvestment: '90.00',
          reason: '复核',
          revision: 0,
        },
        '2021-04-06T01:00:00.000Z',
      ),
      event(
        'DispatchReportCumulativeRestated',
        {
          period: '2021-03',
          cumulativeInvestment: '140.00',
          previousCumulativeInvestment: '150.00',
          correctionOf: { period: '2021-02', revision: 0 },
        },
        '2021-04-06T01:00:00.000Z',
      ),
      event(
        'DispatchReportOverdue',
        { period: '2021-04', dueOn: '2021-05-08' },
        '2021-05-09T01:00:00.000Z',
      ),
      { ...event('DispatchReportSubmitted', {}, '2021-05-10T00:00:00.000Z'), data: 'not json' },
    ];
    const versions = reportVersions(events);
    expect([...versions.keys()]).toEqual(['2021-02', '2021-03']);
    expect(earlierFigure(versions.get('2021-02'))).toMatchObject({
      before: { kind: 'submitted', investmentInMonth: '100.00', cumulativeInvestment: '100.00' },
      after: { kind: 'corrected', investmentInMonth: '90.00', reason: '复核' },
    });
    expect(earlierFigure(versions.get('2021-03'))).toMatchObject({
      before: { kind: 'submitted', cumulativeInvestment: '150.00' },
      after: { kind: 'restated', cumulativeInvestment: '140.00', reason: '2021-02' },
    });
    expect(earlierFigure(undefined)).toBeNull();
  });

  it('finds the latest month and sums exactly', () => {
    const reports = [
      report('2021-02', '0.10', '0.10'),
      report('2021-10', '0.20', '0.30'),
      report('2021-03', '0.05', '0.15'),
    ];
    expect(latestReport(reports)?.period).toBe('2021-10');
    expect(latestReport([])).toBeNull();
    // 0.1 + 0.2 in binary floating point is 0.30000000000000004; in fen it is 0.30.
    expect(
      disbursementSum([
        { disbursementId: 'a', amount: '0.10', source: 'ppp', paidOn: '2021-01-01', payee: 'x' },
        { disbursementId: 'b', amount: '0.20', source: 'ppp', paidOn: '2021-01-02', payee: 'x' },
      ]),
    ).toBe('0.30');
  });

  it('sets funding lines of the baseline and the current plan beside what each source paid', () => {
    const rows = fundingRows(
      plan({
        fundingPlan: [
          { source: 'special_bonds', amount: '60.00' },
          { source: 'ppp', amount: '40.00' },
        ],
      }),
      plan({
        fundingPlan: [
          { source: 'special_bonds', amount: '80.00' },
          { source: 'bank_credit', amount: '20.00' },
        ],
      }),
      [
        {
          disbursementId: 'a',
          amount: '10.50',
          source: 'special_bonds',
          paidOn: '2021-01-01',
          payee: 'x',
        },
        {
          disbursementId: 'b',
          amount: '1.00',
          source: 'central_budget',
          paidOn: '2021-01-01',
          payee: 'x',
        },
      ],
    );
    expect(rows).toEqual([
      { source: 'special_bonds', baseline: '60.00', current: '80.00', disbursed: '10.50' },
      { source: 'ppp', baseline: '40.00', current: null, disbursed: '0.00' },
      { source: 'bank_credit', baseline: null, current: '20.00', disbursed: '0.00' },
      { source: 'central_budget', baseline: null, current: null, disbursed: '1.00' },
    ]);
  });

  it('lays the annual plans beside the investment reported in each year', () => {
    const rows = annualRows(
      plan({ annualInvestmentPlan: [{ year: 2021, amount: '100.00' }] }),
      plan({
        annualInvestmentPlan: [
          { year: 2021, amount: '70.00' },
          { year: 2022, amount: '30.00' },
        ],
      }),
      [
        report('2021-11', '5.00', '5.00'),
        report('2021-12', '6.00', '11.00'),
        report('2023-01', '1.00', '12.00'),
      ],
    );
    expect(rows).toEqual([
      { year: 2021, baseline: '100.00', current: '70.00', reported: '11.00' },
      { year: 2022, baseline: null, current: '30.00', reported: '0.00' },
      { year: 2023, baseline: null, current: null, reported: '1.00' },
    ]);
  });

  it('reads an adjustment as its fields before and after', () => {
    expect(
      adjustmentChanges({
        adjustedOn: '2021-06-01',
        reason: '概算调整',
        changes: JSON.stringify({
          plannedTotalInvestment: '120.00',
          fundingPlan: [{ source: 'ppp', amount: '120.00' }],
        }),
        previous: JSON.stringify({ plannedTotalInvestment: '100.00' }),
      }),
    ).toEqual([
      { field: 'plannedTotalInvestment', before: '100.00', after: '120.00' },
      { field: 'fundingPlan', before: '—', after: 'ppp 120.00' },
    ]);
    expect(
      adjustmentChanges(
        {
          adjustedOn: '2021-06-01',
          reason: 'r',
          changes: JSON.stringify({
            fundingPlan: [{ source: 'ppp', amount: '1.00' }],
            annualInvestmentPlan: [{ year: 2021, amount: '1.00' }],
          }),
          previous: JSON.stringify({
            fundingPlan: [],
            annualInvestmentPlan: [{ year: 2021, amount: '2.00' }],
          }),
        },
        (code) => code.toUpperCase(),
      ),
    ).toEqual([
      { field: 'fundingPlan', before: '—', after: 'PPP 1.00' },
      { field: 'annualInvestmentPlan', before: '2021 2.00', after: '2021 1.00' },
    ]);
    expect(
      adjustmentChanges({ adjustedOn: 'x', reason: 'y', changes: 'oops', previous: '[]' }),
    ).toEqual([]);
  });

  it('places dated rows against the as-of day, in Beijing for a recorded moment', () => {
    expect(asOfDay(null)).toBeNull();
    expect(asOfDay({ validAt: '2021-06-30' })).toBe('2021-06-30');
    // 17:00 UTC on the 30th is 01:00 on 1 July in Beijing.
    expect(asOfDay({ recordedAt: '2021-06-30T17:00:00Z' })).toBe('2021-07-01');
    expect(asOfDay({ recordedAt: '2021-07-01T00:30:00+08:00' })).toBe('2021-07-01');
    expect(beijingTime('2021-06-30T17:00:00.000Z')).toBe('2021-07-01 01:00:00 (UTC+8)');
    expect(datedAfter('2021-07-02', '2021-07-01')).toBe(true);
    expect(datedAfter('2021-07-01', '2021-07-01')).toBe(false);
    expect(datedAfter(null, '2021-07-01')).toBe(false);
    expect(datedAfter('2021-07-02', null)).toBe(false);
    expect(
      recordedAfter('2021-07-01T00:00:01.000Z', { recordedAt: '2021-07-01T08:00:00+08:00' }),
    ).toBe(true);
    expect(
      recordedAfter('2021-06-30T23:59:59.000Z', { recordedAt: '2021-07-01T08:00:00+08:00' }),
    ).toBe(false);
    expect(recordedAfter('2021-07-02T00:00:00.000Z', { validAt: '2021-07-01' })).toBe(false);
  });
});
