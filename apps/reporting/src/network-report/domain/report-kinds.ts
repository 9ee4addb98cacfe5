import { Branded, InvalidCommandError, LocalDate } from '@ledger/domain-kernel';

/**
 * The plan's rhythms beyond the monthly dispatch (按月调度, L38, kept by dispatch reports):
 * which networks owe which kind of report, each cited from the source document
 * (seeds/jilin-761/source/jilin-761-plan.zh.txt) by line and exact quote.
 */
export const NETWORK_REPORT_KINDS = [
  'weekly-dispatch',
  'quarterly-consultation',
  'annual-summary',
] as const;
export type NetworkReportKind = (typeof NETWORK_REPORT_KINDS)[number];

/** A week (2020-W23, ISO 8601), a quarter (2020-Q2) or a year (2020), as the kind asks. */
export type NetworkReportPeriod = Branded<string, 'NetworkReportPeriod'>;

export interface SourceCitation {
  readonly line: number;
  readonly quote: string;
}

export interface KindObligation {
  readonly networkCode: string;
  readonly source: SourceCitation;
}

export interface KindDefinition {
  readonly kind: NetworkReportKind;
  readonly nameZh: string;
  readonly owedBy: readonly KindObligation[];
}

/**
 * Only what the document says. Power and oil-gas dispatch routine work weekly (L167, L206);
 * the info network's mechanism is 月调度、季协商、年总结 (L82). Water's 定期调度 (L141) and the
 * leading group's 定期听取 (L33) name no rhythm, so they owe none of these kinds.
 */
export const KIND_DEFINITIONS: Readonly<Record<NetworkReportKind, KindDefinition>> = {
  'weekly-dispatch': {
    kind: 'weekly-dispatch',
    nameZh: '周调度',
    owedBy: [
      { networkCode: 'power', source: { line: 167, quote: '重点工作随时调度,日常工作周调度' } },
      { networkCode: 'oilgas', source: { line: 206, quote: '重点工作随时调度,日常工作周调度' } },
    ],
  },
  'quarterly-consultation': {
    kind: 'quarterly-consultation',
    nameZh: '季协商',
    owedBy: [
      {
        networkCode: 'info',
        source: { line: 82, quote: '建立“月调度、季协商、年总结”的工作机制' },
      },
    ],
  },
  'annual-summary': {
    kind: 'annual-summary',
    nameZh: '年度总结',
    owedBy: [
      {
        networkCode: 'info',
        source: { line: 82, quote: '建立“月调度、季协商、年总结”的工作机制' },
      },
    ],
  },
};

/**
 * The day the plan was issued (吉政发〔2020〕6号, dated 2020年4月9日 in the document's
 * heading): the rhythms run for every period that ends on or after it.
 */
export const RHYTHMS_FROM = '2020-04-09' as LocalDate;

export function isNetworkReportKind(value: unknown): value is NetworkReportKind {
  return typeof value === 'string' && (NETWORK_REPORT_KINDS as readonly string[]).includes(value);
}

export function parseNetworkReportKind(value: unknown, field: string): NetworkReportKind {
  if (!isNetworkReportKind(value)) {
    throw new InvalidCommandError(
      field,
      `${field} must be one of ${NETWORK_REPORT_KINDS.join(', ')}`,
    );
  }
  return value;
}

export function obligationOf(
  networkCode: string,
  kind: NetworkReportKind,
): KindObligation | undefined {
  return KIND_DEFINITIONS[kind].owedBy.find((o) => o.networkCode === networkCode);
}

const DAY_MS = 86_400_000;
const MIN_YEAR = 2020;
const MAX_YEAR = 2100;

