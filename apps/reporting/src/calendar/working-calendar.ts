import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * The official PRC working calendar: Monday to Friday, minus the statutory holidays the
 * General Office of the State Council announces each year, plus the weekend days worked in
 * exchange (调休上班日). The data lives in `prc-holidays.json`; this module is pure apart from
 * `loadPrcCalendar()`, which reads that file.
 *
 * Dates are plain `YYYY-MM-DD` strings handled with UTC `Date` arithmetic: no time zones.
 */

/** A State Council (General Office) notice that sets or changes a year's holidays. */
export interface HolidayNotice {
  /** Document number, e.g. 国办发明电〔2019〕16号. */
  readonly number: string;
  readonly title: string;
  /** The day the notice was signed, YYYY-MM-DD. */
  readonly date?: string;
  readonly url?: string;
  readonly note?: string;
}

export interface HolidayEntry {
  /** English name, e.g. Spring Festival. */
  readonly name: string;
  /** Chinese name, e.g. 春节. */
  readonly nameZh: string;
  /** Number of the notice this entry comes from: the year's notice or a supplementary one. */
  readonly source: string;
  /** Days off (放假), weekend days inside the holiday block included. */
  readonly daysOff: readonly string[];
  /** Weekend days officially worked in exchange (调休上班日). */
  readonly workdays: readonly string[];
  /** Workdays declared by another entry of the same year that this (later) notice withdrew. */
  readonly cancelledWorkdays?: readonly string[];
  /** False when the entry could not be confirmed against a published text; `note` says why. */
  readonly verified: boolean;
  readonly note?: string;
}

export interface HolidayYear {
  readonly notice: HolidayNotice;
  readonly supplementaryNotices?: readonly HolidayNotice[];
  /** Where the dates were checked. */
  readonly verification?: string;
  readonly holidays: readonly HolidayEntry[];
}

export interface PrcCalendarData {
  readonly $comment?: string;
  /** Keyed by four-digit year; every date in a year's entries falls in that year. */
  readonly years: Readonly<Record<string, HolidayYear>>;
}

/** The holiday data is malformed or contradicts itself. Lists every problem found. */
export class CalendarDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid PRC holiday calendar data:\n - ${problems.join('\n - ')}`);
    this.name = 'CalendarDataError';
  }
}

/** A date the calendar has no official data for: it refuses rather than guesses. */
export class CalendarRangeError extends Error {
  constructor(
    readonly date: string,
    readonly coveredYears: readonly number[],
  ) {
    super(
      `No official PRC holiday data for ${date}: the working calendar covers ` +
        `${describeYears(coveredYears)}. Add the year's State Council notice to prc-holidays.json.`,
    );
    this.name = 'CalendarRangeError';
  }
}

/** The dispatch report is due within this many working days after the month ends. */
export const DISPATCH_REPORT_WORKING_DAYS = 5;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export class WorkingCalendar {
  private readonly years: ReadonlySet<number>;
  private readonly daysOff: ReadonlySet<string>;
  private readonly workdays: ReadonlySet<string>;
  private readonly data: PrcCalendarData;

  /** @throws CalendarDataError listing every problem when the data is inconsistent. */
  constructor(data: PrcCalendarData) {
    const checked = checkCalendarData(data);
    this.years = checked.years;
    this.daysOff = checked.daysOff;
    this.workdays = checked.workdays;
    this.data = structuredClone(data);
  }

  /** Whether official holiday data exists for this calendar year. */
  covers(year: number): boolean {
    return this.years.has(year);
  }

  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * An exchanged weekend workday counts; a statutory day off does not; otherwise Monday to
   * Friday. @throws CalendarRangeError outside the covered years.
   */
  isWorkingDay(date: string): boolean {
    const day = parseDate(date, 'date');
    this.assertCovered(date, day.year);
    if (this.workdays.has(date)) return true;
    if (this.daysOff.has(date)) return false;
    return !isWeekend(day.weekday);
  }

  /**
   * The n-th working day strictly after `date` (n >= 1). `date` itself may be any real date;
   * every day examined after it must lie in a covered year.
   */
  addWorkingDays(date: string, n: number): string {
    parseDate(date, 'date');
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`n must be a whole number of working days, 1 or more, got ${n}`);
    }
    let current = date;
    let found = 0;
    while (found < n) {
      current = nextDay(current);
      if (this.isWorkingDay(current)) found += 1;
    }
    return current;
  }

  /**
   * The last day to submit the monthly dispatch report for `month` of `year`: the 5th working
   * day after the last day of that month (每月结束后5个工作日内).
   */
  dispatchReportDueDate(year: number, month: number): string {
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      throw new RangeError(`year must be a four-digit whole number, got ${year}`);
    }
    if (!Number.isInteger(month) || month < 1 || month > 12) {
      throw new RangeError(`month must be a whole number from 1 to 12, got ${month}`);
    }
    return this.addWorkingDays(lastDayOfMonth(year, month), DISPATCH_REPORT_WORKING_DAYS);
  }

  /** A deep copy of the data the calendar was built from. */
  toData(): PrcCalendarData {
    return structuredClone(this.data);
  }

  private assertCovered(date: string, year: number): void {
    if (!this.years.has(year)) throw new CalendarRangeError(date, this.coveredYears());
  }
}

