import { Fen, formatYuan, parseYuan } from '@ledger/domain-kernel';
import { ProjectFacts } from './project-facts';
import {
  Evidence,
  PRE_CONSTRUCTION_APPROVAL_NAMES_ZH,
  missingApprovalSteps,
} from '@ledger/contracts';
import type { ConstructionNature } from '@ledger/contracts';
import { DEBT_SOURCES, RiskConfig, RuleId, Severity } from './risk-config';

export type { Evidence } from '@ledger/contracts';

export interface RuleCheck {
  rule: RuleId;
  /** null: the condition does not hold (any open flag of this rule resolves). */
  severity: Severity | null;
  evidence: Evidence;
  /**
   * The figures the rule's thresholds read. An open flag is updated when one of them moves;
   * the other figures are context, recorded as they stood at the flag's last step. Without
   * this every small payment re-recorded a flag whose finding had not changed.
   */
  measures: readonly string[];
}

const yuan = (text: string | null): Fen => parseYuan(text ?? '0', 'facts');
/** part / whole in basis points of a percent, rounded down; exact. */
function bp(part: bigint, whole: bigint): bigint {
  return whole === 0n ? 0n : (part * 10_000n) / whole;
}
const pct = (basisPoints: bigint): string => {
  const negative = basisPoints < 0n;
  const abs = negative ? -basisPoints : basisPoints;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};
