import { LocalDate, parseLocalDate } from '@ledger/domain-kernel';
import { deciderSpecification } from '@ledger/testing';
import {
  NetworkReportCommand,
  NetworkReportEvent,
  networkReportDecider,
  networkReportStreamId,
} from './network-report.decider';
import { NetworkReportKind, parseNetworkReportPeriod } from './report-kinds';

const d = (s: string): LocalDate => parseLocalDate(s, 'date');

function submit(
  networkCode: string,
  kind: NetworkReportKind,
  period: string,
  today: string,
  dueOn: string,
): NetworkReportCommand {
  return {
    type: 'SubmitNetworkReport',
    networkCode,
    kind,
    period: parseNetworkReportPeriod(kind, period, 'period'),
    summary: '本周调度：220千伏输变电工程3项开工',
    submittedBy: 'energy-bureau',
    today: d(today),
    dueOn: d(dueOn),
  };
}

function overdue(
  networkCode: string,
  kind: NetworkReportKind,
  period: string,
  today: string,
  dueOn: string,
): NetworkReportCommand {
  return {
    type: 'RecordNetworkReportOverdue',
    networkCode,
    kind,
    period: parseNetworkReportPeriod(kind, period, 'period'),
    today: d(today),
    dueOn: d(dueOn),
  };
}

const submitted = (
  over: Partial<Extract<NetworkReportEvent, { type: 'NetworkReportSubmitted' }>['data']> = {},
): NetworkReportEvent => ({
  type: 'NetworkReportSubmitted',
  data: {
    networkCode: 'power',
    kind: 'weekly-dispatch',
    period: '2020-W23',
    dueOn: '2020-06-08',
    submittedOn: '2020-06-08',
    late: false,
    submittedBy: 'energy-bureau',
    summary: '本周调度：220千伏输变电工程3项开工',
    validAt: '2020-06-01',
    ...over,
  },
});

/** Given these events, when this command: then these events, or this rule refuses it. */
const { given, rulesSeen } = deciderSpecification(networkReportDecider);

