import { Fen, assertNever, parseYuan } from '@ledger/domain-kernel';
import { DispatchReportContent, DispatchReportEvent } from './dispatch-report.events';

export interface ReportOfPeriod {
  content: DispatchReportContent;
  cumulative: Fen;
  /** Corrections recorded so far. */
  corrections: number;
}

export interface DispatchReportsState {
  reports: ReadonlyMap<string, ReportOfPeriod>;
  overdue: ReadonlySet<string>;
}

export const initialDispatchReportsState: DispatchReportsState = {
  reports: new Map(),
  overdue: new Set(),
};

function contentOf(data: DispatchReportContent): DispatchReportContent {
  return {
    investmentInMonth: data.investmentInMonth,
    cumulativeInvestment: data.cumulativeInvestment,
    physicalProgressPercent: data.physicalProgressPercent,
    physicalProgress: data.physicalProgress,
    quantities: data.quantities,
    problems: data.problems,
    submittedBy: data.submittedBy,
  };
}

export function evolveDispatchReports(
  state: DispatchReportsState,
  event: DispatchReportEvent,
): DispatchReportsState {
  switch (event.type) {
    case 'DispatchReportSubmitted':
    case 'DispatchReportCorrected': {
      const reports = new Map(state.reports);
      const before = reports.get(event.data.period);
      reports.set(event.data.period, {
        content: contentOf(event.data),
        cumulative: parseYuan(event.data.cumulativeInvestment, 'stored cumulativeInvestment'),
        corrections: event.type === 'DispatchReportCorrected' ? (before?.corrections ?? 0) + 1 : 0,
      });
      return { ...state, reports };
    }
    case 'DispatchReportCumulativeRestated': {
      const reports = new Map(state.reports);
      const before = reports.get(event.data.period);
      if (!before) return state;
      reports.set(event.data.period, {
        ...before,
        content: { ...before.content, cumulativeInvestment: event.data.cumulativeInvestment },
        cumulative: parseYuan(event.data.cumulativeInvestment, 'stored cumulativeInvestment'),
      });
      return { ...state, reports };
    }
    case 'DispatchReportOverdue':
      return { ...state, overdue: new Set([...state.overdue, event.data.period]) };
    default:
      return assertNever(event);
  }
}
