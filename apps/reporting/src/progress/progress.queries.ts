import { SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';

export const PROGRESS_DIMENSIONS = [
  'network',
  'category',
  'region',
  'responsible_unit',
  'tag',
] as const;
export type ProgressDimension = (typeof PROGRESS_DIMENSIONS)[number];

/** Which column a dimension groups by; array columns are unnested (a project counts in each). */
const GROUPING: Record<ProgressDimension, string> = {
  network: 'network_code',
  category: "network_code || '/' || coalesce(category_code, '-')",
  region: 'unnest(region_codes)',
  responsible_unit: "coalesce(responsible_unit, '-')",
  tag: 'unnest(tags)',
};

export interface ProgressRow {
  key: string;
  projects: number;
  approved_projects: number;
  completed_projects: number;
  planned: string;
  approved: string;
  disbursed: string;
  reported: string;
  projects_with_overdue_reports: number;
  annual_plan: string;
  completed_in_year: string;
}

export interface SeriesRow {
  network_code: string;
  period: string;
  reports: number;
  investment_in_month: string;
  running_total: string;
}

export interface IndicatorRow {
  code: string;
  network_code: string;
  name_zh: string;
  unit: string | null;
  kind: string | null;
  comparator: string | null;
  target: string;
  year: number | null;
  actual: string;
}

export interface SummaryRow {
  network_code: string;
  projects_reporting: number;
  reports_received: number;
  reports_late: number;
  reports_overdue: number;
  investment_in_month: string;
  cumulative_reported: string;
}

export interface DispatchReportRow {
  period: string;
  investment_in_month: string;
  cumulative_investment: string;
  physical_progress_percent: string;
  physical_progress: string;
  problems: string | null;
  submitted_by: string;
  due_on: string | null;
  submitted_on: string | null;
  late: boolean | null;
  corrections: number;
}

/**
 * Every amount leaves SQL in one format, yuan with exactly two decimals ("0.00", not "0"):
 * a sum of no rows and a sum of numeric(20, 2) columns would otherwise print differently.
 */
const yuan = (expression: string): string => `(${expression})::numeric(32, 2)::text`;

/** Sums are numeric in SQL and text on the way out: exact to the fen. */
/** What the register knows of a project that reports are checked against. */
export interface RegisteredProject {
  approved_on: string | null;
  status: string;
  network_code: string;
  region_codes: string[];
}

export class ProgressQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  /**
   * Progress grouped by a dimension. With a year: what was completed in that year (sum of
   * the months reported, up to `throughMonth`) against that year's annual plan, beside the
   * share of the year elapsed (序时进度).
   */
  async progressBy(
    dimension: ProgressDimension,
    synthetic: boolean | null,
    year: number | null,
    throughMonth: number,
  ): Promise<ProgressRow[]> {
    const s = quoteIdentifier(this.schema);
    // The year's figures cost a scan of the reports and of every annual plan: only with a year.
    const yearly =
      year === null
        ? `${yuan('0')} AS annual_plan, ${yuan('0')} AS completed_in_year`
        : `${yuan(`coalesce(sum((SELECT sum((a->>'amount')::numeric) FROM jsonb_array_elements(annual_plan) a
                          WHERE (a->>'year')::int = $2::int)), 0)`)} AS annual_plan,
           ${yuan('coalesce(sum(in_year.completed), 0)')} AS completed_in_year`;
    const inYear =
      year === null
        ? ''
        : `LEFT JOIN (SELECT project_id, sum(investment_in_month) AS completed
                        FROM ${s}.dispatch_reports
                       WHERE period >= $2::int || '-01'
                         AND period <= $2::int || '-' || lpad($3::int::text, 2, '0')
                       GROUP BY project_id) AS in_year USING (project_id)`;
    return this.db.query<ProgressRow>(
      `SELECT key,
         count(*)::int AS projects,
         count(*) FILTER (WHERE approved_on IS NOT NULL AND status <> 'cancelled')::int AS approved_projects,
         count(*) FILTER (WHERE status = 'completed')::int AS completed_projects,
         ${yuan('coalesce(sum(planned_total), 0)')} AS planned,
         ${yuan('coalesce(sum(approved_investment), 0)')} AS approved,
         ${yuan('coalesce(sum(disbursed), 0)')} AS disbursed,
         ${yuan('coalesce(sum(reported_cumulative), 0)')} AS reported,
         count(*) FILTER (WHERE cardinality(overdue_periods) > 0)::int AS projects_with_overdue_reports,
         ${yearly}
       FROM (SELECT ${GROUPING[dimension]} AS key, * FROM ${s}.project_register
              WHERE $1::boolean IS NULL OR synthetic = $1::boolean) AS projects
       ${inYear}
       GROUP BY key ORDER BY key`,
      year === null ? [synthetic] : [synthetic, year, throughMonth],
    );
  }

  /** Month by month: investment completed in each month and its running total, by network. */
  monthlySeries(from: string, to: string): Promise<SeriesRow[]> {
    const s = quoteIdentifier(this.schema);
    return this.db.query<SeriesRow>(
      `SELECT r.network_code, d.period,
         count(*)::int AS reports,
         ${yuan('sum(d.investment_in_month)')} AS investment_in_month,
         ${yuan('sum(sum(d.investment_in_month)) OVER (PARTITION BY r.network_code ORDER BY d.period)')} AS running_total
       FROM ${s}.dispatch_reports d JOIN ${s}.project_register r USING (project_id)
       WHERE d.period >= $1 AND d.period <= $2
       GROUP BY r.network_code, d.period ORDER BY r.network_code, d.period`,
      [from, to],
    );
  }

  /** Plan indicator targets beside the quantities reported against them in each year. */
  indicators(year: number | null): Promise<IndicatorRow[]> {
    const s = quoteIdentifier(this.schema);
    return this.db.query<IndicatorRow>(
      `WITH actual AS (
         SELECT q->>'indicatorCode' AS code, left(d.period, 4)::int AS year,
                sum((q->>'quantity')::numeric) AS quantity
           FROM ${s}.dispatch_reports d, jsonb_array_elements(d.quantities) q
          GROUP BY 1, 2)
       SELECT t.code, t.network_code, t.data->>'nameZh' AS name_zh, t.data->>'unit' AS unit,
         t.data->>'kind' AS kind, t.data->>'comparator' AS comparator,
         t.data->>'value' AS target, coalesce((t.data->>'year')::int, (t.data->>'byEndOf')::int) AS year,
         coalesce(a.quantity, 0)::text AS actual
       FROM ${s}.indicator_targets t
       LEFT JOIN actual a ON a.code = t.code
         AND a.year = coalesce((t.data->>'year')::int, (t.data->>'byEndOf')::int)
       WHERE t.data->>'value' IS NOT NULL
         AND ($1::int IS NULL OR coalesce((t.data->>'year')::int, (t.data->>'byEndOf')::int) = $1::int)
       ORDER BY t.network_code, t.code`,
      [year],
    );
  }

  /** The planning office's monthly summary for the provincial government, by network. */
  monthlySummary(period: string): Promise<SummaryRow[]> {
    const s = quoteIdentifier(this.schema);
    return this.db.query<SummaryRow>(
      `SELECT r.network_code,
         count(*) FILTER (WHERE r.approved_on IS NOT NULL AND to_char(r.approved_on, 'YYYY-MM') <= $1
                          AND r.status <> 'cancelled')::int AS projects_reporting,
         count(d.period)::int AS reports_received,
         count(d.period) FILTER (WHERE d.late)::int AS reports_late,
         count(*) FILTER (WHERE $1 = ANY (r.overdue_periods))::int AS reports_overdue,
         ${yuan('coalesce(sum(d.investment_in_month), 0)')} AS investment_in_month,
         ${yuan('coalesce(sum(d.cumulative_investment), 0)')} AS cumulative_reported
       FROM ${s}.project_register r
       LEFT JOIN ${s}.dispatch_reports d ON d.project_id = r.project_id AND d.period = $1
       GROUP BY r.network_code ORDER BY r.network_code`,
      [period],
    );
  }

  reports(projectId: string): Promise<DispatchReportRow[]> {
    return this.db.query<DispatchReportRow>(
      `SELECT period, investment_in_month::text AS investment_in_month,
         cumulative_investment::text AS cumulative_investment,
         physical_progress_percent::text AS physical_progress_percent, physical_progress,
         problems, submitted_by, due_on::text AS due_on, submitted_on::text AS submitted_on,
         late, corrections
       FROM ${quoteIdentifier(this.schema)}.dispatch_reports WHERE project_id = $1 ORDER BY period`,
      [projectId],
    );
  }

  async standing(
    projectId: string,
  ): Promise<{ approved_on: string | null; status: string } | undefined> {
    const [row] = await this.db.query<{ approved_on: string | null; status: string }>(
      `SELECT approved_on::text AS approved_on, status
       FROM ${quoteIdentifier(this.schema)}.project_register WHERE project_id = $1`,
      [projectId],
    );
    return row;
  }

  /** The network and regions a project belongs to: who may report for it and read it. */
  async units(
    projectId: string,
  ): Promise<{ networkCode: string; regionCodes: string[] } | undefined> {
    const [row] = await this.db.query<{ network_code: string; region_codes: string[] }>(
      `SELECT network_code, region_codes FROM ${quoteIdentifier(this.schema)}.project_register
       WHERE project_id = $1`,
      [projectId],
    );
    return row && { networkCode: row.network_code, regionCodes: row.region_codes };
  }

  /** `standing` and `units` of several projects in one query (a bulk of reports). */
  async registered(projectIds: readonly string[]): Promise<Map<string, RegisteredProject>> {
    const rows = await this.db.query<RegisteredProject & { project_id: string }>(
      `SELECT project_id, approved_on::text AS approved_on, status, network_code, region_codes
       FROM ${quoteIdentifier(this.schema)}.project_register WHERE project_id = ANY ($1::text[])`,
      [projectIds],
    );
    return new Map(rows.map((row) => [row.project_id, row]));
  }

  /** `units` of several projects in one query (federation's _entities asks for many). */
  async unitsOf(
    projectIds: readonly string[],
  ): Promise<Map<string, { networkCode: string; regionCodes: string[] }>> {
    const rows = await this.db.query<{
      project_id: string;
      network_code: string;
      region_codes: string[];
    }>(
      `SELECT project_id, network_code, region_codes FROM ${quoteIdentifier(this.schema)}.project_register
       WHERE project_id = ANY ($1::text[])`,
      [projectIds],
    );
    return new Map(
      rows.map((r) => [r.project_id, { networkCode: r.network_code, regionCodes: r.region_codes }]),
    );
  }

  /** `reports` of several projects in one query, month by month. */
  async reportsOf(projectIds: readonly string[]): Promise<Map<string, DispatchReportRow[]>> {
    const rows = await this.db.query<DispatchReportRow & { project_id: string }>(
      `SELECT project_id, period, investment_in_month::text AS investment_in_month,
         cumulative_investment::text AS cumulative_investment,
         physical_progress_percent::text AS physical_progress_percent, physical_progress,
         problems, submitted_by, due_on::text AS due_on, submitted_on::text AS submitted_on,
         late, corrections
       FROM ${quoteIdentifier(this.schema)}.dispatch_reports WHERE project_id = ANY ($1::text[])
       ORDER BY project_id, period`,
      [projectIds],
    );
    const byProject = new Map<string, DispatchReportRow[]>();
    for (const { project_id, ...row } of rows) {
      byProject.set(project_id, [...(byProject.get(project_id) ?? []), row]);
    }
    return byProject;
  }

  /** Approved, not cancelled projects with the periods they have reported or been overdue for. */
  approvedProjects(): Promise<
    Array<{ project_id: string; approved_on: string; settled: string[] }>
  > {
    return this.db.query(
      `SELECT r.project_id, r.approved_on::text AS approved_on,
         r.overdue_periods || coalesce(array_agg(d.period) FILTER (WHERE d.period IS NOT NULL), '{}') AS settled
       FROM ${quoteIdentifier(this.schema)}.project_register r
       LEFT JOIN ${quoteIdentifier(this.schema)}.dispatch_reports d USING (project_id)
       WHERE r.approved_on IS NOT NULL AND r.status <> 'cancelled'
       GROUP BY r.project_id, r.approved_on, r.overdue_periods`,
    );
  }
}