const DATA_FILE = 'prc-holidays.json';

/**
 * Reads `prc-holidays.json` beside this module, or, when running compiled from `dist/`, from
 * the source tree (`tsc` does not copy a JSON file that is read rather than imported).
 */
export function loadPrcCalendar(): WorkingCalendar {
  const candidates = [
    ...new Set([
      join(__dirname, DATA_FILE),
      // dist/apps/reporting/src/calendar -> dist/apps/reporting/src/calendar (outDir keeps the tree)
      join(__dirname, '..', '..', '..', '..', 'apps', 'reporting', 'src', 'calendar', DATA_FILE),
      // dist/apps/reporting/src/calendar -> <repo>/apps/reporting/src/calendar
      join(
        __dirname,
        '..',
        '..',
        '..',
        '..',
        '..',
        'apps',
        'reporting',
        'src',
        'calendar',
        DATA_FILE,
      ),
    ]),
  ];
  const path = candidates.find((candidate) => existsSync(candidate));
  if (path === undefined) {
    throw new Error(`PRC holiday data not found; looked in:\n - ${candidates.join('\n - ')}`);
  }
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return new WorkingCalendar(parsePrcCalendarData(raw));
}

/** Checks the shape of parsed JSON; the meaning is checked by `new WorkingCalendar(data)`. */
export function parsePrcCalendarData(raw: unknown): PrcCalendarData {
  const problems: string[] = [];
  if (!isRecord(raw) || !isRecord(raw.years)) {
    throw new CalendarDataError(['expected an object with a "years" object']);
  }
  const years: Record<string, HolidayYear> = {};
  for (const [key, value] of Object.entries(raw.years)) {
    const year = parseYear(value, `years.${key}`, problems);
    if (year !== undefined) years[key] = year;
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  const comment = raw.$comment;
  return typeof comment === 'string' ? { $comment: comment, years } : { years };
}

function parseYear(raw: unknown, at: string, problems: string[]): HolidayYear | undefined {
  if (!isRecord(raw)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const notice = parseNotice(raw.notice, `${at}.notice`, problems);
  let supplementaryNotices: HolidayNotice[] | undefined;
  if (raw.supplementaryNotices !== undefined) {
    if (Array.isArray(raw.supplementaryNotices)) {
      supplementaryNotices = [];
      for (const [i, item] of raw.supplementaryNotices.entries()) {
        const parsed = parseNotice(item, `${at}.supplementaryNotices[${i}]`, problems);
        if (parsed !== undefined) supplementaryNotices.push(parsed);
      }
    } else {
      problems.push(`${at}.supplementaryNotices must be an array`);
    }
  }
  const verification = optionalString(raw.verification, `${at}.verification`, problems);
  if (!Array.isArray(raw.holidays)) {
    problems.push(`${at}.holidays must be an array`);
    return undefined;
  }
  const holidays: HolidayEntry[] = [];
  for (const [i, item] of raw.holidays.entries()) {
    const parsed = parseEntry(item, `${at}.holidays[${i}]`, problems);
    if (parsed !== undefined) holidays.push(parsed);
  }
  if (notice === undefined) return undefined;
  return {
    notice,
    ...(supplementaryNotices !== undefined && { supplementaryNotices }),
    ...(verification !== undefined && { verification }),
    holidays,
  };
}

function parseNotice(raw: unknown, at: string, problems: string[]): HolidayNotice | undefined {
  if (!isRecord(raw)) {
    problems.push(`${at} must be an object with a number and a title`);
    return undefined;
  }
  const number = requiredString(raw.number, `${at}.number`, problems);
  const title = requiredString(raw.title, `${at}.title`, problems);
  const date = optionalString(raw.date, `${at}.date`, problems);
  const url = optionalString(raw.url, `${at}.url`, problems);
  const note = optionalString(raw.note, `${at}.note`, problems);
  if (number === undefined || title === undefined) return undefined;
  return {
    number,
    title,
    ...(date !== undefined && { date }),
    ...(url !== undefined && { url }),
    ...(note !== undefined && { note }),
  };
}

function parseEntry(raw: unknown, at: string, problems: string[]): HolidayEntry | undefined {
  if (!isRecord(raw)) {
    problems.push(`${at} must be an object`);
    return undefined;
  }
  const name = requiredString(raw.name, `${at}.name`, problems);
  const nameZh = requiredString(raw.nameZh, `${at}.nameZh`, problems);
  const source = requiredString(raw.source, `${at}.source`, problems);
  const daysOff = stringArray(raw.daysOff, `${at}.daysOff`, problems);
  const workdays = stringArray(raw.workdays, `${at}.workdays`, problems);
  const cancelledWorkdays =
    raw.cancelledWorkdays === undefined
      ? undefined
      : stringArray(raw.cancelledWorkdays, `${at}.cancelledWorkdays`, problems);
  const note = optionalString(raw.note, `${at}.note`, problems);
  if (typeof raw.verified !== 'boolean') problems.push(`${at}.verified must be true or false`);
  if (
    name === undefined ||
    nameZh === undefined ||
    source === undefined ||
    daysOff === undefined ||
    workdays === undefined ||
    typeof raw.verified !== 'boolean'
  ) {
    return undefined;
  }
  return {
    name,
    nameZh,
    source,
    daysOff,
    workdays,
    ...(cancelledWorkdays !== undefined && { cancelledWorkdays }),
    verified: raw.verified,
    ...(note !== undefined && { note }),
  };
}

interface CheckedCalendar {
  years: Set<number>;
  daysOff: Set<string>;
  workdays: Set<string>;
}

/** Every rule the data must obey; collects all problems before throwing. */
function checkCalendarData(data: PrcCalendarData): CheckedCalendar {
  const problems: string[] = [];
  const years = new Set<number>();
  const daysOff = new Set<string>();
  const workdays = new Set<string>();

  for (const [key, yearData] of Object.entries(data.years)) {
    if (!/^\d{4}$/.test(key)) {
      problems.push(`year key "${key}" must be a four-digit year`);
      continue;
    }
    const year = Number(key);
    years.add(year);
    for (const notice of [yearData.notice, ...(yearData.supplementaryNotices ?? [])]) {
      if (notice.date !== undefined && tryParseDate(notice.date) === undefined) {
        problems.push(`${key} notice ${notice.number}: date "${notice.date}" is not a real date`);
      }
    }
    const sources = new Set([
      yearData.notice.number,
      ...(yearData.supplementaryNotices ?? []).map((notice) => notice.number),
    ]);
    const yearOff = new Map<string, string>();
    const yearWork = new Map<string, string>();
    const cancelled = new Map<string, string>();

    for (const entry of yearData.holidays) {
      const at = `${key} ${entry.nameZh} (${entry.name})`;
      if (!sources.has(entry.source)) {
        problems.push(
          `${at}: source "${entry.source}" is not the ${key} notice or one of its supplementary notices`,
        );
      }
      if (!entry.verified && (entry.note ?? '').trim() === '') {
        problems.push(`${at}: an unverified entry needs a note saying why`);
      }
      if (
        entry.daysOff.length === 0 &&
        entry.workdays.length === 0 &&
        (entry.cancelledWorkdays ?? []).length === 0
      ) {
        problems.push(`${at}: lists no dates`);
      }
      for (const date of entry.daysOff) {
        if (!isDateInYear(date, year, `${at} day off`, problems)) continue;
        const previous = yearOff.get(date);
        if (previous === undefined) yearOff.set(date, at);
        else problems.push(`${at}: day off ${date} is already listed by ${previous}`);
      }
      for (const date of entry.workdays) {
        if (!isDateInYear(date, year, `${at} workday`, problems)) continue;
        const weekday = parseDate(date, 'workday').weekday;
        if (!isWeekend(weekday)) {
          problems.push(
            `${at}: workday ${date} is a ${WEEKDAY_NAMES[weekday]}; exchanged workdays must be Saturdays or Sundays`,
          );
        }
        const previous = yearWork.get(date);
        if (previous === undefined) yearWork.set(date, at);
        else problems.push(`${at}: workday ${date} is already listed by ${previous}`);
      }
      for (const date of entry.cancelledWorkdays ?? []) {
        if (isDateInYear(date, year, `${at} cancelled workday`, problems)) cancelled.set(date, at);
      }
    }

    for (const [date, at] of cancelled) {
      const declaredBy = yearWork.get(date);
      if (declaredBy === undefined) {
        problems.push(`${at}: cancels workday ${date}, which no ${key} entry declares`);
      } else if (declaredBy === at) {
        problems.push(`${at}: cancels its own workday ${date}`);
      } else {
        yearWork.delete(date);
      }
    }
    for (const [date, at] of yearWork) {
      const offBy = yearOff.get(date);
      if (offBy !== undefined) {
        problems.push(
          `${date} is both a workday (${at}) and a day off (${offBy}); a later notice that ` +
            `withdraws a workday must list it in cancelledWorkdays`,
        );
      }
    }
    for (const date of yearOff.keys()) daysOff.add(date);
    for (const date of yearWork.keys()) workdays.add(date);
  }

  if (years.size === 0 && problems.length === 0) problems.push('no years of data');
  if (problems.length > 0) throw new CalendarDataError(problems);
  return { years, daysOff, workdays };
}

function isDateInYear(date: string, year: number, what: string, problems: string[]): boolean {
  const parsed = tryParseDate(date);
  if (parsed === undefined) {
    problems.push(`${what} "${date}" is not a real date as YYYY-MM-DD`);
    return false;
  }
  if (parsed.year !== year) {
    problems.push(`${what} ${date} is not in ${year}; file it under ${parsed.year}`);
    return false;
  }
  return true;
}

interface ParsedDate {
  year: number;
  /** Milliseconds since the epoch at 00:00 UTC. */
  time: number;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
}

const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

function tryParseDate(value: string): ParsedDate | undefined {
  const match = DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2021-02-29 over to March: only a real date survives the round trip.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return undefined;
  }
  return { year, time: date.getTime(), weekday: date.getUTCDay() };
}

function parseDate(value: string, field: string): ParsedDate {
  const parsed = typeof value === 'string' ? tryParseDate(value) : undefined;
  if (parsed === undefined) {
    throw new RangeError(`${field} must be a real calendar date as YYYY-MM-DD, got ${value}`);
  }
  return parsed;
}

function formatDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function nextDay(date: string): string {
  return formatDate(parseDate(date, 'date').time + DAY_MS);
}

function lastDayOfMonth(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  return formatDate(Date.UTC(year, month, 0));
}

function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return 'no years';
  const first = years[0];
  const last = years[years.length - 1];
  const contiguous = first !== undefined && last !== undefined && last - first + 1 === years.length;
  return contiguous && years.length > 1 ? `${first}-${last}` : years.join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredString(value: unknown, at: string, problems: string[]): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(`${at} must be a non-empty string`);
  return undefined;
}

function optionalString(value: unknown, at: string, problems: string[]): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  problems.push(`${at} must be a string when present`);
  return undefined;
}

function stringArray(value: unknown, at: string, problems: string[]): string[] | undefined {
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    return value;
  }
  problems.push(`${at} must be an array of YYYY-MM-DD strings`);
  return undefined;
}
