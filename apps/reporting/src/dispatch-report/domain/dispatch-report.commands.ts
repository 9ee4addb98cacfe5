import { Fen, LocalDate } from '@ledger/domain-kernel';
import { ReportPeriod } from './report-period';
import { ReportedQuantity } from './dispatch-report.events';

/**
 * What the reporting service knows of the project from planning's events when the command
 * arrives: reports are for approved projects only.
 */
export interface ProjectStanding {
  approvedOn: LocalDate | null;
  cancelled: boolean;
}

export interface ReportContent {
  investmentInMonth: Fen;
  cumulativeInvestment: Fen;
  /** Hundredths of a percent, 0..10000: 37.5% is 3750. */
  physicalProgressBasisPoints: number;
  physicalProgress: string;
  quantities: ReportedQuantity[];
  problems: string | null;
  submittedBy: string;
}

export interface SubmitDispatchReport {
  type: 'SubmitDispatchReport';
  projectId: string;
  period: ReportPeriod;
  content: ReportContent;
  project: ProjectStanding;
  /** Today, from the injected clock. */
  today: LocalDate;
  /** The period's due date from the working-day calendar. */
  dueOn: LocalDate;
}

export interface CorrectDispatchReport {
  type: 'CorrectDispatchReport';
  projectId: string;
  period: ReportPeriod;
  content: ReportContent;
  reason: string;
  today: LocalDate;
}

export interface RecordReportOverdue {
  type: 'RecordReportOverdue';
  projectId: string;
  period: ReportPeriod;
  dueOn: LocalDate;
  today: LocalDate;
}

export type DispatchReportCommand =
  SubmitDispatchReport | CorrectDispatchReport | RecordReportOverdue;
