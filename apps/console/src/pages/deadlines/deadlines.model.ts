import type { DeadlineStatus, ReportDeadline } from './deadlines.queries';

export const REPORT_KINDS = [
  'weekly-dispatch',
  'quarterly-consultation',
  'annual-summary',
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const STATUSES: readonly DeadlineStatus[] = ['due', 'submitted', 'late', 'overdue'];

/** The kind in the URL, or null for all kinds (an unknown value counts as none chosen). */
export function parseKind(value: string | null): ReportKind | null {
  return (REPORT_KINDS as readonly string[]).includes(value ?? '') ? (value as ReportKind) : null;
}

export function parseStatus(value: string | null): DeadlineStatus | null {
  return (STATUSES as readonly string[]).includes(value ?? '') ? (value as DeadlineStatus) : null;
}

/** A date the reader typed as YYYY-MM-DD, or null (the ledger's today). */
export function parseDay(value: string | null): string | null {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

export interface TallyRow {
  networkCode: string;
  kind: string;
  kindNameZh: string;
  due: number;
  submitted: number;
  late: number;
  overdue: number;
  /** Periods owed in all, whatever their status. */
  total: number;
  source: string;
}

/** Per network and kind: how many periods are due, submitted, late and overdue. */
export function tally(deadlines: readonly ReportDeadline[]): TallyRow[] {
  const rows = new Map<string, TallyRow>();
  for (const d of deadlines) {
    const key = `${d.networkCode}|${d.kind}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        networkCode: d.networkCode,
        kind: d.kind,
        kindNameZh: d.kindNameZh,
        due: 0,
        submitted: 0,
        late: 0,
        overdue: 0,
        total: 0,
        source: d.source,
      };
      rows.set(key, row);
    }
    const status = parseStatus(d.status);
    if (status !== null) row[status] += 1;
    row.total += 1;
  }
  return [...rows.values()];
}

/** The periods to list, newest first, optionally of one status only. */
export function listed(
  deadlines: readonly ReportDeadline[],
  status: DeadlineStatus | null,
): ReportDeadline[] {
  return deadlines
    .filter((d) => status === null || d.status === status)
    .sort((a, b) =>
      a.periodStart === b.periodStart
        ? a.networkCode.localeCompare(b.networkCode)
        : a.periodStart < b.periodStart
          ? 1
          : -1,
    );
}