function utc(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

function dateOf(time: number): LocalDate {
  return new Date(time).toISOString().slice(0, 10) as LocalDate;
}

/** Monday of ISO week 1: the week that holds 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = utc(year, 1, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0 ... Sunday 6
  return jan4 - weekday * DAY_MS;
}

/** 52 or 53: a year has 53 ISO weeks when 1 January or (leap years) 31 December is a Thursday. */
export function isoWeeksIn(year: number): number {
  return (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / (7 * DAY_MS);
}

const PATTERNS: Readonly<Record<NetworkReportKind, { regex: RegExp; shape: string }>> = {
  'weekly-dispatch': { regex: /^(\d{4})-W(\d{2})$/, shape: 'an ISO week as YYYY-Www (2020-W23)' },
  'quarterly-consultation': {
    regex: /^(\d{4})-Q([1-4])$/,
    shape: 'a quarter as YYYY-Qn (2020-Q2)',
  },
  'annual-summary': { regex: /^(\d{4})()$/, shape: 'a year as YYYY (2020)' },
};

/** The period's format follows its kind; an ISO week's year is the week-numbering year. */
export function parseNetworkReportPeriod(
  kind: NetworkReportKind,
  value: unknown,
  field: string,
): NetworkReportPeriod {
  const { regex, shape } = PATTERNS[kind];
  const match = typeof value === 'string' ? regex.exec(value) : null;
  if (match === null)
    throw new InvalidCommandError(field, `${field} of a ${kind} must be ${shape}`);
  const year = Number(match[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidCommandError(field, `${field} must be in the programme's years (2020 on)`);
  }
  if (kind === 'weekly-dispatch') {
    const week = Number(match[2]);
    if (week < 1 || week > isoWeeksIn(year)) {
      throw new InvalidCommandError(
        field,
        `${field}: ${year} has ISO weeks 1 to ${isoWeeksIn(year)}, not ${week}`,
      );
    }
  }
  return value as NetworkReportPeriod;
}

export interface PeriodSpan {
  readonly start: LocalDate;
  readonly end: LocalDate;
}

/** First and last day of a period (of a kind already parsed). */
export function spanOf(kind: NetworkReportKind, period: NetworkReportPeriod): PeriodSpan {
  const year = Number(period.slice(0, 4));
  switch (kind) {
    case 'weekly-dispatch': {
      const week = Number(period.slice(6));
      const monday = isoWeekOneMonday(year) + (week - 1) * 7 * DAY_MS;
      return { start: dateOf(monday), end: dateOf(monday + 6 * DAY_MS) };
    }
    case 'quarterly-consultation': {
      const quarter = Number(period.slice(6));
      const firstMonth = quarter * 3 - 2;
      return {
        start: dateOf(utc(year, firstMonth, 1)),
        // Day 0 of the month after the quarter is its last day.
        end: dateOf(utc(year, firstMonth + 3, 0)),
      };
    }
    case 'annual-summary':
      return { start: dateOf(utc(year, 1, 1)), end: dateOf(utc(year, 12, 31)) };
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown report kind ${String(unknownKind)}`);
    }
  }
}

/** The period of a kind that holds `date`. */
export function periodContaining(kind: NetworkReportKind, date: LocalDate): NetworkReportPeriod {
  const [y, m] = date.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'weekly-dispatch': {
      const time = Date.parse(`${date}T00:00:00Z`);
      // The ISO week-numbering year is the year of the week's Thursday.
      const weekday = (new Date(time).getUTCDay() + 6) % 7;
      const thursday = time + (3 - weekday) * DAY_MS;
      const year = new Date(thursday).getUTCFullYear();
      const week = Math.floor((thursday - isoWeekOneMonday(year)) / (7 * DAY_MS)) + 1;
      return `${year}-W${String(week).padStart(2, '0')}` as NetworkReportPeriod;
    }
    case 'quarterly-consultation':
      return `${y}-Q${Math.ceil(m / 3)}` as NetworkReportPeriod;
    case 'annual-summary':
      return String(y) as NetworkReportPeriod;
    default: {
      const unknownKind: never = kind;
      throw new Error(`unknown report kind ${String(unknownKind)}`);
    }
  }
}

/** The period after: 2020-W53 is followed by 2021-W01, 2020-Q4 by 2021-Q1. */
export function periodAfter(
  kind: NetworkReportKind,
  period: NetworkReportPeriod,
): NetworkReportPeriod {
  const next = Date.parse(`${spanOf(kind, period).end}T00:00:00Z`) + DAY_MS;
  return periodContaining(kind, dateOf(next));
}

/**
 * Every period of a kind from the first that ends on or after `from` to the one that holds
 * `through`, in order.
 */
export function periodsBetween(
  kind: NetworkReportKind,
  from: LocalDate,
  through: LocalDate,
): NetworkReportPeriod[] {
  const periods: NetworkReportPeriod[] = [];
  if (through < from) return periods;
  const last = periodContaining(kind, through);
  for (let period = periodContaining(kind, from); ; period = periodAfter(kind, period)) {
    periods.push(period);
    if (period === last) return periods;
  }
}