const money = (amount: bigint): string => formatYuan(amount as Fen);
const ids = (...list: Array<string | null>): string[] =>
  list.filter((x): x is string => x !== null);

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** Months completed before `asOf`'s month, as YYYY-MM, most recent first. */
function lastMonths(asOf: string, n: number): string[] {
  const at = monthIndex(asOf);
  return Array.from({ length: n }, (_, i) => {
    const m = at - 1 - i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}

/** Planned value at the end of the last complete month: earlier years whole, this year pro rata. */
export function plannedValue(facts: ProjectFacts, asOf: string): Fen {
  const year = Number(asOf.slice(0, 4));
  const monthsDone = BigInt(Number(asOf.slice(5, 7)) - 1);
  let value = 0n;
  for (const line of facts.annualPlan) {
    if (line.year < year) value += yuan(line.amount);
    else if (line.year === year) value += (yuan(line.amount) * monthsDone) / 12n;
  }
  return value as Fen;
}

/** The latest reported cumulative investment and physical progress (earned value). */
function latestReport(facts: ProjectFacts): {
  cumulative: Fen;
  percentBp: bigint;
  period: string | null;
} {
  const periods = Object.keys(facts.reports).sort();
  const last = periods[periods.length - 1];
  if (last === undefined) return { cumulative: 0n as Fen, percentBp: 0n, period: null };
  const report = facts.reports[last]!;
  return {
    cumulative: yuan(report.cumulative),
    percentBp: BigInt(report.percent.replace('.', '')),
    period: last,
  };
}

const BUILDING = new Set(['approved', 'under_construction']);

/** Every rule, checked against one project's facts on a given day. Pure. */
export function checkRisks(facts: ProjectFacts, asOf: string, config: RiskConfig): RuleCheck[] {
  const checks: RuleCheck[] = [];
  const active = BUILDING.has(facts.status);
  const pv = plannedValue(facts, asOf);
  const earned = latestReport(facts);

  // Behind schedule: SPI = earned value / planned value, and the gap to time elapsed.
  {
    const spi = bp(earned.cumulative, pv);
    const year = Number(asOf.slice(0, 4));
    const monthsDone = BigInt(Number(asOf.slice(5, 7)) - 1);
    const annual = yuan(facts.annualPlan.find((l) => l.year === year)?.amount ?? '0');
    const before = facts.annualPlan
      .filter((l) => l.year < year)
      .reduce((sum, l) => sum + yuan(l.amount), 0n);
    const doneInYear = earned.cumulative - before;
    const gap = (monthsDone * 10_000n) / 12n - bp(doneInYear < 0n ? 0n : doneInYear, annual);
    const c = config.behindSchedule;
    const severity =
      !active || pv === 0n
        ? null
        : spi <= BigInt(c.redSpiAtMost)
          ? 'red'
          : spi <= BigInt(c.amberSpiAtMost)
            ? 'amber'
            : null;
    checks.push({
      rule: 'behind-schedule',
      severity,
      measures: ['spiPercent'],
      evidence: {
        figures: {
          plannedValue: money(pv),
          earnedValue: money(earned.cumulative),
          spiPercent: pct(spi),
          gapToTimeElapsedPoints: pct(gap),
        },
        eventIds: ids(facts.evidence.plan, facts.evidence.lastReport),
      },
    });
  }

  // Cost overrun: the estimate at completion against the current and the original approval.
  {
    const eac = yuan(facts.plannedTotal);
    const current = yuan(facts.approvedCurrent);
    const original = yuan(facts.approvedOriginal);
    const overCurrent = current === 0n ? 0n : bp(eac - current, current);
    const overOriginal = original === 0n ? 0n : bp(eac - original, original);
    const worst = overCurrent > overOriginal ? overCurrent : overOriginal;
    const c = config.costOverrun;
    checks.push({
      rule: 'cost-overrun',
      severity:
        facts.approvedOriginal === null || facts.status === 'cancelled'
          ? null
          : worst >= BigInt(c.redOverrunAtLeast)
            ? 'red'
            : worst >= BigInt(c.amberOverrunAtLeast)
              ? 'amber'
              : null,
      measures: ['overrunVsCurrentPercent', 'overrunVsOriginalPercent'],
      evidence: {
        figures: {
          estimateAtCompletion: money(eac),
          approvedCurrent: money(current),
          approvedOriginal: money(original),
          overrunVsCurrentPercent: pct(overCurrent),
          overrunVsOriginalPercent: pct(overOriginal),
        },
        eventIds: ids(facts.evidence.approval, facts.evidence.plan),
      },
    });
  }

  // Stalled: under construction, and no investment and no progress for N complete months.
  {
    const months = lastMonths(asOf, config.stalled.months);
    const startedBefore =
      facts.startedOn !== null &&
      monthIndex(facts.startedOn) <= monthIndex(asOf) - 1 - config.stalled.months;
    const moved = months.some((m) => {
      const report = facts.reports[m];
      const previous = facts.reports[lastMonths(`${m}-01`, 1)[0]!];
      return (
        report !== undefined &&
        (yuan(report.month) > 0n || (previous !== undefined && report.percent !== previous.percent))
      );
    });
    checks.push({
      rule: 'stalled',
      severity: facts.status === 'under_construction' && startedBefore && !moved ? 'red' : null,
      measures: ['monthsChecked'],
      evidence: {
        figures: { monthsChecked: months.join(','), months: String(config.stalled.months) },
        eventIds: ids(facts.evidence.start, facts.evidence.lastReport),
      },
    });
  }

  // Not started: the planned start has passed without construction starting.
  {
    const late =
      facts.plannedStart === null ? -1 : monthIndex(asOf) - monthIndex(facts.plannedStart);
    const due = facts.plannedStart !== null && asOf > facts.plannedStart;
    const waiting = facts.status === 'proposed' || facts.status === 'approved';
    // Which approval the project still waits for (planning's rule, read from the contracts).
    const missing = missingApprovalSteps(
      {
        networkCode: facts.networkCode,
        constructionNature: (facts.constructionNature ?? null) as ConstructionNature | null,
      },
      facts.approvalSteps ?? [],
      facts.approvedOn !== null,
    );
    checks.push({
      rule: 'not-started',
      severity:
        waiting && due && !facts.milestonesMet.includes('commencement')
          ? late >= config.notStarted.redAfterMonths
            ? 'red'
            : 'amber'
          : null,
      measures: ['monthsLate', 'missingApprovals'],
      evidence: {
        figures: {
          plannedStart: facts.plannedStart ?? '',
          monthsLate: String(Math.max(0, late)),
          missingApprovals: missing.join(','),
          missingApprovalsZh: missing.map((s) => PRE_CONSTRUCTION_APPROVAL_NAMES_ZH[s]).join('、'),
        },
        eventIds: ids(
          facts.evidence.plan,
          facts.evidence.approval,
          facts.evidence.lastApproval ?? null,
        ),
      },
    });
  }

  // Money ahead of work: disbursed share of the approval well above physical progress.
  {
    const disbursed = yuan(facts.disbursed);
    const share = bp(disbursed, yuan(facts.approvedCurrent));
    const gap = share - earned.percentBp;
    const c = config.moneyAheadOfWork;
    const paidBlind = facts.disbursementsBeforeAnyMilestone > 0 && facts.milestonesMet.length === 0;
    checks.push({
      rule: 'money-ahead-of-work',
      severity: !active
        ? null
        : gap >= BigInt(c.redGapAtLeast)
          ? 'red'
          : gap >= BigInt(c.amberGapAtLeast) || paidBlind
            ? 'amber'
            : null,
      measures: ['gapPoints'],
      evidence: {
        figures: {
          disbursedSharePercent: pct(share),
          physicalProgressPercent: pct(earned.percentBp),
          gapPoints: pct(gap),
          disbursementsBeforeAnyMilestone: String(facts.disbursementsBeforeAnyMilestone),
        },
        eventIds: ids(facts.evidence.lastDisbursement, facts.evidence.lastReport),
      },
    });
  }

  // Reports late or missing: months recorded overdue by the reporting service.
  {
    const n = facts.overduePeriods.length;
    const c = config.reportsLate;
    checks.push({
      rule: 'reports-late',
      severity: n >= c.redOverdueAtLeast ? 'red' : n >= c.amberOverdueAtLeast ? 'amber' : null,
      measures: ['overdueMonths'],
      evidence: {
        figures: { overdueMonths: facts.overduePeriods.join(','), count: String(n) },
        eventIds: ids(facts.evidence.lastOverdue),
      },
    });
  }

  // Funding gap: funds in place (资金到位率, disbursed over planned value) below plan.
  {
    const inPlace = bp(yuan(facts.disbursed), pv);
    const c = config.fundingGap;
    checks.push({
      rule: 'funding-gap',
      severity:
        !active || pv === 0n
          ? null
          : inPlace <= BigInt(c.redInPlaceAtMost)
            ? 'red'
            : inPlace <= BigInt(c.amberInPlaceAtMost)
              ? 'amber'
              : null,
      measures: ['fundsInPlacePercent'],
      evidence: {
        figures: { fundsInPlacePercent: pct(inPlace), plannedValue: money(pv) },
        eventIds: ids(facts.evidence.lastDisbursement, facts.evidence.plan),
      },
    });
  }
  checks.push(checkProblemUnanswered(facts, asOf, config));
  return withOpenProblems(checks, facts);
}

/** Days from `from` to `to` (YYYY-MM-DD), by the calendar. */
function daysBetween(from: string, to: string): number {
  const day = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000);
}

const FINISHED = new Set(['cancelled', 'completed']);

/**
 * Problem unanswered: a problem of the register (要素保障) assigned to a department and past
 * its due date without an answer. Amber from the day after the due date, red once the
 * oldest is late by the configured days. The evidence cites every event of each such
 * problem (raised, escalated, assigned): who owes what since when. The figure it measures
 * is which problems: a day's further delay is not a new finding, a new overdue problem is.
 */
function checkProblemUnanswered(facts: ProjectFacts, asOf: string, config: RiskConfig): RuleCheck {
  const overdue = Object.entries(facts.problems ?? {})
    .filter(
      ([, p]) => p.closedOn === null && p.answeredOn === null && p.dueOn !== null && p.dueOn < asOf,
    )
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const mostDays = overdue.reduce((most, [, p]) => Math.max(most, daysBetween(p.dueOn!, asOf)), 0);
  return {
    rule: 'problem-unanswered',
    severity:
      overdue.length === 0 || FINISHED.has(facts.status)
        ? null
        : mostDays >= config.problemUnanswered.redOverdueDaysAtLeast
          ? 'red'
          : 'amber',
    measures: ['problems'],
    evidence: {
      figures: {
        problems: overdue.map(([id]) => id).join(','),
        count: String(overdue.length),
        departments: [...new Set(overdue.map(([, p]) => p.departmentCode!))].join(','),
        earliestDueOn: overdue.map(([, p]) => p.dueOn!).sort()[0] ?? '',
        mostDaysOverdue: String(mostDays),
      },
      eventIds: overdue.flatMap(([, p]) => p.eventIds),
    },
  };
}

/** Which kinds of problem bear on which flag: what holds a project back, behind the finding. */
const PROBLEMS_BEHIND: Partial<Record<RuleId, ReadonlySet<string>>> = {
  'not-started': new Set([
    'land',
    'forest-land',
    'approvals',
    'funds',
    'labour',
    'energy',
    'other',
  ]),
  stalled: new Set(['land', 'forest-land', 'funds', 'energy', 'labour', 'other']),
  'behind-schedule': new Set(['land', 'forest-land', 'funds', 'energy', 'labour', 'other']),
  'funding-gap': new Set(['funds']),
};

/**
 * An open problem of a kind that bears on a flag the project has is evidence of that flag
 * too: its events join the flag's, and `openProblems` names it (context, not a measure: a
 * problem raised or closed does not by itself re-record a flag whose finding is the same).
 */
function withOpenProblems(checks: RuleCheck[], facts: ProjectFacts): RuleCheck[] {
  const open = Object.entries(facts.problems ?? {})
    .filter(([, p]) => p.closedOn === null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  if (open.length === 0) return checks;
  return checks.map((check) => {
    const kinds = PROBLEMS_BEHIND[check.rule];
    if (check.severity === null || kinds === undefined) return check;
    const behind = open.filter(([, p]) => kinds.has(p.kind));
    if (behind.length === 0) return check;
    return {
      ...check,
      evidence: {
        figures: { ...check.evidence.figures, openProblems: behind.map(([id]) => id).join(',') },
        eventIds: [...check.evidence.eventIds, ...behind.flatMap(([, p]) => p.eventIds)],
      },
    };
  });
}

/** Debt concentration of a group of projects (a network or a region): not a project's rule. */
export function checkDebtConcentration(
  projects: readonly ProjectFacts[],
  config: RiskConfig,
): RuleCheck {
  let debt = 0n;
  let all = 0n;
  const planEvents: string[] = [];
  for (const facts of projects) {
    if (facts.approvedOriginal === null || facts.status === 'cancelled') continue;
    for (const line of facts.fundingPlan) {
      const amount = yuan(line.amount);
      all += amount;
      if (DEBT_SOURCES.has(line.source)) debt += amount;
    }
    if (facts.fundingPlan.length > 0 && facts.evidence.plan) planEvents.push(facts.evidence.plan);
  }
  const share = bp(debt, all);
  const c = config.debtConcentration;
  return {
    rule: 'debt-concentration',
    severity:
      all === 0n
        ? null
        : share >= BigInt(c.redShareAtLeast)
          ? 'red'
          : share >= BigInt(c.amberShareAtLeast)
            ? 'amber'
            : null,
    measures: ['debtSharePercent'],
    evidence: {
      figures: {
        debtSharePercent: pct(share),
        debt: money(debt),
        funding: money(all),
        projects: String(planEvents.length),
      },
      // The plans the figures come from (the first 20: enough to audit, bounded in size).
      eventIds: planEvents.slice(0, 20),
    },
  };
}
