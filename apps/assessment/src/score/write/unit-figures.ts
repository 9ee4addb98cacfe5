import { parseYuan } from '@ledger/domain-kernel';
import { ProjectFacts } from '../../risk/domain/project-facts';
import { plannedValue } from '../../risk/domain/risk-rules';
import { UnitFigures } from '../domain/unit-score';
import { PeriodRange, dayAfter, monthsOf } from '../domain/period';

const empty = (): UnitFigures => ({
  plannedValue: 0n,
  earnedValue: 0n,
  progressRatioSum: 0n,
  progressProjects: 0,
  reportsDue: 0,
  reportsIn: 0,
  reportsLate: 0,
  reportsMissed: 0,
  plannedStarts: 0,
  started: 0,
  openRedFlags: 0,
});

/**
 * Adds one project's figures at the period's end into its unit's. Pure: facts in, figures
 * out, so a rebuilt assessment scores exactly as the live one.
 */
export function addProject(
  into: UnitFigures,
  facts: ProjectFacts,
  range: PeriodRange,
  openRedFlags: number,
): UnitFigures {
  const asOf = dayAfter(range);
  const reported = Object.keys(facts.reports)
    .filter((p) => p <= range.to)
    .sort();
  const last = reported[reported.length - 1];
  const earned = last ? parseYuan(facts.reports[last]!.cumulative, 'facts') : 0n;
  // Reports are due from the month of approval on, as reporting's deadline watcher expects them.
  const approvedMonth = facts.approvedOn === null ? null : facts.approvedOn.slice(0, 7);
  const due = monthsOf(range).filter(
    (m) => approvedMonth !== null && facts.status !== 'cancelled' && m >= approvedMonth,
  );
  const reportedDue = due.filter((m) => facts.reports[m] !== undefined);
  // Late: it came in after its due date, or after the month had been recorded overdue.
  const late = reportedDue.filter(
    (m) => facts.reports[m]!.late || facts.overduePeriods.includes(m),
  );
  const missed = facts.overduePeriods.filter((p) => due.includes(p) && !facts.reports[p]);
  const planYears = facts.annualPlan.map((l) => l.year);
  let ratio = 0n;
  let counted = 0;
  if (planYears.length > 0 && last) {
    const first = Math.min(...planYears);
    const span = (Math.max(...planYears) - first + 1) * 12;
    const elapsed = Math.min(span, (range.year - first) * 12 + Number(range.to.slice(5, 7)));
    if (elapsed > 0) {
      const percentBp = BigInt(facts.reports[last]!.percent.replace('.', ''));
      const elapsedBp = BigInt(Math.round((elapsed * 10_000) / span));
      const r = (percentBp * 10_000n) / elapsedBp;
      ratio = r > 10_000n ? 10_000n : r;
      counted = 1;
    }
  }
  const plannedToStart = facts.plannedStart !== null && facts.plannedStart < asOf;
  const hasStarted = facts.startedOn !== null && facts.startedOn < asOf;
  return {
    plannedValue: into.plannedValue + plannedValue(facts, asOf),
    earnedValue: into.earnedValue + earned,
    progressRatioSum: into.progressRatioSum + ratio,
    progressProjects: into.progressProjects + counted,
    reportsDue: into.reportsDue + due.length,
    reportsIn: into.reportsIn + reportedDue.length,
    reportsLate: into.reportsLate + late.length,
    reportsMissed: into.reportsMissed + missed.length,
    plannedStarts: into.plannedStarts + (plannedToStart ? 1 : 0),
    started: into.started + (plannedToStart && hasStarted ? 1 : 0),
    openRedFlags: into.openRedFlags + openRedFlags,
  };
}

/** Each project counts for its network's lead department and for each of its regions. */
export function unitFigures(
  projects: readonly ProjectFacts[],
  leads: ReadonlyMap<string, string>,
  redFlags: ReadonlyMap<string, number>,
  range: PeriodRange,
): Map<string, UnitFigures> {
  const units = new Map<string, UnitFigures>();
  for (const facts of projects) {
    if (facts.approvedOriginal === null) continue; // only approved projects are assessed
    const keys = [
      ...(leads.has(facts.networkCode) ? [`department/${leads.get(facts.networkCode)!}`] : []),
      ...facts.regionCodes.map((r) => `region/${r}`),
    ];
    for (const key of keys) {
      units.set(
        key,
        addProject(units.get(key) ?? empty(), facts, range, redFlags.get(facts.projectId) ?? 0),
      );
    }
  }
  return units;
}
