import { LocalDate, parseLocalDate, parseYuan } from '@ledger/domain-kernel';
import {
  CorrectDispatchReport,
  DispatchReportCommand,
  ProjectStanding,
  ReportContent,
} from './dispatch-report.commands';
import { deciderSpecification } from '@ledger/testing';
import { dispatchReportsDecider } from './dispatch-report.decider';
import { DispatchReportEvent } from './dispatch-report.events';
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
const { given } = deciderSpecification(dispatchReportsDecider);

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
    const correction = (month: string, cumulative: string): CorrectDispatchReport => ({
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

    /** May 1000, June +500 = 1500, July +300 = 1800: a whole chain. */
    function mayJuneJuly(): DispatchReportEvent[] {
      const events: DispatchReportEvent[] = [mayReport()];
      for (const command of [
        submit('2021-06', '500', '1500', { today: '2021-07-02', dueOn: '2021-07-07' }),
        submit('2021-07', '300', '1800', { today: '2021-08-02', dueOn: '2021-08-06' }),
      ]) {
        const state = events.reduce(
          dispatchReportsDecider.evolve,
          dispatchReportsDecider.initialState,
        );
        events.push(...dispatchReportsDecider.decide(command, state));
      }
      return events;
    }

    it('restate every later month by the difference they make to the cumulative total', () => {
      const [, ...restated] = dispatchReportsDecider.decide(
        correction('1200', '1200'),
        mayJuneJuly().reduce(dispatchReportsDecider.evolve, dispatchReportsDecider.initialState),
      );
      expect(restated).toEqual([
        {
          type: 'DispatchReportCumulativeRestated',
          data: {
            projectId: 'p-1',
            period: '2021-06',
            cumulativeInvestment: '1700.00',
            previousCumulativeInvestment: '1500.00',
            restatedOn: '2021-06-20',
            correctionOf: { period: '2021-05', revision: 0 },
          },
        },
        {
          type: 'DispatchReportCumulativeRestated',
          data: {
            projectId: 'p-1',
            period: '2021-07',
            cumulativeInvestment: '2000.00',
            previousCumulativeInvestment: '1800.00',
            restatedOn: '2021-06-20',
            correctionOf: { period: '2021-05', revision: 0 },
          },
        },
      ]);
    });

    it('leave the chain whole: each month carries on from the corrected one', () => {
      const before = mayJuneJuly().reduce(
        dispatchReportsDecider.evolve,
        dispatchReportsDecider.initialState,
      );
      const after = dispatchReportsDecider
        .decide(correction('1200', '1200'), before)
        .reduce(dispatchReportsDecider.evolve, before);
      const months = [...after.reports.entries()].sort(([x], [y]) => (x < y ? -1 : 1));
      expect(months.map(([, r]) => r.content.cumulativeInvestment)).toEqual([
        '1200.00',
        '1700.00',
        '2000.00',
      ]);
      for (let i = 1; i < months.length; i++) {
        const [previous, current] = [months[i - 1]![1], months[i]![1]];
        expect(current.cumulative).toBe(
          previous.cumulative + parseYuan(current.content.investmentInMonth, 'm'),
        );
      }
    });

    it('restate nothing when the cumulative total does not move', () => {
      const state = mayJuneJuly().reduce(
        dispatchReportsDecider.evolve,
        dispatchReportsDecider.initialState,
      );
      const events = dispatchReportsDecider.decide(
        {
          ...correction('1000', '1000'),
          content: { ...content('1000', '1000'), problems: '缺工' },
        },
        state,
      );
      expect(events.map((e) => e.type)).toEqual(['DispatchReportCorrected']);
    });

    it('are refused when a later month would fall below its own investment', () => {
      // Consecutive months cannot: only across a gap, where July's total was never checked
      // against May's. July says 400 in all, with 300 in July; May says 1000.
      const july = dispatchReportsDecider.decide(
        submit('2021-07', '300', '400', { today: '2021-08-02', dueOn: '2021-08-06' }),
        dispatchReportsDecider.evolve(dispatchReportsDecider.initialState, mayReport()),
      );
      given(mayReport(), ...july)
        .when(correction('500', '500'))
        .thenRejects('RESTATEMENT_BELOW_MONTH');
    });
  });

  describe('a late report that fills a gap', () => {
    it('must fit the month after it as well as the month before', () => {
      const june = dispatchReportsDecider.decide(
        submit('2021-06', '500', '1500', { today: '2021-07-02', dueOn: '2021-07-07' }),
        dispatchReportsDecider.initialState,
      );
      // June says 1500 with 500 in June: May's cumulative can only be 1000.
      given(...june)
        .when(submit('2021-05', '1000', '1200', { today: '2021-07-03' }))
        .thenRejects('CUMULATIVE_MISMATCH');
      given(...june)
        .when(submit('2021-05', '1000', '1000', { today: '2021-07-03' }))
        .then(
          dispatchReportsDecider.decide(
            submit('2021-05', '1000', '1000', { today: '2021-07-03' }),
            june.reduce(dispatchReportsDecider.evolve, dispatchReportsDecider.initialState),
          ),
        );
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
