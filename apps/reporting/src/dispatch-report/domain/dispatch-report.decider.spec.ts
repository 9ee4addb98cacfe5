import { LocalDate, RuleViolation, parseLocalDate, parseYuan } from '@ledger/domain-kernel';
import { ReportContent, DispatchReportCommand, ProjectStanding } from './dispatch-report.commands';
import { dispatchReportsDecider } from './dispatch-report.decider';
import { DispatchReportEvent } from './dispatch-report.events';
import { DispatchReportsState } from './dispatch-report.state';
import { ReportPeriod, parseReportPeriod } from './report-period';

const d = (s: string): LocalDate => parseLocalDate(s, 'date');
const p = (s: string): ReportPeriod => parseReportPeriod(s, 'period');
const approved: ProjectStanding = { approvedOn: d('2021-03-15'), cancelled: false };

function content(month: string, cumulative: string, basisPoints = 2500): ReportContent {
  return {
    investmentInMonth: parseYuan(month, 'm'),
    cumulativeInvestment: parseYuan(cumulative, 'c'),
    physicalProgressBasisPoints: basisPoints,
    physicalProgress: '主体结构施工',
    quantities: [{ indicatorCode: 'heating-network-km', quantity: '1.2', unit: 'km' }],
    problems: null,
    submittedBy: '长春热力集团',
  };
}

function submit(
  period: string,
  month: string,
  cumulative: string,
  extra: Partial<{ today: string; dueOn: string; project: ProjectStanding }> = {},
): DispatchReportCommand {
  return {
    type: 'SubmitDispatchReport',
    projectId: 'p-1',
    period: p(period),
    content: content(month, cumulative),
    project: extra.project ?? approved,
    today: d(extra.today ?? '2021-06-03'),
    dueOn: d(extra.dueOn ?? '2021-06-07'),
  };
}

