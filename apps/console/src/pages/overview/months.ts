/**
 * Months of the programme (YYYY-MM), as the reporting API names them, and which one a page
 * shows by default. Pure: "today" is passed in, so the as-of choice and tests decide it.
 */
export type Month = string;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string | null | undefined): text is Month {
  return typeof text === 'string' && MONTH.test(text);
}

/** The calendar date in Beijing, where the programme's months and deadlines are. */
export function beijingDate(at: Date): string {
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The month a view stands in: the as-of date's month for the past (recordedAt is an instant,
 * read in Beijing time; validAt a date), else the current month in Beijing.
 */
export function monthOfView(
  asOf: { recordedAt: string } | { validAt: string } | null,
  now: Date,
): Month {
  if (!asOf) return beijingDate(now).slice(0, 7);
  if ('validAt' in asOf) return asOf.validAt.slice(0, 7);
  const at = new Date(asOf.recordedAt);
  return Number.isNaN(at.getTime()) ? beijingDate(now).slice(0, 7) : beijingDate(at).slice(0, 7);
}

export function addMonths(month: Month, count: number): Month {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included (none when `to` is before `from`). */
export function monthsBetween(from: Month, to: Month): Month[] {
  const months: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

/**
 * The month a page opens on: the one in the URL if it is a month, else the latest month in
 * which any report came in (up to the view's month), else the view's month.
 */
export function chooseMonth(
  requested: string | null,
  reportsByMonth: ReadonlyArray<{ period: string; reports: number }>,
  viewMonth: Month,
): Month {
  if (isMonth(requested)) return requested;
  return latestMonthWithReports(reportsByMonth, viewMonth) ?? viewMonth;
}

export function latestMonthWithReports(
  reportsByMonth: ReadonlyArray<{ period: string; reports: number }>,
  upTo: Month,
): Month | null {
  let latest: Month | null = null;
  for (const point of reportsByMonth)
    if (point.reports > 0 && point.period <= upTo && (latest === null || point.period > latest))
      latest = point.period;
  return latest;
}

/** "2021-06" -> "2021年6月" / "June 2021". */
export function monthLabel(month: Month, language: 'zh' | 'en'): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  if (language === 'zh') return `${year}年${m}月`;
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
