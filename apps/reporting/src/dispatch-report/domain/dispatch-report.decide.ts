import { Fen, RuleViolation, assertNever, formatYuan, parseYuan } from '@ledger/domain-kernel';
import {
  CorrectDispatchReport,
  DispatchReportCommand,
  ReportContent,
} from './dispatch-report.commands';
import {
  DispatchReportContent,
  DispatchReportCumulativeRestated,
  DispatchReportEvent,
} from './dispatch-report.events';
import { DispatchReportsState, ReportOfPeriod } from './dispatch-report.state';
import { ReportPeriod, periodAfter, periodBefore, periodOf } from './report-period';

export type DispatchReportRule =
  | 'PROJECT_NOT_APPROVED'
  | 'PROJECT_CANCELLED'
  | 'PERIOD_IN_FUTURE'
  | 'PERIOD_BEFORE_APPROVAL'
  | 'REPORT_ALREADY_SUBMITTED'
  | 'REPORT_NOT_FOUND'
  | 'MONTH_EXCEEDS_CUMULATIVE'
  | 'CUMULATIVE_MISMATCH'
  | 'RESTATEMENT_BELOW_MONTH'
  | 'NOTHING_CORRECTED'
  | 'NOT_YET_DUE';

function violation(rule: DispatchReportRule, message: string): RuleViolation {
  return new RuleViolation(rule, message);
}

function percent(basisPoints: number): string {
  return `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}

function stored(content: ReportContent): DispatchReportContent {
  return {
    investmentInMonth: formatYuan(content.investmentInMonth),
    cumulativeInvestment: formatYuan(content.cumulativeInvestment),
    physicalProgressPercent: percent(content.physicalProgressBasisPoints),
    physicalProgress: content.physicalProgress,
    quantities: content.quantities,
    problems: content.problems,
    submittedBy: content.submittedBy,
  };
}

/** Cumulative investment carries on from the month before, when that month was reported. */
function checkArithmetic(
  state: DispatchReportsState,
  period: ReportPeriod,
  content: ReportContent,
): void {
  if (content.investmentInMonth > content.cumulativeInvestment) {
    throw violation(
      'MONTH_EXCEEDS_CUMULATIVE',
      `the month's investment (${formatYuan(content.investmentInMonth)}) exceeds the cumulative investment (${formatYuan(content.cumulativeInvestment)})`,
    );
  }
  const before = state.reports.get(periodBefore(period));
  if (before) {
    const expected = (before.cumulative + content.investmentInMonth) as Fen;
    if (expected !== content.cumulativeInvestment) {
      throw violation(
        'CUMULATIVE_MISMATCH',
        `cumulative investment should be ${formatYuan(expected)} (${formatYuan(before.cumulative)} reported up to ${periodBefore(period)} plus ${formatYuan(content.investmentInMonth)} this month), not ${formatYuan(content.cumulativeInvestment)}`,
      );
    }
  }
}

/**
 * A late report that fills a gap must also fit the month after it, which was reported
 * first: that month's cumulative already includes this one's.
 */
function checkFitsNextMonth(
  state: DispatchReportsState,
  period: ReportPeriod,
  content: ReportContent,
): void {
  const after = state.reports.get(periodAfter(period));
  if (!after) return;
  const month = parseYuan(after.content.investmentInMonth, 'stored investmentInMonth');
  const expected = (after.cumulative - month) as Fen;
  if (expected !== content.cumulativeInvestment) {
    throw violation(
      'CUMULATIVE_MISMATCH',
      `cumulative investment should be ${formatYuan(expected)} (${formatYuan(after.cumulative)} reported up to ${periodAfter(period)} less ${formatYuan(month)} in that month), not ${formatYuan(content.cumulativeInvestment)}`,
    );
  }
}

/**
 * Cumulative investment is a running total: a correction that moves one month's cumulative
 * by a difference moves every later month's by the same difference. Each later month is
 * restated in its own event, so the chain stays whole and the units' reports stay as sent.
 */
