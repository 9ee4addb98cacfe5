import { ProjectFacts } from '../../risk/domain/project-facts';
import { periodRange } from '../domain/period';
import { rubricFor } from '../domain/rubric';
import { scoreUnit } from '../domain/unit-score';
import { unitFigures } from './unit-figures';

/** A municipal project approved in January 2021, reporting monthly: only what timeliness reads. */
function facts(
  reports: Record<string, { late: boolean }>,
  overduePeriods: string[] = [],
): ProjectFacts {
  return {
    projectId: 'p-1',
    networkCode: 'municipal',
    regionCodes: ['changchun'],
    responsibleUnit: 'u',
    status: 'under_construction',
    resumeTo: null,
    plannedTotal: '1200000.00',
    plannedStart: '2021-01-01',
    fundingPlan: [],
    annualPlan: [{ year: 2021, amount: '1200000.00' }],
    approvedOriginal: '1200000.00',
    approvedCurrent: '1200000.00',
    approvedOn: '2021-01-05',
    startedOn: '2021-01-10',
    disbursed: '0.00',
    disbursementsBeforeAnyMilestone: 0,
    milestonesMet: ['commencement'],
    reports: Object.fromEntries(
      Object.entries(reports).map(([period, { late }]) => [
        period,
        { month: '100000.00', cumulative: '600000.00', percent: '50.00', late },
      ]),
    ),
    overduePeriods,
    evidence: {
      approval: null,
      plan: null,
      lastDisbursement: null,
      lastReport: null,
      lastOverdue: null,
      start: null,
    },
  };
}

/** The timeliness line of the housing department's score for 2021-Q2. */
function timeliness(project: ProjectFacts) {
  const figures = unitFigures(
    [project],
    new Map([['municipal', 'housing']]),
    new Map(),
    periodRange('2021-Q2'),
  ).get('department/housing')!;
  return scoreUnit(figures, rubricFor(2021)).find((l) => l.component === 'timeliness')!;
}

const ON_TIME = { late: false };
const LATE = { late: true };

describe('timeliness: monthly dispatch reports in on time (rubric 2021.1, 20 points)', () => {
  it('counts a late report as in, and late: three in, one after being recorded overdue', () => {
    const line = timeliness(
      facts({ '2021-04': ON_TIME, '2021-05': LATE, '2021-06': ON_TIME }, ['2021-05']),
    );
    expect(line.basis).toBe('3 of 3 reports in, 1 late: 2 of 3 in on time');
    expect(line.points).toBe(1333);
  });

  it('counts a report that came in after its due date as late, whether or not it was recorded overdue first', () => {
    // The deadline watcher runs hourly: a report can come in late before it records the month.
    const line = timeliness(facts({ '2021-04': ON_TIME, '2021-05': ON_TIME, '2021-06': LATE }));
    expect(line.basis).toBe('3 of 3 reports in, 1 late: 2 of 3 in on time');
    expect(line.points).toBe(1333);
  });

  it('names a missing report apart from a late one, and does not hold an awaited one against the unit', () => {
    // May was recorded overdue and never came; June has neither a report nor an overdue record yet.
    const line = timeliness(facts({ '2021-04': ON_TIME }, ['2021-05']));
    expect(line.basis).toBe('1 of 3 reports in, 0 late, 1 missing, 1 awaited: 1 of 2 in on time');
    expect(line.points).toBe(1000);
  });

  it('gives full marks when every report came in on time', () => {
    const line = timeliness(facts({ '2021-04': ON_TIME, '2021-05': ON_TIME, '2021-06': ON_TIME }));
    expect(line.basis).toBe('3 of 3 reports in, 0 late: 3 of 3 in on time');
    expect(line.points).toBe(2000);
  });

  it('expects reports from the month of approval, as the deadline watcher does, not from the planned start', () => {
    // Planned to start in May, approved in January: reports are due from January on.
    const line = timeliness({
      ...facts({ '2021-04': ON_TIME, '2021-05': ON_TIME, '2021-06': ON_TIME }),
      plannedStart: '2021-05-01',
    });
    expect(line.basis).toBe('3 of 3 reports in, 0 late: 3 of 3 in on time');
  });
});
