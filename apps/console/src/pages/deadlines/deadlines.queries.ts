/**
 * The deadlines page's GraphQL (field names as in apps/gateway/supergraph.graphql) and the
 * shape of its answer.
 */
export const REPORT_DEADLINES = `query ReportDeadlines($kind: String, $asOf: String, $from: String) {
  reportDeadlines(kind: $kind, asOf: $asOf, from: $from) {
    networkCode kind kindNameZh period periodStart periodEnd dueOn status submittedOn overdueRecordedOn source
  }
}`;

export type DeadlineStatus = 'submitted' | 'late' | 'overdue' | 'due';

export interface ReportDeadline {
  networkCode: string;
  kind: string;
  kindNameZh: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: string;
  submittedOn: string | null;
  overdueRecordedOn: string | null;
  source: string;
}

export interface ReportDeadlinesResult {
  reportDeadlines: ReportDeadline[];
}
