/**
 * The passport's shaping, pure (no React, no DOM): what the page shows, computed from what
 * the API returned. Money stays exact decimal text; sums go through money.ts.
 */
import type { AsOf } from '../../app/as-of';
import type { ChainBreak, ServedEvent } from '../../chain/verify-chain';
import { sumAmounts } from '../../money';
import type { Disbursement, DispatchReport, PlanAdjustment, ProjectPlan } from './passport.queries';

/**
 * A project's streams, as the services name them (planning `project-<id>`, reporting
 * `dispatch-reports-<id>`, assessment `risk-flags-<id>`): the ones `projectTimeline`
 * gathers, so checking them checks the project's whole history.
 */
export function projectStreams(projectId: string): {
  planning: string;
  reports: string;
  flags: string;
} {
  return {
    planning: `project-${projectId}`,
    reports: `dispatch-reports-${projectId}`,
    flags: `risk-flags-${projectId}`,
  };
}

/** One recorded version of a month's report: as submitted, as corrected, or restated. */
export interface ReportVersion {
  kind: 'submitted' | 'corrected' | 'restated';
  period: string;
  /** Null for a restatement: it moves only the cumulative figure. */
  investmentInMonth: string | null;
  cumulativeInvestment: string;
  physicalProgressPercent: string | null;
  recordedAt: string;
  /** Why it was corrected (a correction's reason, or the correction a restatement follows). */
  reason: string | null;
  eventId: string;
  streamVersion: string;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Every version of every month, oldest first, from the report stream as stored. A month's
 * last version is what the report now says; the one before it is the earlier figure.
 */
export function reportVersions(events: readonly ServedEvent[]): Map<string, ReportVersion[]> {
  const byPeriod = new Map<string, ReportVersion[]>();
  for (const event of events) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      continue; // the chain check reports it; this is only the figures' history
    }
    const period = text(data.period);
    const cumulative = text(data.cumulativeInvestment);
    if (period === null || cumulative === null) continue;
    let version: ReportVersion | null = null;
    const base = {
      period,
      cumulativeInvestment: cumulative,
      recordedAt: event.recordedAt,
      eventId: event.eventId,
      streamVersion: event.streamVersion,
    };
    if (event.type === 'DispatchReportSubmitted' || event.type === 'DispatchReportCorrected') {
      version = {
        ...base,
        kind: event.type === 'DispatchReportSubmitted' ? 'submitted' : 'corrected',
        investmentInMonth: text(data.investmentInMonth),
        physicalProgressPercent: text(data.physicalProgressPercent),
        reason: text(data.reason),
      };
    } else if (event.type === 'DispatchReportCumulativeRestated') {
      const of = data.correctionOf as { period?: unknown } | null | undefined;
      version = {
        ...base,
        kind: 'restated',
        investmentInMonth: null,
        physicalProgressPercent: null,
        reason: text(of?.period),
      };
    }
    if (version === null) continue;
    const list = byPeriod.get(period) ?? [];
    list.push(version);
    byPeriod.set(period, list);
  }
  return byPeriod;
}

/**
 * What the month said before its last change (the version before the last) and what it
 * says now; a restatement moved only the cumulative figure. Null when it never changed.
 */
export function earlierFigure(versions: readonly ReportVersion[] | undefined): {
  before: ReportVersion;
  after: ReportVersion;
} | null {
  if (!versions || versions.length < 2) return null;
  return { before: versions[versions.length - 2]!, after: versions[versions.length - 1]! };
}

/** The latest month reported (reports come month by month). */
export function latestReport(reports: readonly DispatchReport[]): DispatchReport | null {
  let latest: DispatchReport | null = null;
  for (const report of reports) if (!latest || report.period > latest.period) latest = report;
  return latest;
}

export interface FundingRow {
  source: string;
  baseline: string | null;
  current: string | null;
  disbursed: string;
}

/** Funding lines of the baseline and the current plan side by side, with what was paid from each. */
export function fundingRows(
  baseline: ProjectPlan,
  current: ProjectPlan,
  disbursements: readonly Disbursement[],
): FundingRow[] {
  const sources: string[] = [];
  const add = (source: string) => {
    if (!sources.includes(source)) sources.push(source);
  };
  baseline.fundingPlan.forEach((l) => add(l.source));
  current.fundingPlan.forEach((l) => add(l.source));
  disbursements.forEach((d) => add(d.source));
  const amountIn = (plan: ProjectPlan, source: string): string | null => {
    const lines = plan.fundingPlan.filter((l) => l.source === source);
    return lines.length === 0 ? null : sumAmounts(lines.map((l) => l.amount));
  };
  return sources.map((source) => ({
    source,
    baseline: amountIn(baseline, source),
    current: amountIn(current, source),
    disbursed: sumAmounts(disbursements.filter((d) => d.source === source).map((d) => d.amount)),
  }));
}

