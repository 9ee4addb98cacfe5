import { InvalidCommandError } from '@ledger/domain-kernel';

/** An assessment period: a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY). */
export interface PeriodRange {
  period: string;
  /** First and last month, YYYY-MM. */
  from: string;
  to: string;
  year: number;
}

export function periodRange(period: string, field = 'period'): PeriodRange {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (month) return { period, from: period, to: period, year: Number(month[1]) };
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    const pad = (m: number) => String(m).padStart(2, '0');
    return {
      period,
      from: `${quarter[1]}-${pad(q * 3 - 2)}`,
      to: `${quarter[1]}-${pad(q * 3)}`,
      year: Number(quarter[1]),
    };
  }
  const year = /^(\d{4})$/.exec(period);
  if (year) return { period, from: `${year[1]}-01`, to: `${year[1]}-12`, year: Number(year[1]) };
  throw new InvalidCommandError(
    field,
    `${field} must be a month (2021-06), a quarter (2021-Q2) or a year (2021)`,
  );
}

/** The first day after the period: the as-of date of its figures. */
export function dayAfter(range: PeriodRange): string {
  const [y, m] = range.to.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function monthsOf(range: PeriodRange): string[] {
  const months: string[] = [];
  let [y, m] = range.from.split('-').map(Number) as [number, number];
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month === range.to) return months;
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
  }
}
