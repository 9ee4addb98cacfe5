import { LocalDate } from '@ledger/domain-kernel';
import { ReportPeriod } from '../dispatch-report/domain/report-period';
import { CalendarRangeError, WorkingCalendar } from '../calendar/working-calendar';
import { DueDates } from './due-dates';

/** Due dates from the PRC working-day calendar (holidays and exchanged working weekends). */
export class CalendarDueDates implements DueDates {
  constructor(private readonly calendar: WorkingCalendar) {}

  dueOn(period: ReportPeriod): LocalDate {
    const [year, month] = period.split('-').map(Number) as [number, number];
    return this.calendar.dispatchReportDueDate(year, month) as LocalDate;
  }

  covers(period: ReportPeriod): boolean {
    try {
      this.dueOn(period);
      return true;
    } catch (error) {
      if (error instanceof CalendarRangeError) return false;
      throw error;
    }
  }
}
