import { FactsEvent, ProjectFacts, evolveFacts } from './project-facts';
import { RISK_CONFIG_2026_1 } from './risk-config';
import { checkRisks } from './risk-rules';

/** A project approved and building, on plan in mid-July 2021 (no other rule holds). */
function building(): ProjectFacts {
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
  };
}

const step = {
  raised: (kind = 'land'): FactsEvent => ({
    type: 'ProblemRaised',
    data: {
      problemId: 'PRB-1',
      projectId: 'p-1',
      kind: kind as 'land',
      description: '用地预审未批复',
      raisedBy: 'changchun',
      raisedOn: '2021-06-01',
      validAt: '2021-06-01',
    },
  }),
  escalated: (): FactsEvent => ({
    type: 'ProblemEscalated',
    data: {
      problemId: 'PRB-1',
      projectId: 'p-1',
      to: 'joint-meeting',
      escalatedOn: '2021-06-03',
      validAt: '2021-06-03',
    },
  }),
  assigned: (dueOn = '2021-07-01'): FactsEvent => ({
    type: 'ProblemAssigned',
    data: {
      problemId: 'PRB-1',
      projectId: 'p-1',
      departmentCode: 'natural-resources-department',
      dueOn,
      assignedOn: '2021-06-05',
      validAt: '2021-06-05',
    },
  }),
  answered: (): FactsEvent => ({
    type: 'ProblemAnswered',
    data: {
      problemId: 'PRB-1',
      projectId: 'p-1',
      answer: '已办理',
      answeredBy: 'natural-resources-department',
      answeredOn: '2021-07-20',
      late: true,
      validAt: '2021-07-20',
    },
  }),
  closed: (): FactsEvent => ({
    type: 'ProblemClosed',
    data: {
      problemId: 'PRB-1',
      projectId: 'p-1',
      resolution: '已解决',
      closedOn: '2021-07-25',
      validAt: '2021-07-25',
    },
  }),
};

/** Given these problem events folded into the facts (event ids e-1, e-2, ...). */
function given(...events: FactsEvent[]): ProjectFacts {
  return events.reduce<ProjectFacts>(
    (facts, event, i) => evolveFacts(facts, event, `e-${i + 1}`)!,
    building(),
  );
}
const check = (facts: ProjectFacts, asOf: string, rule = 'problem-unanswered') =>
  checkRisks(facts, asOf, RISK_CONFIG_2026_1).find((c) => c.rule === rule)!;

describe('problem-unanswered: an assigned problem past its due date without an answer', () => {
  it('does not hold before assignment, however old the problem', () => {
    expect(check(given(step.raised(), step.escalated()), '2021-12-01').severity).toBeNull();
  });

  it('does not hold on the due date, and is amber the day after', () => {
    const facts = given(step.raised(), step.escalated(), step.assigned('2021-07-01'));
    expect(check(facts, '2021-07-01').severity).toBeNull();
    expect(check(facts, '2021-07-02').severity).toBe('amber');
  });

  it('turns red once it is late by 30 days', () => {
    const facts = given(step.raised(), step.assigned('2021-07-01'));
    expect(check(facts, '2021-07-30').severity).toBe('amber');
    expect(check(facts, '2021-07-31').severity).toBe('red');
  });

  it("cites the problem's events and names it, its department and its due date", () => {
    const found = check(
      given(step.raised(), step.escalated(), step.assigned('2021-07-01')),
      '2021-07-15',
    );
    expect(found.evidence).toEqual({
      figures: {
        problems: 'PRB-1',
        count: '1',
        departments: 'natural-resources-department',
        earliestDueOn: '2021-07-01',
        mostDaysOverdue: '14',
      },
      eventIds: ['e-1', 'e-2', 'e-3'],
    });
    // A day more of delay is the same finding: only which problems are overdue is measured.
    expect(found.measures).toEqual(['problems']);
  });

  it('resolves with the answer, and stays resolved when the problem is closed', () => {
    const answered = given(step.raised(), step.assigned('2021-07-01'), step.answered());
    expect(check(answered, '2021-07-21').severity).toBeNull();
    expect(
      check(given(step.raised(), step.assigned(), step.answered(), step.closed()), '2021-08-01')
        .severity,
    ).toBeNull();
  });

  it('does not hold for a closed problem the office closed without an answer', () => {
    expect(
      check(given(step.raised(), step.assigned(), step.closed()), '2021-08-01').severity,
    ).toBeNull();
  });

  it('does not hold for a cancelled project', () => {
    const facts = { ...given(step.raised(), step.assigned()), status: 'cancelled' };
    expect(check(facts, '2021-08-01').severity).toBeNull();
  });
});

describe("an open problem is evidence on the project's other flags it bears on", () => {
  // By mid-July 600,000 are due; 420,000 reported is SPI 70%: behind schedule, red.
  const behind = (facts: ProjectFacts): ProjectFacts => ({
    ...facts,
    reports: {
      '2021-06': { month: '100000.00', cumulative: '420000.00', percent: '35.00', late: false },
    },
  });

  it('joins a land problem to a behind-schedule flag: its events and its id', () => {
    const found = check(
      behind(given(step.raised(), step.escalated())),
      '2021-07-15',
      'behind-schedule',
    );
    expect(found.severity).toBe('red');
    expect(found.evidence.eventIds).toEqual(['e-plan', 'e-report', 'e-1', 'e-2']);
    expect(found.evidence.figures.openProblems).toBe('PRB-1');
    expect(found.measures).toEqual(['spiPercent']);
  });

  it('leaves out a problem of a kind that does not bear on the flag, and a closed one', () => {
    const approvals = check(
      behind(given(step.raised('approvals'))),
      '2021-07-15',
      'behind-schedule',
    );
    expect(approvals.evidence.figures.openProblems).toBeUndefined();
    const closed = check(
      behind(given(step.raised(), step.assigned(), step.answered(), step.closed())),
      '2021-07-30',
      'behind-schedule',
    );
    expect(closed.evidence.figures.openProblems).toBeUndefined();
  });

  it('adds nothing to a rule that does not hold', () => {
    const onPlan = check(given(step.raised()), '2021-07-15', 'behind-schedule');
    expect(onPlan.severity).toBeNull();
    expect(onPlan.evidence.eventIds).toEqual(['e-plan', 'e-report']);
  });
});
