import { describe, expect, it } from '@jest/globals';
import { listed, parseDay, parseKind, parseStatus, tally } from './deadlines.model';
import type { ReportDeadline } from './deadlines.queries';

const row = (
  networkCode: string,
  kind: string,
  period: string,
  periodStart: string,
  status: string,
): ReportDeadline => ({
  networkCode,
  kind,
  kindNameZh: kind === 'weekly-dispatch' ? '周调度' : '季协商',
  period,
  periodStart,
  periodEnd: periodStart,
  dueOn: periodStart,
  status,
  submittedOn: null,
  overdueRecordedOn: null,
  source: kind === 'weekly-dispatch' ? 'L167 重点工作随时调度,日常工作周调度' : 'L82 …',
});

// As the API answers: power's and info's periods, one of each status.
const deadlines = [
  row('power', 'weekly-dispatch', '2020-W23', '2020-06-01', 'submitted'),
  row('power', 'weekly-dispatch', '2020-W24', '2020-06-08', 'late'),
  row('power', 'weekly-dispatch', '2020-W25', '2020-06-15', 'overdue'),
  row('power', 'weekly-dispatch', '2020-W26', '2020-06-22', 'due'),
  row('info', 'quarterly-consultation', '2020-Q2', '2020-04-01', 'overdue'),
];

describe('the deadlines page model', () => {
  it('counts each network and kind’s periods by status', () => {
    expect(tally(deadlines)).toEqual([
      {
        networkCode: 'power',
        kind: 'weekly-dispatch',
        kindNameZh: '周调度',
        due: 1,
        submitted: 1,
        late: 1,
        overdue: 1,
        total: 4,
        source: 'L167 重点工作随时调度,日常工作周调度',
      },
      {
        networkCode: 'info',
        kind: 'quarterly-consultation',
        kindNameZh: '季协商',
        due: 0,
        submitted: 0,
        late: 0,
        overdue: 1,
        total: 1,
        source: 'L82 …',
      },
    ]);
  });

  it('lists periods newest first, of one status when asked', () => {
    expect(listed(deadlines, null).map((d) => d.period)).toEqual([
      '2020-W26',
      '2020-W25',
      '2020-W24',
      '2020-W23',
      '2020-Q2',
    ]);
    expect(listed(deadlines, 'overdue').map((d) => d.period)).toEqual(['2020-W25', '2020-Q2']);
  });

  it('reads its URL parameters, ignoring what it does not know', () => {
    expect(parseKind('weekly-dispatch')).toBe('weekly-dispatch');
    expect(parseKind('monthly')).toBeNull();
    expect(parseStatus('late')).toBe('late');
    expect(parseStatus(null)).toBeNull();
    expect(parseDay('2020-10-22')).toBe('2020-10-22');
    expect(parseDay('22/10/2020')).toBeNull();
  });
});
