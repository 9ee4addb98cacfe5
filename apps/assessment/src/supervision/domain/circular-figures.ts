import { CircularFigure } from '@ledger/contracts';

/** An open red flag as the views hold it (the same rows `riskFlags` answers with). */
export interface OpenRedFlag {
  flagId: string;
  networkCode: string | null;
  regionCodes: readonly string[];
}

/** A unit's score of the period, as ranked, and the event that recorded it. */
export interface RankedScore {
  unitKind: string;
  unit: string;
  /** Points with two decimals, as `scores` answers. */
  score: string;
  rank: number;
  eventId: string;
}

/** A monthly dispatch report recorded overdue for the month, and the project's network. */
export interface OverdueReport {
  projectId: string;
  networkCode: string;
  eventId: string;
}

export interface HeldSummons {
  summonsId: string;
  eventId: string;
}

export interface CircularInputs {
  openRedFlags: readonly OpenRedFlag[];
  scores: readonly RankedScore[];
  overdueReports: readonly OverdueReport[];
  summonses: readonly HeldSummons[];
}

/**
 * Figure keys, stable so that a reader (the document, a test, a future service) finds them:
 * - `openRedFlags.total`, `openRedFlags.network.<code>`, `openRedFlags.region.<code>`
 *   (a project in two regions counts in both, as `riskFlags(filter: {regionCode})` does);
 * - `score.<unitKind>.<unit>` and `rank.<unitKind>.<unit>` (as `scores(period)` answers);
 * - `overdueReports.total`, `overdueReports.network.<code>` (as `monthlySummary(period).reportsOverdue`);
 * - `summonses.total`: summonses held in the month;
 * - `problems.raised`, `problems.closed`, `problems.open`, `problems.overdue`: the problem
 *   register's month (see problemFigures), as `monthlySummary(period)` counts them summed over
 *   its networks.
 */
export function circularFigures(inputs: CircularInputs): CircularFigure[] {
  const figures: CircularFigure[] = [];
  const count = (key: string, ids: readonly string[]): void => {
    figures.push({ key, value: String(ids.length), eventIds: [...ids].sort() });
  };
  const grouped = (entries: ReadonlyArray<[string, string]>): Map<string, string[]> => {
    const groups = new Map<string, string[]>();
    for (const [group, id] of entries) groups.set(group, [...(groups.get(group) ?? []), id]);
    return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  };

  count(
    'openRedFlags.total',
    inputs.openRedFlags.map((f) => f.flagId),
  );
  for (const [network, ids] of grouped(
    inputs.openRedFlags.flatMap((f): Array<[string, string]> =>
      f.networkCode === null ? [] : [[f.networkCode, f.flagId]],
    ),
  )) {
    count(`openRedFlags.network.${network}`, ids);
  }
  for (const [region, ids] of grouped(
    inputs.openRedFlags.flatMap((f) =>
      [...new Set(f.regionCodes)].map((r): [string, string] => [r, f.flagId]),
    ),
  )) {
    count(`openRedFlags.region.${region}`, ids);
  }

  const ranked = [...inputs.scores].sort(
    (a, b) =>
      (a.unitKind < b.unitKind ? -1 : a.unitKind > b.unitKind ? 1 : 0) ||
      a.rank - b.rank ||
      (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0),
  );
  for (const s of ranked) {
    figures.push({ key: `score.${s.unitKind}.${s.unit}`, value: s.score, eventIds: [s.eventId] });
    figures.push({
      key: `rank.${s.unitKind}.${s.unit}`,
      value: String(s.rank),
      eventIds: [s.eventId],
    });
  }

  count(
    'overdueReports.total',
    inputs.overdueReports.map((r) => r.eventId),
  );
  for (const [network, ids] of grouped(
    inputs.overdueReports.map((r): [string, string] => [r.networkCode, r.eventId]),
  )) {
    count(`overdueReports.network.${network}`, ids);
  }

  count(
    'summonses.total',
    inputs.summonses.map((s) => s.eventId),
  );
  return figures;
}

/** A problem of the register (要素保障) by the dates of its steps, and the events behind them. */
export interface RegisteredProblem {
  problemId: string;
  raisedOn: string;
  raisedEvent: string;
  /** The latest assignment: a reassignment replaces the one before. */
  assignedOn: string | null;
  dueOn: string | null;
  assignedEvent: string | null;
  answeredOn: string | null;
  closedOn: string | null;
  closedEvent: string | null;
}

/**
 * The month's problems, as reporting's monthlySummary counts them (problemsRaised, Closed,
 * Open, Overdue), so the circular and the summary agree:
 * - `problems.raised`: raised in the month (its ProblemRaised events);
 * - `problems.closed`: closed in the month (its ProblemClosed events);
 * - `problems.open`: raised by `until` and not closed by then (their ProblemRaised events);
 * - `problems.overdue`: open on `until`, assigned by then with a due date before it, and not
 *   answered by then (their latest ProblemAssigned events).
 * `until` is the month's last day, or today when that comes first (the current month).
 * Dates are `YYYY-MM-DD`, so comparing the strings compares the days.
 */
export function problemFigures(
  month: string,
  until: string,
  problems: readonly RegisteredProblem[],
): CircularFigure[] {
  const count = (key: string, ids: ReadonlyArray<string | null>): CircularFigure => {
    const cited = ids.filter((id): id is string => id !== null).sort();
    return { key, value: String(cited.length), eventIds: cited };
  };
  const inMonth = (day: string | null): boolean => day !== null && day.slice(0, 7) === month;
  const openOn = (p: RegisteredProblem): boolean =>
    p.raisedOn <= until && (p.closedOn === null || p.closedOn > until);
  const overdueOn = (p: RegisteredProblem): boolean =>
    openOn(p) &&
    p.assignedOn !== null &&
    p.dueOn !== null &&
    p.assignedOn <= until &&
    p.dueOn < until &&
    (p.answeredOn === null || p.answeredOn > until);
  return [
    count(
      'problems.raised',
      problems.filter((p) => inMonth(p.raisedOn)).map((p) => p.raisedEvent),
    ),
    count(
      'problems.closed',
      problems.filter((p) => inMonth(p.closedOn)).map((p) => p.closedEvent),
    ),
    count(
      'problems.open',
      problems.filter(openOn).map((p) => p.raisedEvent),
    ),
    count(
      'problems.overdue',
      problems.filter(overdueOn).map((p) => p.assignedEvent),
    ),
  ];
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}