export interface AnnualRow {
  year: number;
  baseline: string | null;
  current: string | null;
  /** Investment reported in the year's months (current figures). */
  reported: string;
}

export function annualRows(
  baseline: ProjectPlan,
  current: ProjectPlan,
  reports: readonly DispatchReport[],
): AnnualRow[] {
  const years = new Set<number>();
  baseline.annualInvestmentPlan.forEach((a) => years.add(a.year));
  current.annualInvestmentPlan.forEach((a) => years.add(a.year));
  reports.forEach((r) => years.add(Number(r.period.slice(0, 4))));
  const of = (plan: ProjectPlan, year: number) =>
    plan.annualInvestmentPlan.find((a) => a.year === year)?.amount ?? null;
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => ({
      year,
      baseline: of(baseline, year),
      current: of(current, year),
      reported: sumAmounts(
        reports.filter((r) => r.period.startsWith(`${year}-`)).map((r) => r.investmentInMonth),
      ),
    }));
}

/** The disbursements' own sum, to set beside the ledger's disbursedTotal. */
export function disbursementSum(disbursements: readonly Disbursement[]): string {
  return sumAmounts(disbursements.map((d) => d.amount));
}

export interface AdjustmentChange {
  field: string;
  before: string;
  after: string;
}

/**
 * A JSON value of a plan field as one line of text (funding lines and annual plans
 * flattened); `label` names a funding source's code.
 */
export function planValueText(value: unknown, label: (code: string) => string = (c) => c): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value) && value.length === 0) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          const record = item as Record<string, unknown>;
          const key = record.source ?? record.year;
          if (typeof record.amount === 'string') {
            if (typeof key === 'string') return `${label(key)} ${record.amount}`;
            if (typeof key === 'number') return `${key} ${record.amount}`;
          }
        }
        return JSON.stringify(item);
      })
      .join('; ');
  }
  return JSON.stringify(value);
}

/** The fields an adjustment changed, each with its value before and after. */
export function adjustmentChanges(
  adjustment: PlanAdjustment,
  label?: (code: string) => string,
): AdjustmentChange[] {
  const parse = (json: string): Record<string, unknown> => {
    try {
      const value = JSON.parse(json) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  };
  const changes = parse(adjustment.changes);
  const previous = parse(adjustment.previous);
  return Object.keys(changes).map((field) => ({
    field,
    before: planValueText(previous[field], label),
    after: planValueText(changes[field], label),
  }));
}

/**
 * The calendar day (Beijing) an as-of choice stands for: a validAt date as it is, a
 * recordedAt moment as its day in UTC+8, the programme's time zone.
 */
export function asOfDay(asOf: AsOf | null): string | null {
  if (!asOf) return null;
  if ('validAt' in asOf) return asOf.validAt.slice(0, 10);
  const time = Date.parse(asOf.recordedAt);
  if (Number.isNaN(time)) return null;
  return new Date(time + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An ISO instant as the programme's clock reads it: `2021-07-01 08:00:00 (UTC+8)`. */
export function beijingTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8)`;
}

/** Whether a dated row (YYYY-MM-DD) lies after the as-of day: shown, but marked. */
export function datedAfter(date: string | null, day: string | null): boolean {
  return date !== null && day !== null && date.slice(0, 10) > day;
}

/** Whether an event was recorded after a recordedAt as-of moment. */
export function recordedAfter(recordedAt: string, asOf: AsOf | null): boolean {
  if (!asOf || !('recordedAt' in asOf)) return false;
  return Date.parse(recordedAt) > Date.parse(asOf.recordedAt);
}

export type ChainState =
  | { state: 'checking' }
  | {
      state: 'intact';
      events: number;
      streams: number;
      /** Events in the planning, report and flag streams. */
      perStream: [number, number, number];
    }
  | { state: 'broken'; brokenAt: ChainBreak; events: number }
  | { state: 'forbidden'; message: string; code: string }
  | { state: 'error'; message: string; code: string };
