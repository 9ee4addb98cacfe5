import { LocalDate, SettingError } from '@ledger/domain-kernel';
import { CalendarRangeError, WorkingCalendar } from '../calendar/working-calendar';
import {
  NETWORK_REPORT_KINDS,
  NetworkReportKind,
  NetworkReportPeriod,
  isNetworkReportKind,
  spanOf,
} from './domain/report-kinds';

/**
 * How many working days after its period ends each kind is due. The document sets a deadline
 * for the monthly dispatch only (每月结束后5个工作日内, L38); these are the ledger's choices,
 * configurable (NETWORK_REPORT_DUE_WORKING_DAYS):
 * - weekly-dispatch, 1: the week's dispatch reaches the energy bureau on the first working day
 *   after the week, so it never runs into the next week's own deadline;
 * - quarterly-consultation, 10: the consultation works from the quarter's last monthly
 *   dispatch, itself due 5 working days after the quarter (L38), and then needs its meeting:
 *   5 more working days;
 * - annual-summary, 20: written after December's dispatch (5) and the fourth quarter's
 *   consultation (10), about a calendar month after the year ends.
 */
export const DEFAULT_DUE_WORKING_DAYS: Readonly<Record<NetworkReportKind, number>> = {
  'weekly-dispatch': 1,
  'quarterly-consultation': 10,
  'annual-summary': 20,
};

export const NETWORK_REPORT_DUE_DATES = Symbol('NetworkReportDueDates');

export class NetworkReportDueDates {
  private readonly workingDays: Readonly<Record<NetworkReportKind, number>>;

  constructor(
    private readonly calendar: WorkingCalendar,
    workingDays: Partial<Record<NetworkReportKind, number>> = {},
  ) {
    this.workingDays = { ...DEFAULT_DUE_WORKING_DAYS, ...workingDays };
  }

  /** The last day the calendar knows: no period that ends after it can have a due date. */
  lastCoveredDay(): LocalDate {
    const years = this.calendar.coveredYears();
    return `${years[years.length - 1] ?? 0}-12-31` as LocalDate;
  }

  workingDaysFor(kind: NetworkReportKind): number {
    return this.workingDays[kind];
  }

  /** The n-th working day after the period's last day (weekend workdays count, holidays not). */
  dueOn(kind: NetworkReportKind, period: NetworkReportPeriod): LocalDate {
    return this.calendar.addWorkingDays(
      spanOf(kind, period).end,
      this.workingDays[kind],
    ) as LocalDate;
  }

  /** Whether the calendar knows the working days up to this period's due date. */
  covers(kind: NetworkReportKind, period: NetworkReportPeriod): boolean {
    try {
      this.dueOn(kind, period);
      return true;
    } catch (error) {
      if (error instanceof CalendarRangeError) return false;
      throw error;
    }
  }
}

/**
 * `weekly-dispatch=1,quarterly-consultation=10,annual-summary=20`: any of the kinds, each a
 * whole number of working days from 1 to 60. Unset or empty: the defaults.
 */
export function dueWorkingDaysFromEnv(
  value: string | undefined,
): Partial<Record<NetworkReportKind, number>> {
  const days: Partial<Record<NetworkReportKind, number>> = {};
  if (value === undefined || value.trim() === '') return days;
  for (const part of value.split(',')) {
    const [kind, count, ...rest] = part.split('=').map((s) => s.trim());
    const n = Number(count);
    if (!isNetworkReportKind(kind) || rest.length > 0 || !Number.isInteger(n) || n < 1 || n > 60) {
      throw new SettingError(
        `NETWORK_REPORT_DUE_WORKING_DAYS must list kind=days (kinds ${NETWORK_REPORT_KINDS.join(', ')}; days 1-60), got "${part}"`,
      );
    }
    days[kind] = n;
  }
  return days;
}
