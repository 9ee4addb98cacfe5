import { ProjectFacts } from './project-facts';
import { RISK_CONFIG_2026_1, RuleId } from './risk-config';
import { checkDebtConcentration, checkRisks } from './risk-rules';

/** A project approved at 1,000,000.00 yuan, building since January 2021, plan 1,200,000 in 2021. */
function facts(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  return {
    projectId: 'p-1',
    networkCode: 'municipal',
    regionCodes: ['changchun'],
    responsibleUnit: 'u',
    status: 'under_construction',
    resumeTo: null,
    plannedTotal: '1000000.00',
    plannedStart: '2021-01-01',
    fundingPlan: [],
    annualPlan: [{ year: 2021, amount: '1200000.00' }],
    approvedOriginal: '1000000.00',
    approvedCurrent: '1000000.00',
    approvedOn: '2020-12-01',
    startedOn: '2021-01-10',
    disbursed: '600000.00',
    disbursementsBeforeAnyMilestone: 0,
    milestonesMet: ['commencement'],
    reports: {
      '2021-06': { month: '100000.00', cumulative: '600000.00', percent: '50.00', late: false },
    },
    overduePeriods: [],
    evidence: {
      approval: 'e-approval',
      plan: 'e-plan',
      lastDisbursement: 'e-pay',
      lastReport: 'e-report',
      lastOverdue: null,
      start: 'e-start',
    },
    ...overrides,
  };
}

/** Given facts on a day, then this rule holds with this severity (or not at all). */
function severity(rule: RuleId, f: ProjectFacts, asOf = '2021-07-15'): string | null {
  return checkRisks(f, asOf, RISK_CONFIG_2026_1).find((c) => c.rule === rule)!.severity;
}
const reportedCumulative = (cumulative: string, percent = '50.00') => ({
  '2021-06': { month: '100000.00', cumulative, percent, late: false },
});

