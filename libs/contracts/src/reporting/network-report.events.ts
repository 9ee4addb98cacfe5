/**
 * The plan's rhythms beyond the monthly dispatch, reported by a network's lead department:
 * the weekly dispatch (周调度) of the power and oil-gas networks, the quarterly consultation
 * (季协商) and the annual summary (年度总结). One stream per network, kind and period.
 *
 * `kind` is 'weekly-dispatch' | 'quarterly-consultation' | 'annual-summary'; `period` is an ISO
 * week (2020-W23), a quarter (2020-Q2) or a year (2020). Dates are YYYY-MM-DD, Beijing.
 */
export interface NetworkReportSubmitted {
  type: 'NetworkReportSubmitted';
  data: {
    networkCode: string;
    kind: string;
    period: string;
    /** From the PRC working-day calendar and the kind's rule when the report came in. */
    dueOn: string;
    submittedOn: string;
    /** Submitted after its due date (an overdue report may still come in). */
    late: boolean;
    /** The unit that submitted it (the lead department's code). */
    submittedBy: string;
    summary: string;
    /** The date the fact is about (YYYY-MM-DD): the first day of the period. */
    validAt: string;
  };
}

/** Recorded once, when the due date passed with no report. */
export interface NetworkReportOverdue {
  type: 'NetworkReportOverdue';
  data: {
    networkCode: string;
    kind: string;
    period: string;
    dueOn: string;
    recordedOn: string;
    /** The date the fact is about (YYYY-MM-DD): the first day of the period. */
    validAt: string;
  };
}

export type NetworkReportEvent = NetworkReportSubmitted | NetworkReportOverdue;

export const NETWORK_REPORT_EVENT_TYPES: readonly NetworkReportEvent['type'][] = [
  'NetworkReportSubmitted',
  'NetworkReportOverdue',
];