describe('network reports: the plan’s rhythms beyond the month', () => {
  describe('who owes which kind (L82, L167, L206)', () => {
    it('takes a weekly dispatch from the power network, on time on its due date', () => {
      // 2020-W23 is Monday 1 June to Sunday 7 June; due the next working day, Monday 8 June.
      given()
        .when(submit('power', 'weekly-dispatch', '2020-W23', '2020-06-08', '2020-06-08'))
        .then([submitted()]);
    });

    it('takes a weekly dispatch from the oil-gas network', () => {
      given()
        .when(submit('oilgas', 'weekly-dispatch', '2020-W23', '2020-06-05', '2020-06-08'))
        .then([submitted({ networkCode: 'oilgas', submittedOn: '2020-06-05' })]);
    });

    it.each([
      ['road', 'weekly-dispatch', '2020-W23'],
      ['water', 'weekly-dispatch', '2020-W23'],
      ['info', 'weekly-dispatch', '2020-W23'],
      ['power', 'quarterly-consultation', '2020-Q2'],
      ['road', 'annual-summary', '2020'],
      ['no-such-network', 'quarterly-consultation', '2020-Q2'],
    ] as const)('refuses %s a %s it does not owe', (network, kind, period) => {
      const violation = given()
        .when(submit(network, kind, period, '2021-03-01', '2021-03-02'))
        .thenRejects('KIND_NOT_OWED');
      expect(violation.message).toContain(network);
    });

    it('takes the info network’s quarterly consultation and annual summary (月调度、季协商、年总结)', () => {
      given()
        .when(submit('info', 'quarterly-consultation', '2020-Q3', '2020-10-20', '2020-10-21'))
        .then([
          {
            type: 'NetworkReportSubmitted',
            data: {
              networkCode: 'info',
              kind: 'quarterly-consultation',
              period: '2020-Q3',
              dueOn: '2020-10-21',
              submittedOn: '2020-10-20',
              late: false,
              submittedBy: 'energy-bureau',
              summary: '本周调度：220千伏输变电工程3项开工',
              validAt: '2020-07-01',
            },
          },
        ]);
      const [event] = given()
        .when(submit('info', 'annual-summary', '2020', '2021-01-29', '2021-01-29'))
        .events();
      expect(event?.data).toMatchObject({ period: '2020', validAt: '2020-01-01', late: false });
    });
  });

  describe('periods', () => {
    it('refuses a period that has not begun', () => {
      given()
        .when(submit('power', 'weekly-dispatch', '2020-W24', '2020-06-07', '2020-06-15'))
        .thenRejects('PERIOD_IN_FUTURE');
    });

    it('takes the week under way (日常工作周调度 reports as the week goes)', () => {
      const [event] = given()
        .when(submit('power', 'weekly-dispatch', '2020-W24', '2020-06-08', '2020-06-15'))
        .events();
      expect(event?.data).toMatchObject({ period: '2020-W24', late: false });
    });

    it('refuses a period that ended before the plan was issued (2020-04-09)', () => {
      given()
        .when(submit('power', 'weekly-dispatch', '2020-W14', '2020-06-08', '2020-04-07'))
        .thenRejects('PERIOD_BEFORE_PROGRAMME');
      // The week the plan was issued in (6-12 April) is owed.
      const [event] = given()
        .when(submit('power', 'weekly-dispatch', '2020-W15', '2020-04-13', '2020-04-13'))
        .events();
      expect(event?.data.period).toBe('2020-W15');
    });

    it('dates an ISO week that crosses the year by its Monday: 2020-W53 began on 28 December 2020', () => {
      const [event] = given()
        .when(submit('oilgas', 'weekly-dispatch', '2020-W53', '2021-01-04', '2021-01-04'))
        .events();
      expect(event?.data).toMatchObject({ period: '2020-W53', validAt: '2020-12-28' });
    });
  });

  describe('once per period', () => {
    it('refuses a second submission for the same network, kind and period', () => {
      const violation = given(submitted())
        .when(submit('power', 'weekly-dispatch', '2020-W23', '2020-06-09', '2020-06-08'))
        .thenRejects('REPORT_ALREADY_SUBMITTED');
      expect(violation.message).toContain('2020-06-08');
    });

    it('keeps each network, kind and period in a stream of its own', () => {
      const period = parseNetworkReportPeriod('weekly-dispatch', '2020-W23', 'p');
      expect(networkReportStreamId('power', 'weekly-dispatch', period)).toBe(
        'network-report-power-weekly-dispatch-2020-W23',
      );
    });
  });

  describe('late and overdue', () => {
    it('flags a report submitted after its due date as late', () => {
      given()
        .when(submit('power', 'weekly-dispatch', '2020-W23', '2020-06-09', '2020-06-08'))
        .then([submitted({ submittedOn: '2020-06-09', late: true })]);
    });

    it('records an overdue report once the due date has passed, and only once', () => {
      const record = overdue(
        'info',
        'quarterly-consultation',
        '2020-Q3',
        '2020-10-22',
        '2020-10-21',
      );
      const expected: NetworkReportEvent = {
        type: 'NetworkReportOverdue',
        data: {
          networkCode: 'info',
          kind: 'quarterly-consultation',
          period: '2020-Q3',
          dueOn: '2020-10-21',
          recordedOn: '2020-10-22',
          validAt: '2020-07-01',
        },
      };
      given().when(record).then([expected]);
      given(expected).when(record).then([]);
    });

    it('does not record overdue on the due date itself', () => {
      given()
        .when(overdue('info', 'quarterly-consultation', '2020-Q3', '2020-10-21', '2020-10-21'))
        .thenRejects('NOT_YET_DUE');
    });

    it('records nothing overdue for a period whose report came in, and takes a late report after an overdue record', () => {
      given(submitted())
        .when(overdue('power', 'weekly-dispatch', '2020-W23', '2020-06-10', '2020-06-08'))
        .then([]);
      const overdueRecorded: NetworkReportEvent = {
        type: 'NetworkReportOverdue',
        data: {
          networkCode: 'power',
          kind: 'weekly-dispatch',
          period: '2020-W23',
          dueOn: '2020-06-08',
          recordedOn: '2020-06-09',
          validAt: '2020-06-01',
        },
      };
      given(overdueRecorded)
        .when(submit('power', 'weekly-dispatch', '2020-W23', '2020-06-10', '2020-06-08'))
        .then([submitted({ submittedOn: '2020-06-10', late: true })]);
    });
  });

  afterAll(() => {
    // Every rule of the decider was shown refusing a command.
    expect([...rulesSeen].sort()).toEqual([
      'KIND_NOT_OWED',
      'NOT_YET_DUE',
      'PERIOD_BEFORE_PROGRAMME',
      'PERIOD_IN_FUTURE',
      'REPORT_ALREADY_SUBMITTED',
    ]);
  });
});
