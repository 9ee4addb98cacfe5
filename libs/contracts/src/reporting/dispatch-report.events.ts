/**
 * Monthly dispatch reports (按月调度) of one project, all in the project's report stream.
 * Amounts are yuan as decimal strings with two decimals; percentages are decimal strings.
 * `period` is the month the report is about; when it was recorded is the event's own time.
 */
export interface ReportedQuantity {
  /** The plan indicator the quantity counts towards, e.g. 5g-base-stations-new. */
  indicatorCode: string;
  quantity: string;
  unit: string;
}

export interface DispatchReportContent {
  investmentInMonth: string;
  cumulativeInvestment: string;
  physicalProgressPercent: string;
  physicalProgress: string;
  quantities: ReportedQuantity[];
  problems: string | null;
  submittedBy: string;
}

export interface DispatchReportSubmitted {
  type: 'DispatchReportSubmitted';
  data: DispatchReportContent & {
    projectId: string;
    period: string;
    dueOn: string;
    submittedOn: string;
    /** Submitted after its due date (an overdue report may still come in). */
    late: boolean;
  };
}

/** Amends an earlier report: the period stays, both versions remain in the history. */
export interface DispatchReportCorrected {
  type: 'DispatchReportCorrected';
  data: DispatchReportContent & {
    projectId: string;
    period: string;
    correctedOn: string;
    reason: string;
    /** How many times this period had been corrected before: 0 for the first correction. */
    revision: number;
  };
}

/**
 * A later month's cumulative figure, restated because a correction moved an earlier month's
 * cumulative: cumulative investment is a running total, so every later month carries the
 * same difference. The month's own figures stay as the unit reported them.
 */
export interface DispatchReportCumulativeRestated {
  type: 'DispatchReportCumulativeRestated';
  data: {
    projectId: string;
    period: string;
    cumulativeInvestment: string;
    previousCumulativeInvestment: string;
    restatedOn: string;
    /** The correction that moved the chain: its period and revision. */
    correctionOf: { period: string; revision: number };
  };
}

/** Recorded once, when the due date passed with no report. */
export interface DispatchReportOverdue {
  type: 'DispatchReportOverdue';
  data: { projectId: string; period: string; dueOn: string; recordedOn: string };
}

export type DispatchReportEvent =
  | DispatchReportSubmitted
  | DispatchReportCorrected
  | DispatchReportCumulativeRestated
  | DispatchReportOverdue;

export const DISPATCH_REPORT_EVENT_TYPES: readonly DispatchReportEvent['type'][] = [
  'DispatchReportSubmitted',
  'DispatchReportCorrected',
  'DispatchReportCumulativeRestated',
  'DispatchReportOverdue',
];
