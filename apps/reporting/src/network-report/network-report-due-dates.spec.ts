import { SettingError } from '@ledger/domain-kernel';
import { loadPrcCalendar } from '../calendar/working-calendar';
import { NetworkReportKind, parseNetworkReportPeriod } from './domain/report-kinds';
import { NetworkReportDueDates, dueWorkingDaysFromEnv } from './network-report-due-dates';

/** The real calendar (prc-holidays.json, the State Council's notices for 2020-2026). */
const calendar = loadPrcCalendar();
const dueDates = new NetworkReportDueDates(calendar);
const dueOn = (kind: NetworkReportKind, period: string) =>
  dueDates.dueOn(kind, parseNetworkReportPeriod(kind, period, 'period'));

describe('network report due dates on the PRC working-day calendar', () => {
  it('covers every year of the programme, 2020-2025, and the due dates of 2025 in 2026', () => {
    for (const year of [2020, 2021, 2022, 2023, 2024, 2025, 2026]) {
      expect({ year, covered: calendar.covers(year) }).toEqual({ year, covered: true });
    }
  });

  it('is due the first working day after the week: a Monday in an ordinary week', () => {
    expect(dueOn('weekly-dispatch', '2020-W23')).toBe('2020-06-08');
  });

  it('moves a week’s due date past a holiday: National Day 2020 (1-8 October off)', () => {
    // 2020-W40 ends Sunday 4 October; 5-8 October are days off (国办发明电〔2019〕16号).
    expect(dueOn('weekly-dispatch', '2020-W40')).toBe('2020-10-09');
  });

  it('falls on an adjusted working Saturday: 8 October 2022 (国办发明电〔2021〕11号)', () => {
    // 2022-W39 ends Sunday 2 October; 3-7 October off; Saturday 8 October worked in exchange.
    expect(dueOn('weekly-dispatch', '2022-W39')).toBe('2022-10-08');
    // And on an adjusted working Sunday: 18 February 2024, after the Spring Festival.
    expect(dueOn('weekly-dispatch', '2024-W06')).toBe('2024-02-18');
  });

  it('is due after the New Year holiday for an ISO week that crosses the year', () => {
    // 2020-W53: 28 December 2020 - 3 January 2021; 1-3 January off; Monday 4 January.
    expect(dueOn('weekly-dispatch', '2020-W53')).toBe('2021-01-04');
    // 2021-W52: 27 December 2021 - 2 January 2022; 1-3 January 2022 off; Tuesday 4 January.
    expect(dueOn('weekly-dispatch', '2021-W52')).toBe('2022-01-04');
  });

  it('counts an adjusted working Saturday among a quarter’s ten working days', () => {
    // 2020-Q3 ends 30 September; 1-8 October off; 9 Oct (1), Sat 10 Oct worked (2),
    // 12-16 Oct (3-7), 19-21 Oct (8-10).
    expect(dueOn('quarterly-consultation', '2020-Q3')).toBe('2020-10-21');
  });

  it('gives the annual summary twenty working days, landing on an adjusted Saturday in 2022', () => {
    // 2021's summary: 4 January 2022 on (1-3 January off) ... Saturday 29 January 2022 worked
    // in exchange for the Spring Festival.
    expect(dueOn('annual-summary', '2021')).toBe('2022-01-29');
    expect(dueOn('annual-summary', '2025')).toBe('2026-01-29');
  });

  it('takes its working days from the setting, kind by kind', () => {
    const custom = new NetworkReportDueDates(calendar, dueWorkingDaysFromEnv('weekly-dispatch=2'));
    expect(
      custom.dueOn('weekly-dispatch', parseNetworkReportPeriod('weekly-dispatch', '2020-W23', 'p')),
    ).toBe('2020-06-09');
    expect(custom.workingDaysFor('quarterly-consultation')).toBe(10);
    expect(dueWorkingDaysFromEnv(undefined)).toEqual({});
    expect(dueWorkingDaysFromEnv(' annual-summary = 15 ,weekly-dispatch=1')).toEqual({
      'annual-summary': 15,
      'weekly-dispatch': 1,
    });
    for (const bad of ['weekly=1', 'weekly-dispatch=0', 'annual-summary=1.5', 'weekly-dispatch']) {
      expect(() => dueWorkingDaysFromEnv(bad)).toThrow(SettingError);
    }
  });

  it('says when the calendar does not reach a period’s due date', () => {
    // 2026-W53 (28 Dec 2026 - 3 Jan 2027) is due in 2027, which has no notice yet.
    expect(
      dueDates.covers(
        'weekly-dispatch',
        parseNetworkReportPeriod('weekly-dispatch', '2026-W53', 'p'),
      ),
    ).toBe(false);
    expect(
      dueDates.covers(
        'weekly-dispatch',
        parseNetworkReportPeriod('weekly-dispatch', '2026-W51', 'p'),
      ),
    ).toBe(true);
    expect(dueDates.lastCoveredDay()).toBe('2026-12-31');
  });
});