describe('risk rules (thresholds of config 2026.1)', () => {
  describe('behind schedule: SPI = earned value / planned value', () => {
    // By mid-July six months of the 1,200,000 annual plan are due: planned value 600,000.
    it('is amber at SPI 90%, and not just above it', () => {
      expect(severity('behind-schedule', facts({ reports: reportedCumulative('540000.00') }))).toBe(
        'amber',
      );
      expect(
        severity('behind-schedule', facts({ reports: reportedCumulative('540060.00') })),
      ).toBeNull();
    });
    it('is red at SPI 70%', () => {
      expect(severity('behind-schedule', facts({ reports: reportedCumulative('420000.00') }))).toBe(
        'red',
      );
      expect(severity('behind-schedule', facts({ reports: reportedCumulative('420060.00') }))).toBe(
        'amber',
      );
    });
    it('states the gap to time elapsed in points', () => {
      const check = checkRisks(
        facts({ reports: reportedCumulative('420000.00') }),
        '2021-07-15',
        RISK_CONFIG_2026_1,
      )[0]!;
      // Half the year elapsed (50.00%), 35.00% of the annual plan done: 15 points behind.
      expect(check.evidence.figures).toMatchObject({
        plannedValue: '600000.00',
        spiPercent: '70.00',
        gapToTimeElapsedPoints: '15.00',
      });
      expect(check.evidence.eventIds).toEqual(['e-plan', 'e-report']);
    });
  });

  describe('cost overrun, against the current and the original approval', () => {
    it('is amber at 5% over, red at 10%', () => {
      expect(severity('cost-overrun', facts({ plannedTotal: '1049999.99' }))).toBeNull();
      expect(severity('cost-overrun', facts({ plannedTotal: '1050000.00' }))).toBe('amber');
      expect(severity('cost-overrun', facts({ plannedTotal: '1100000.00' }))).toBe('red');
    });
    it('cannot be hidden by raising the approval (re-baselining)', () => {
      expect(
        severity(
          'cost-overrun',
          facts({ plannedTotal: '1100000.00', approvedCurrent: '1100000.00' }),
        ),
      ).toBe('red');
    });
  });

  describe('stalled', () => {
    const idle = { month: '0.00', cumulative: '600000.00', percent: '50.00', late: false };
    it('is red after three complete months without investment or progress', () => {
      expect(
        severity(
          'stalled',
          facts({
            reports: { '2021-03': idle, '2021-04': idle, '2021-05': idle, '2021-06': idle },
          }),
        ),
      ).toBe('red');
    });
    it('is clear when any of those months moved', () => {
      expect(
        severity(
          'stalled',
          facts({
            reports: {
              '2021-03': idle,
              '2021-04': idle,
              '2021-05': idle,
              '2021-06': { ...idle, percent: '51.00' },
            },
          }),
        ),
      ).toBeNull();
    });
  });

  describe('not started', () => {
    const waiting = facts({
      status: 'approved',
      startedOn: null,
      milestonesMet: [],
      plannedStart: '2021-03-01',
    });
    it('is amber the day after the planned start, red six months on', () => {
      expect(severity('not-started', waiting, '2021-03-01')).toBeNull();
      expect(severity('not-started', waiting, '2021-03-02')).toBe('amber');
      expect(severity('not-started', waiting, '2021-09-01')).toBe('red');
    });
    it('is clear once construction starts', () => {
      expect(severity('not-started', facts(), '2021-09-01')).toBeNull();
    });
  });

  describe('money ahead of work', () => {
    it('is amber when the disbursed share is 30 points above progress, red at 50', () => {
      expect(severity('money-ahead-of-work', facts({ disbursed: '800000.00' }))).toBe('amber');
      expect(severity('money-ahead-of-work', facts({ disbursed: '799990.00' }))).toBeNull();
      expect(severity('money-ahead-of-work', facts({ disbursed: '1000000.00' }))).toBe('red');
    });
    it('is amber for a payment made before any milestone was met', () => {
      expect(
        severity(
          'money-ahead-of-work',
          facts({ milestonesMet: [], disbursementsBeforeAnyMilestone: 1 }),
        ),
      ).toBe('amber');
    });
  });

  describe('reports late or missing', () => {
    it('is amber with one overdue month, red with three', () => {
      expect(severity('reports-late', facts())).toBeNull();
      expect(severity('reports-late', facts({ overduePeriods: ['2021-05'] }))).toBe('amber');
      expect(
        severity('reports-late', facts({ overduePeriods: ['2021-03', '2021-04', '2021-05'] })),
      ).toBe('red');
    });
  });

  describe('funding gap: funds in place over planned value', () => {
    it('is amber at 60% in place, red at 30%', () => {
      expect(severity('funding-gap', facts({ disbursed: '360060.00' }))).toBeNull();
      expect(severity('funding-gap', facts({ disbursed: '360000.00' }))).toBe('amber');
      expect(severity('funding-gap', facts({ disbursed: '180000.00' }))).toBe('red');
    });
  });
});

describe('debt concentration of a network or region', () => {
  const funded = (bonds: string, credit: string, budget: string): ProjectFacts =>
    facts({
      fundingPlan: [
        { source: 'special_bonds', amount: bonds },
        { source: 'bank_credit', amount: credit },
        { source: 'provincial_budget', amount: budget },
      ],
    });
  const severityOf = (projects: ProjectFacts[]) =>
    checkDebtConcentration(projects, RISK_CONFIG_2026_1).severity;

  it('is amber when special bonds and bank credit reach 60% of the funding, red at 80%', () => {
    expect(severityOf([funded('300000.00', '299999.99', '400000.01')])).toBeNull();
    expect(severityOf([funded('300000.00', '300000.00', '400000.00')])).toBe('amber');
    expect(severityOf([funded('500000.00', '300000.00', '200000.00')])).toBe('red');
  });

  it('adds up every approved project of the group, and cites their plans', () => {
    const check = checkDebtConcentration(
      [
        funded('600000.00', '0.00', '400000.00'),
        funded('0.00', '0.00', '1000000.00'),
        { ...funded('1000000.00', '0.00', '0.00'), approvedOriginal: null },
      ],
      RISK_CONFIG_2026_1,
    );
    expect(check.severity).toBeNull(); // 600,000 of 2,000,000 approved: 30%; the unapproved one does not count
    expect(check.evidence.figures).toMatchObject({
      debtSharePercent: '30.00',
      funding: '2000000.00',
      projects: '2',
    });
  });
});
