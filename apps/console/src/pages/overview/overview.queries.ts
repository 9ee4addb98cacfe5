/**
 * The overview's GraphQL and the shapes it answers with (field names as in
 * apps/gateway/supergraph.graphql). Each view with an ...AsOf form in the API has both texts,
 * aliased to the same result shape.
 */
import type { AsOf } from '../../app/as-of';

export interface SourceLine {
  line: number;
  quote: string;
}

/** An amount in 亿元 as the plan document states it. */
export interface SourcedAmount {
  valueYi: string;
  source: SourceLine;
}

export interface SourcedCount {
  value: number;
  source: SourceLine;
}

export interface DiscrepancyFigure {
  label: string;
  value: string;
  /** Null for a figure derived from others. */
  source: SourceLine | null;
}

export interface SourceDiscrepancy {
  code: string;
  networkCode: string | null;
  severity: string;
  description: string;
  figures: DiscrepancyFigure[];
}

export interface ProgrammeNetwork {
  code: string;
  nameZh: string;
  nameEn: string;
  leadDepartment: string;
  totalInvestment: SourcedAmount | null;
  mainTextTotalInvestment: SourcedAmount | null;
  projectCount: SourcedCount | null;
}

export interface NamedUnit {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface ProgrammeOverview {
  code: string;
  nameZh: string;
  nameEn: string;
  documentNumber: string;
  issuedOn: string;
  startYear: number;
  endYear: number;
  totalInvestment: SourcedAmount;
  totalProjects: SourcedCount;
  networks: ProgrammeNetwork[];
  departments: NamedUnit[];
  discrepancies: SourceDiscrepancy[];
}

const SOURCE = 'source { line quote }';

// The programme has no ...AsOf form in the API: the page says so when a past is chosen.
export const PROGRAMME_OVERVIEW = `query ProgrammeOverview {
  programme {
    code nameZh nameEn documentNumber issuedOn startYear endYear
    totalInvestment { valueYi ${SOURCE} }
    totalProjects { value ${SOURCE} }
    networks {
      code nameZh nameEn leadDepartment
      totalInvestment { valueYi ${SOURCE} }
      mainTextTotalInvestment { valueYi ${SOURCE} }
      projectCount { value ${SOURCE} }
    }
    departments { code nameZh nameEn }
    discrepancies { code networkCode severity description figures { label value ${SOURCE} } }
  }
}`;

export interface ProgrammeOverviewResult {
  programme: ProgrammeOverview | null;
}

export interface SeriesPoint {
  networkCode: string;
  period: string;
  reports: number;
  investmentInMonth: string;
  runningTotal: string;
}

export interface SeriesResult {
  progressSeries: SeriesPoint[];
}

const SERIES_FIELDS = 'networkCode period reports investmentInMonth runningTotal';

/** Month-by-month investment by network, now or as of the past. */
export function seriesQuery(asOf: AsOf | null): string {
  return asOf
    ? `query ProgressSeriesAsOf($asOf: AsOf!, $from: String!, $to: String!) {
  progressSeries: progressSeriesAsOf(asOf: $asOf, from: $from, to: $to) { ${SERIES_FIELDS} }
}`
    : `query ProgressSeries($from: String!, $to: String!) {
  progressSeries(from: $from, to: $to) { ${SERIES_FIELDS} }
}`;
}

export interface ProgressLine {
  key: string;
  projects: number;
  approvedProjects: number;
  completedProjects: number;
  planned: string;
  approved: string;
  disbursed: string;
  reported: string;
  projectsWithOverdueReports: number;
  annualPlan: string;
  completedInYear: string;
  annualPlanPercent: string | null;
  timeElapsedPercent: string;
}

export const PROGRESS_LINE_FIELDS = `key projects approvedProjects completedProjects planned approved
  disbursed reported projectsWithOverdueReports annualPlan completedInYear annualPlanPercent
  timeElapsedPercent`;

export interface MonthlySummaryLine {
  networkCode: string;
  projectsReporting: number;
  reportsReceived: number;
  reportsLate: number;
  reportsOverdue: number;
  investmentInMonth: string;
  cumulativeReported: string;
}

export interface MonthResult {
  progress: ProgressLine[];
  monthlySummary: MonthlySummaryLine[];
}

const SUMMARY_FIELDS = `networkCode projectsReporting reportsReceived reportsLate reportsOverdue
  investmentInMonth cumulativeReported`;

/** Progress by network through the month, and the month's summary; now or as of the past. */
export function monthQuery(asOf: AsOf | null): string {
  return asOf
    ? `query OverviewMonthAsOf($asOf: AsOf!, $month: String!) {
  progress: progressAsOf(asOf: $asOf, by: "network", through: $month) { ${PROGRESS_LINE_FIELDS} }
  monthlySummary: monthlySummaryAsOf(asOf: $asOf, period: $month) { ${SUMMARY_FIELDS} }
}`
    : `query OverviewMonth($month: String!) {
  progress(by: network, through: $month) { ${PROGRESS_LINE_FIELDS} }
  monthlySummary(period: $month) { ${SUMMARY_FIELDS} }
}`;
}