/** Given these events, when this command: then these events, or this rule refuses it. */
function given(...events: DispatchReportEvent[]) {
  const state: DispatchReportsState = events.reduce(
    dispatchReportsDecider.evolve,
    dispatchReportsDecider.initialState,
  );
  return {
    when: (command: DispatchReportCommand) => ({
      then: (expected: DispatchReportEvent[]) =>
        expect(dispatchReportsDecider.decide(command, state)).toEqual(expected),
      thenRejects: (rule: string) => {
        let error: unknown;
        try {
          dispatchReportsDecider.decide(command, state);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(RuleViolation);
        expect((error as RuleViolation).rule).toBe(rule);
      },
    }),
  };
}

const mayReport = (): DispatchReportEvent => ({
  type: 'DispatchReportSubmitted',
  data: {
    projectId: 'p-1',
    period: '2021-05',
    investmentInMonth: '1000.00',
    cumulativeInvestment: '1000.00',
    physicalProgressPercent: '25.00',
    physicalProgress: '主体结构施工',
    quantities: [{ indicatorCode: 'heating-network-km', quantity: '1.2', unit: 'km' }],
    problems: null,
    submittedBy: '长春热力集团',
    dueOn: '2021-06-07',
    submittedOn: '2021-06-03',
    late: false,
  },
});

describe('dispatch reports', () => {
  it('records a report on time, with the period it is about and its due date', () => {
    given()
      .when(submit('2021-05', '1000', '1000'))
      .then([mayReport()]);
  });

  it('marks a report submitted after its due date as late', () => {
    const [event] = dispatchReportsDecider.decide(
      submit('2021-05', '1000', '1000', { today: '2021-06-10' }),
      dispatchReportsDecider.initialState,
    );
    expect(event?.type === 'DispatchReportSubmitted' && event.data.late).toBe(true);
  });

  it('refuses a report for a project that is not approved', () => {
    given()
      .when(submit('2021-05', '1', '1', { project: { approvedOn: null, cancelled: false } }))
      .thenRejects('PROJECT_NOT_APPROVED');
  });

  it('refuses a report for a cancelled project', () => {
    given()
      .when(submit('2021-05', '1', '1', { project: { ...approved, cancelled: true } }))
      .thenRejects('PROJECT_CANCELLED');
  });

  it('refuses a report for a future month', () => {
    given()
      .when(submit('2021-07', '1', '1', { today: '2021-06-30' }))
      .thenRejects('PERIOD_IN_FUTURE');
  });

  it('refuses a report for a month before approval', () => {
    given()
      .when(submit('2021-02', '1', '1'))
      .thenRejects('PERIOD_BEFORE_APPROVAL');
  });

  it('refuses a second report for the same month unless it is a correction', () => {
    given(mayReport())
      .when(submit('2021-05', '1000', '1000'))
      .thenRejects('REPORT_ALREADY_SUBMITTED');
  });

  it('refuses a month larger than the cumulative total', () => {
    given()
      .when(submit('2021-05', '2000', '1000'))
      .thenRejects('MONTH_EXCEEDS_CUMULATIVE');
  });

  it('requires the cumulative total to carry on from the month before', () => {
    given(mayReport())
      .when(submit('2021-06', '500', '1400', { today: '2021-07-02' }))
      .thenRejects('CUMULATIVE_MISMATCH');
    const [june] = dispatchReportsDecider.decide(
      submit('2021-06', '500', '1500', { today: '2021-07-02' }),
      dispatchReportsDecider.evolve(dispatchReportsDecider.initialState, mayReport()),
    );
    expect(june?.data).toMatchObject({ period: '2021-06', cumulativeInvestment: '1500.00' });
  });

  describe('corrections', () => {
    const correction = (month: string, cumulative: string): DispatchReportCommand => ({
      type: 'CorrectDispatchReport',
      projectId: 'p-1',
      period: p('2021-05'),
      content: content(month, cumulative),
      reason: '财务核对后调整',
      today: d('2021-06-20'),
    });

    it('amend the month they are about, recorded as a new event with its own date', () => {
      given(mayReport())
        .when(correction('1200', '1200'))
        .then([
          {
            type: 'DispatchReportCorrected',
            data: {
              projectId: 'p-1',
              period: '2021-05',
              investmentInMonth: '1200.00',
              cumulativeInvestment: '1200.00',
              physicalProgressPercent: '25.00',
              physicalProgress: '主体结构施工',
              quantities: [{ indicatorCode: 'heating-network-km', quantity: '1.2', unit: 'km' }],
              problems: null,
              submittedBy: '长春热力集团',
              correctedOn: '2021-06-20',
              reason: '财务核对后调整',
              revision: 0,
            },
          },
        ]);
    });

    it('count their revisions', () => {
      const first = dispatchReportsDecider.decide(
        correction('1200', '1200'),
        dispatchReportsDecider.evolve(dispatchReportsDecider.initialState, mayReport()),
      );
      const state = [mayReport(), ...first].reduce(
        dispatchReportsDecider.evolve,
        dispatchReportsDecider.initialState,
      );
      const [second] = dispatchReportsDecider.decide(correction('1300', '1300'), state);
      expect(second?.type === 'DispatchReportCorrected' && second.data.revision).toBe(1);
      expect(state.reports.get('2021-05')?.content.investmentInMonth).toBe('1200.00');
    });

    it('need a report to correct', () => {
      given().when(correction('1200', '1200')).thenRejects('REPORT_NOT_FOUND');
    });

    it('must change something', () => {
      given(mayReport()).when(correction('1000', '1000')).thenRejects('NOTHING_CORRECTED');
    });
  });

  describe('overdue', () => {
    const overdue = (today: string): DispatchReportCommand => ({
      type: 'RecordReportOverdue',
      projectId: 'p-1',
      period: p('2021-05'),
      dueOn: d('2021-06-07'),
      today: d(today),
    });

    it('is recorded once the due date has passed without a report', () => {
      given()
        .when(overdue('2021-06-08'))
        .then([
          {
            type: 'DispatchReportOverdue',
            data: {
              projectId: 'p-1',
              period: '2021-05',
              dueOn: '2021-06-07',
              recordedOn: '2021-06-08',
            },
          },
        ]);
    });

    it('is recorded only once, however often the deadline watcher runs', () => {
      const [first] = dispatchReportsDecider.decide(
        overdue('2021-06-08'),
        dispatchReportsDecider.initialState,
      );
      given(first!).when(overdue('2021-06-09')).then([]);
    });

    it('is not recorded when the report came in', () => {
      given(mayReport()).when(overdue('2021-06-08')).then([]);
    });

    it('cannot be recorded before the due date has passed', () => {
      given().when(overdue('2021-06-07')).thenRejects('NOT_YET_DUE');
    });
  });
});
