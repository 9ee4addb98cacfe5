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

/** Sums are numeric in SQL and text on the way out: exact to the fen. */
export class ProgressQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  async progressBy(
    dimension: ProgressDimension,
    synthetic: boolean | null,
  ): Promise<ProgressRow[]> {
    const register = `${quoteIdentifier(this.schema)}.project_register`;
    return this.db.query<ProgressRow>(
      `SELECT key,
         count(*)::int AS projects,
         count(*) FILTER (WHERE approved_on IS NOT NULL AND status <> 'cancelled')::int AS approved_projects,
         count(*) FILTER (WHERE status = 'completed')::int AS completed_projects,
         coalesce(sum(planned_total), 0)::text AS planned,
         coalesce(sum(approved_investment), 0)::text AS approved,
         sum(disbursed)::text AS disbursed,
         sum(reported_cumulative)::text AS reported,
         count(*) FILTER (WHERE cardinality(overdue_periods) > 0)::int AS projects_with_overdue_reports
       FROM (SELECT ${GROUPING[dimension]} AS key, * FROM ${register}
             WHERE $1::boolean IS NULL OR synthetic = $1::boolean) AS projects
       GROUP BY key ORDER BY key`,
      [synthetic],
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
