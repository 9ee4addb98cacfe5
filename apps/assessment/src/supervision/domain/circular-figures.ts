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
 * - reserved: `problems.*` for the problem register's counts (raised, open, overdue) once the
 *   reporting service publishes them (see problemFigures in the writer).
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
