/**
 * The overview's figures, shaped for the page from what the API answers. Pure: no React, no
 * DOM. Amounts stay exact decimal strings (money.ts); what the API computes (its percentages,
 * its running totals) is shown as given, and what this page adds up itself says so.
 */
import { formatAmount, MoneyUnit, percentOf, sumAmounts, toFen } from '../../money';
import { Month, monthsBetween } from './months';
import type {
  MonthlySummaryLine,
  ProgrammeNetwork,
  ProgrammeOverview,
  ProgressLine,
  SeriesPoint,
  SourceDiscrepancy,
  SourcedAmount,
  SourcedCount,
} from './overview.queries';

export const MONEY_UNITS: readonly MoneyUnit[] = ['yi', 'wan', 'yuan'];

/** ?money=yi|wan|yuan; 亿元 unless another unit is asked for. */
export function parseMoneyUnit(text: string | null): MoneyUnit {
  return text === 'wan' || text === 'yuan' ? text : 'yi';
}

/** An amount of yuan in the chosen unit with two decimals (exact in yuan; rounded half away from zero otherwise). */
export function moneyText(amount: string, unit: MoneyUnit): string {
  return formatAmount(amount, unit, 2);
}

/** A figure as the document states it ("10962", "1307.67"), with thousands grouped. */
export function groupDigits(decimal: string): string {
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(decimal.trim());
  if (!match) return decimal;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction}`;
}

/** "10962" and "10962.00" are the same figure; anything that is not a decimal compares as text. */
export function sameDecimal(a: string, b: string): boolean {
  const canonical = (text: string): string => {
    const match = /^(-?)0*(\d+?)(?:\.(\d*?)0*)?$/.exec(text.trim());
    if (!match) return text.trim();
    const [, sign, whole, fraction = ''] = match;
    const body = fraction === '' ? whole! : `${whole}.${fraction}`;
    return body === '0' ? '0' : `${sign}${body}`;
  };
  return canonical(a) === canonical(b);
}

/** Does a discrepancy cite this figure: the same value on the same line of the document? */
function cites(discrepancy: SourceDiscrepancy, value: string, line: number): boolean {
  return discrepancy.figures.some((f) => f.source?.line === line && sameDecimal(f.value, value));
}

/**
 * The places where the document disagrees with itself about a headline figure: the programme's
 * total investment or its project count. Both figures are kept and shown; none is chosen.
 */
export function headlineDiscrepancies(programme: ProgrammeOverview): {
  investment: SourceDiscrepancy[];
  projects: SourceDiscrepancy[];
} {
  const { totalInvestment, totalProjects } = programme;
  return {
    investment: programme.discrepancies.filter((d) =>
      cites(d, totalInvestment.valueYi, totalInvestment.source.line),
    ),
    projects: programme.discrepancies.filter((d) =>
      cites(d, String(totalProjects.value), totalProjects.source.line),
    ),
  };
}

export interface NetworkRow {
  code: string;
  nameZh: string;
  /** Null for a progress key that is not one of the programme's networks. */
  nameEn: string | null;
  /** The annex figure. */
  annexTotal: SourcedAmount | null;
  /** The rounded main-text figure. */
  mainTextTotal: SourcedAmount | null;
  /** Annex and main text state different figures (both are shown). */
  documentFiguresDiffer: boolean;
  documentProjects: SourcedCount | null;
  /** The API's progress line; null when it has none (no projects of this network). */
  line: ProgressLine | null;
  /** Where the document disagrees with itself about this network. */
  discrepancies: SourceDiscrepancy[];
}

/** One row per network of the programme, in the document's order, then any other key. */
export function networkRows(
  programme: Pick<ProgrammeOverview, 'networks' | 'discrepancies'>,
  lines: readonly ProgressLine[],
): NetworkRow[] {
  const byKey = new Map(lines.map((l) => [l.key, l]));
  const row = (network: ProgrammeNetwork): NetworkRow => ({
    code: network.code,
    nameZh: network.nameZh,
    nameEn: network.nameEn,
    annexTotal: network.totalInvestment,
    mainTextTotal: network.mainTextTotalInvestment,
    documentFiguresDiffer:
      network.totalInvestment !== null &&
      network.mainTextTotalInvestment !== null &&
      !sameDecimal(network.totalInvestment.valueYi, network.mainTextTotalInvestment.valueYi),
    documentProjects: network.projectCount,
    line: byKey.get(network.code) ?? null,
    discrepancies: programme.discrepancies.filter((d) => d.networkCode === network.code),
  });
  const known = new Set(programme.networks.map((n) => n.code));
  const others = lines
    .filter((l) => !known.has(l.key))
    .map((l): NetworkRow => ({
      code: l.key,
      nameZh: l.key,
      nameEn: null,
      annexTotal: null,
      mainTextTotal: null,
      documentFiguresDiffer: false,
      documentProjects: null,
      line: l,
      discrepancies: [],
    }));
  return [...programme.networks.map(row), ...others];
}

/** The lines added up by this page (the API gives no programme line). */
export interface ProgressTotals {
  projects: number;
  approvedProjects: number;
  completedProjects: number;
  projectsWithOverdueReports: number;
  planned: string;
  approved: string;
  disbursed: string;
  reported: string;
  annualPlan: string;
  completedInYear: string;
  /** completedInYear / annualPlan of the sums, two decimals, rounded here; null without a plan. */
  annualPlanPercent: string | null;
  /** The API's 序时进度 when every line agrees (it is the month's, not a line's); else null. */
  timeElapsedPercent: string | null;
}

export function progressTotals(lines: readonly ProgressLine[]): ProgressTotals {
  const sum = (pick: (l: ProgressLine) => string) => sumAmounts(lines.map(pick));
  const count = (pick: (l: ProgressLine) => number) => lines.reduce((n, l) => n + pick(l), 0);
  const annualPlan = sum((l) => l.annualPlan);
  const completedInYear = sum((l) => l.completedInYear);
  const elapsed = new Set(lines.map((l) => l.timeElapsedPercent));
  return {
    projects: count((l) => l.projects),
    approvedProjects: count((l) => l.approvedProjects),
    completedProjects: count((l) => l.completedProjects),
    projectsWithOverdueReports: count((l) => l.projectsWithOverdueReports),
    planned: sum((l) => l.planned),
    approved: sum((l) => l.approved),
    disbursed: sum((l) => l.disbursed),
    reported: sum((l) => l.reported),
    annualPlan,
    completedInYear,
    annualPlanPercent:
      toFen(annualPlan) === 0n ? null : percentOf(completedInYear, annualPlan, 2).replace('%', ''),
    timeElapsedPercent: elapsed.size === 1 ? [...elapsed][0]! : null,
  };
}

/** "80.00" -> "80.00%"; null (no annual plan) -> "—". */
export function percentText(percent: string | null): string {
  return percent === null ? '—' : `${percent}%`;
}

/**
 * Is the year's completion behind the share of the year elapsed (序时进度)? Null when there
 * is no annual plan to compare.
 */
export function behindTimeElapsed(
  annualPlanPercent: string | null,
  timeElapsedPercent: string | null,
): boolean | null {
  if (annualPlanPercent === null || timeElapsedPercent === null) return null;
  return toFen(annualPlanPercent) < toFen(timeElapsedPercent);
}

export interface SeriesRow {
  period: Month;
  /** Investment in the month by network code; absent when the network had no point. */
  investment: ReadonlyMap<string, string>;
  reports: number;
  /** All networks' investment in the month, added up here. */
  monthTotal: string;
  /**
   * All networks' running totals at the month (the API's, each carried from its last point),
   * added up here.
   */
  cumulative: string;
}

/**
 * The series as a table, one row a month from `from` to `to`: months without any point are
 * rows of zeros, so the chart's axis has no gaps.
 */
export function seriesRows(points: readonly SeriesPoint[], from: Month, to: Month): SeriesRow[] {
  const byMonth = new Map<string, SeriesPoint[]>();
  for (const p of points) byMonth.set(p.period, [...(byMonth.get(p.period) ?? []), p]);
  const running = new Map<string, string>();
  return monthsBetween(from, to).map((period) => {
    const here = byMonth.get(period) ?? [];
    for (const p of here) running.set(p.networkCode, p.runningTotal);
    return {
      period,
      investment: new Map(here.map((p) => [p.networkCode, p.investmentInMonth])),
      reports: here.reduce((n, p) => n + p.reports, 0),
      monthTotal: sumAmounts(here.map((p) => p.investmentInMonth)),
      cumulative: sumAmounts([...running.values()]),
    };
  });
}

/** Network codes in the series, the programme's order first. */
export function seriesNetworks(points: readonly SeriesPoint[], order: readonly string[]): string[] {
  const present = new Set(points.map((p) => p.networkCode));
  return [
    ...order.filter((code) => present.has(code)),
    ...[...present].filter((code) => !order.includes(code)).sort(),
  ];
}

/**
 * A number for drawing only (ECharts plots binary doubles): 亿元 to four decimals. Every
 * figure a reader can read off the page comes from the exact table instead.
 */
export function chartValue(amount: string): number {
  return Number(formatAmount(amount, 'yi', 4).replace(/,/g, ''));
}

export interface ChartData {
  months: Month[];
  networks: Array<{ code: string; values: number[] }>;
  cumulative: number[];
}

export function chartData(rows: readonly SeriesRow[], networks: readonly string[]): ChartData {
  return {
    months: rows.map((r) => r.period),
    networks: networks.map((code) => ({
      code,
      values: rows.map((r) => chartValue(r.investment.get(code) ?? '0.00')),
    })),
    cumulative: rows.map((r) => chartValue(r.cumulative)),
  };
}

export interface SummaryTotals {
  projectsReporting: number;
  reportsReceived: number;
  reportsLate: number;
  reportsOverdue: number;
  investmentInMonth: string;
  cumulativeReported: string;
}

/** The month's summary lines added up (the planning office's covering figures). */
export function summaryTotals(lines: readonly MonthlySummaryLine[]): SummaryTotals {
  const count = (pick: (l: MonthlySummaryLine) => number) => lines.reduce((n, l) => n + pick(l), 0);
  return {
    projectsReporting: count((l) => l.projectsReporting),
    reportsReceived: count((l) => l.reportsReceived),
    reportsLate: count((l) => l.reportsLate),
    reportsOverdue: count((l) => l.reportsOverdue),
    investmentInMonth: sumAmounts(lines.map((l) => l.investmentInMonth)),
    cumulativeReported: sumAmounts(lines.map((l) => l.cumulativeReported)),
  };
}

/** Summary lines in the programme's network order, then any other. */
export function orderSummary(
  lines: readonly MonthlySummaryLine[],
  order: readonly string[],
): MonthlySummaryLine[] {
  const rank = (code: string) => {
    const i = order.indexOf(code);
    return i === -1 ? order.length : i;
  };
  return [...lines].sort(
    (a, b) => rank(a.networkCode) - rank(b.networkCode) || (a.networkCode < b.networkCode ? -1 : 1),
  );
}