function restateLaterMonths(
  state: DispatchReportsState,
  command: CorrectDispatchReport,
  current: ReportOfPeriod,
): DispatchReportCumulativeRestated[] {
  const revision = current.corrections;
  const difference = command.content.cumulativeInvestment - current.cumulative;
  if (difference === 0n) return [];
  const later = [...state.reports.entries()]
    .filter(([period]) => period > command.period)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return later.map(([period, report]) => {
    const restated = (report.cumulative + difference) as Fen;
    const month = parseYuan(report.content.investmentInMonth, 'stored investmentInMonth');
    if (restated < month) {
      throw violation(
        'RESTATEMENT_BELOW_MONTH',
        `the correction moves cumulative investment by ${formatYuan(difference as Fen)}, which would leave ${period}'s cumulative (${formatYuan(restated)}) below that month's own investment (${formatYuan(month)}): correct ${period} first`,
      );
    }
    return {
      type: 'DispatchReportCumulativeRestated',
      data: {
        projectId: command.projectId,
        period,
        cumulativeInvestment: formatYuan(restated),
        previousCumulativeInvestment: formatYuan(report.cumulative),
        restatedOn: command.today,
        correctionOf: { period: command.period, revision },
      },
    };
  });
}

export function decideDispatchReports(
  command: DispatchReportCommand,
  state: DispatchReportsState,
): DispatchReportEvent[] {
  switch (command.type) {
    case 'SubmitDispatchReport': {
      const { project, period } = command;
      if (project.approvedOn === null) {
        throw violation('PROJECT_NOT_APPROVED', 'dispatch reports are for approved projects only');
      }
      if (project.cancelled) throw violation('PROJECT_CANCELLED', 'the project has been cancelled');
      if (period > periodOf(command.today)) {
        throw violation(
          'PERIOD_IN_FUTURE',
          `${period} has not come yet (today is ${command.today})`,
        );
      }
      if (period < periodOf(project.approvedOn)) {
        throw violation(
          'PERIOD_BEFORE_APPROVAL',
          `${period} is before the project was approved (${project.approvedOn})`,
        );
      }
      if (state.reports.has(period)) {
        throw violation(
          'REPORT_ALREADY_SUBMITTED',
          `the report for ${period} is already in: submit a correction to change it`,
        );
      }
      checkArithmetic(state, period, command.content);
      checkFitsNextMonth(state, period, command.content);
      return [
        {
          type: 'DispatchReportSubmitted',
          data: {
            projectId: command.projectId,
            period,
            ...stored(command.content),
            dueOn: command.dueOn,
            submittedOn: command.today,
            late: command.today > command.dueOn,
          },
        },
      ];
    }
    case 'CorrectDispatchReport': {
      const current = state.reports.get(command.period);
      if (!current) {
        throw violation('REPORT_NOT_FOUND', `there is no report for ${command.period} to correct`);
      }
      checkArithmetic(state, command.period, command.content);
      const content = stored(command.content);
      if (JSON.stringify(content) === JSON.stringify(current.content)) {
        throw violation('NOTHING_CORRECTED', 'the correction is identical to the current report');
      }
      return [
        {
          type: 'DispatchReportCorrected',
          data: {
            projectId: command.projectId,
            period: command.period,
            ...content,
            correctedOn: command.today,
            reason: command.reason,
            revision: current.corrections,
          },
        },
        ...restateLaterMonths(state, command, current),
      ];
    }
    case 'RecordReportOverdue': {
      if (command.today <= command.dueOn) {
        throw violation('NOT_YET_DUE', `the ${command.period} report is due on ${command.dueOn}`);
      }
      // Once per period: a report that came in, or an overdue already recorded, ends it.
      if (state.reports.has(command.period) || state.overdue.has(command.period)) return [];
      return [
        {
          type: 'DispatchReportOverdue',
          data: {
            projectId: command.projectId,
            period: command.period,
            dueOn: command.dueOn,
            recordedOn: command.today,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}
