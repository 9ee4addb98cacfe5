import { LocalDate } from '@ledger/domain-kernel';
import { ReportPeriod } from '../dispatch-report/domain/report-period';

/** When a month's dispatch report is due: the 5th working day after the month ends. */
export interface DueDates {
  dueOn(period: ReportPeriod): LocalDate;
  /** Whether the calendar knows the working days of this period's due date. */
  covers(period: ReportPeriod): boolean;
}

export const DUE_DATES = Symbol('DueDates');
