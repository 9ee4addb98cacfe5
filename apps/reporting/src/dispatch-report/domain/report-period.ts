import { Branded, InvalidCommandError } from '@ledger/domain-kernel';

/** The month a dispatch report is about: YYYY-MM. */
export type ReportPeriod = Branded<string, 'ReportPeriod'>;

export function parseReportPeriod(value: unknown, field: string): ReportPeriod {
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    throw new InvalidCommandError(field, `${field} must be a month as YYYY-MM`);
  }
  const year = Number(value.slice(0, 4));
  if (year < 2020 || year > 2100) {
    throw new InvalidCommandError(field, `${field} must be in the programme's years (2020 on)`);
  }
  return value as ReportPeriod;
}

/** The period a calendar date falls in. */
export function periodOf(date: string): ReportPeriod {
  return date.slice(0, 7) as ReportPeriod;
}

/** The month before: 2021-01 comes after 2020-12. */
export function periodBefore(period: ReportPeriod): ReportPeriod {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return (m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`) as ReportPeriod;
}

/** The month after: 2020-12 is followed by 2021-01. */
export function periodAfter(period: ReportPeriod): ReportPeriod {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return (m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`) as ReportPeriod;
}

export function lastDayOf(period: ReportPeriod): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${period}-${String(last).padStart(2, '0')}`;
}
