import { RecordedEvent } from '@ledger/event-store';
import {
  EventPrerequisite,
  Projection,
  SqlExecutor,
  entityPrerequisite,
  quoteIdentifier,
} from '@ledger/event-sourcing';
import { fen, parseYuan } from '@ledger/domain-kernel';
import { PROJECT_INTRODUCED_BY } from '@ledger/contracts';
import {
  BatchState,
  RegisterEvent,
  RegisterRow,
  foldRegisterEvent,
  registerReader,
  rowJson,
} from './register-fold';

/**
 * Reporting's own view of every project: what planning decided (status, planned, approved,
 * disbursed, annual plan) beside what the dispatch reports say, plus the plan's indicator
 * targets. A batch is folded in memory (register-fold.ts) and written with a few set-based
 * statements, so rebuilding a log of a million events stays fast.
 */
export class ProjectRegisterProjection implements Projection {
  readonly name = 'reporting.project-register';
  readonly version = 2;

  readonly prerequisite: EventPrerequisite;

  constructor(readonly schema: string) {
    this.prerequisite = entityPrerequisite({
      keyField: 'projectId',
      introducedBy: PROJECT_INTRODUCED_BY,
      table: this.table('project_register'),
      column: 'project_id',
    });
  }

  table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('project_register')} (
      project_id text PRIMARY KEY,
      network_code text NOT NULL,
      category_code text,
      region_codes text[] NOT NULL,
      tags text[] NOT NULL,
      responsible_unit text,
      synthetic boolean NOT NULL,
      status text NOT NULL,
      resume_to text,
      approved_on date,
      planned_total numeric(20, 2),
      approved_investment numeric(20, 2),
      disbursed numeric(20, 2) NOT NULL,
      annual_plan jsonb NOT NULL,
      overdue_periods text[] NOT NULL,
      reported_cumulative numeric(20, 2) NOT NULL DEFAULT 0,
      last_reported_period text)`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('dispatch_reports')} (
      project_id text NOT NULL,
      period text NOT NULL,
      investment_in_month numeric(20, 2) NOT NULL,
      cumulative_investment numeric(20, 2) NOT NULL,
      physical_progress_percent numeric(5, 2) NOT NULL,
      physical_progress text NOT NULL,
      quantities jsonb NOT NULL,
      problems text,
      submitted_by text NOT NULL,
      due_on date,
      submitted_on date,
      late boolean,
      corrections int NOT NULL,
      PRIMARY KEY (project_id, period))`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS dispatch_reports_period_idx ON ${this.table('dispatch_reports')} (period)`,
    );
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('indicator_targets')} (
      code text PRIMARY KEY, network_code text NOT NULL, data jsonb NOT NULL)`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    for (const table of ['indicator_targets', 'dispatch_reports', 'project_register']) {
      await tx.query(`DROP TABLE IF EXISTS ${this.table(table)}`);
    }
  }

  handles(eventType: string): boolean {
    return registerReader.reads(eventType);
  }

  apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    return this.applyBatch(tx, [event]);
  }

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const domain = events.map((e) => ({ type: e.type, data: e.data }) as RegisterEvent);
    const state: BatchState = {
      rows: new Map(),
      reports: new Map(),
      restatements: new Map(),
      targets: [],
    };
    const touched = new Set<string>();
    for (const event of domain) {
      if (event.type !== 'IndicatorTargetSet') touched.add(event.data.projectId);
    }
    for (const row of await this.load(tx, [...touched])) state.rows.set(row.projectId, row);
    for (const event of domain) foldRegisterEvent(state, event);

    if (state.rows.size > 0) {
      await tx.query(
        `INSERT INTO ${this.table('project_register')} AS r (project_id, network_code, category_code,
           region_codes, tags, responsible_unit, synthetic, status, resume_to, approved_on,
           planned_total, approved_investment, disbursed, annual_plan, overdue_periods)
         SELECT project_id, network_code, category_code, region_codes, tags, responsible_unit,
           synthetic, status, resume_to, approved_on, planned_total, approved_investment, disbursed,
           annual_plan, overdue_periods
         FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, network_code text,
           category_code text, region_codes text[], tags text[], responsible_unit text,
           synthetic boolean, status text, resume_to text, approved_on date,
           planned_total numeric, approved_investment numeric, disbursed numeric,
           annual_plan jsonb, overdue_periods text[])
         ON CONFLICT (project_id) DO UPDATE SET status = EXCLUDED.status,
           resume_to = EXCLUDED.resume_to, approved_on = EXCLUDED.approved_on,
           planned_total = EXCLUDED.planned_total, approved_investment = EXCLUDED.approved_investment,
           disbursed = EXCLUDED.disbursed, annual_plan = EXCLUDED.annual_plan,
           overdue_periods = EXCLUDED.overdue_periods`,
        [JSON.stringify([...state.rows.values()].map(rowJson))],
      );
    }
    if (state.reports.size > 0) {
      const reports = this.table('dispatch_reports');
      await tx.query(
        `INSERT INTO ${reports} AS t (project_id, period, investment_in_month, cumulative_investment,
           physical_progress_percent, physical_progress, quantities, problems, submitted_by, due_on,
           submitted_on, late, corrections)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, period text,
           investment_in_month numeric, cumulative_investment numeric,
           physical_progress_percent numeric, physical_progress text, quantities jsonb,
           problems text, submitted_by text, due_on date, submitted_on date, late boolean,
           corrections int)
         ON CONFLICT (project_id, period) DO UPDATE SET
           investment_in_month = EXCLUDED.investment_in_month,
           cumulative_investment = EXCLUDED.cumulative_investment,
           physical_progress_percent = EXCLUDED.physical_progress_percent,
           physical_progress = EXCLUDED.physical_progress, quantities = EXCLUDED.quantities,
           problems = EXCLUDED.problems, submitted_by = EXCLUDED.submitted_by,
           due_on = coalesce(EXCLUDED.due_on, t.due_on),
           submitted_on = coalesce(EXCLUDED.submitted_on, t.submitted_on),
           late = coalesce(EXCLUDED.late, t.late),
           corrections = t.corrections + EXCLUDED.corrections`,
        [
          JSON.stringify(
            [...state.reports.values()].map((r) => ({
              project_id: r.projectId,
              period: r.period,
              investment_in_month: r.investmentInMonth,
              cumulative_investment: r.cumulativeInvestment,
              physical_progress_percent: r.physicalProgressPercent,
              physical_progress: r.physicalProgress,
              quantities: r.quantities,
              problems: r.problems,
              submitted_by: r.submittedBy,
              due_on: r.dueOn,
              submitted_on: r.submittedOn,
              late: r.late,
              corrections: r.corrections,
            })),
          ),
        ],
      );
    }
    if (state.restatements.size > 0) {
      await tx.query(
        `UPDATE ${this.table('dispatch_reports')} t SET cumulative_investment = x.cumulative_investment
           FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, period text, cumulative_investment numeric)
          WHERE t.project_id = x.project_id AND t.period = x.period`,
        [
          JSON.stringify(
            [...state.restatements.values()].map((r) => ({
              project_id: r.projectId,
              period: r.period,
              cumulative_investment: r.cumulativeInvestment,
            })),
          ),
        ],
      );
    }
    if (state.reports.size > 0 || state.rows.size > 0 || state.restatements.size > 0) {
      // The register shows the latest month's cumulative figure. Also for projects created
      // in this batch: a rebuild's batch holds a project and its first reports together.
      const touched = [
        ...new Set([
          ...[...state.reports.values(), ...state.restatements.values()].map((r) => r.projectId),
          ...state.rows.keys(),
        ]),
      ];
      await tx.query(
        `UPDATE ${this.table('project_register')} r
            SET reported_cumulative = latest.cumulative_investment, last_reported_period = latest.period
           FROM (SELECT DISTINCT ON (project_id) project_id, period, cumulative_investment
                   FROM ${this.table('dispatch_reports')} WHERE project_id = ANY ($1::text[])
                  ORDER BY project_id, period DESC) AS latest
          WHERE r.project_id = latest.project_id`,
        [touched],
      );
    }
    if (state.targets.length > 0) {
      await tx.query(
        `INSERT INTO ${this.table('indicator_targets')} (code, network_code, data)
         SELECT x->>'code', x->>'networkCode', x FROM jsonb_array_elements($1::jsonb) AS x
         ON CONFLICT (code) DO UPDATE SET data = EXCLUDED.data`,
        [JSON.stringify(state.targets)],
      );
    }
  }

  private async load(tx: SqlExecutor, projectIds: string[]): Promise<RegisterRow[]> {
    if (projectIds.length === 0) return [];
    const rows = await tx.query<{
      project_id: string;
      network_code: string;
      category_code: string | null;
      region_codes: string[];
      tags: string[];
      responsible_unit: string | null;
      synthetic: boolean;
      status: string;
      resume_to: string | null;
      approved_on: string | null;
      planned_total: string | null;
      approved_investment: string | null;
      disbursed: string;
      annual_plan: Array<{ year: number; amount: string }>;
      overdue_periods: string[];
    }>(
      `SELECT project_id, network_code, category_code, region_codes, tags, responsible_unit,
         synthetic, status, resume_to, approved_on::text AS approved_on,
         planned_total::text AS planned_total, approved_investment::text AS approved_investment,
         disbursed::text AS disbursed, annual_plan, overdue_periods
       FROM ${this.table('project_register')} WHERE project_id = ANY ($1::text[])`,
      [projectIds],
    );
    const money = (text: string | null) => (text === null ? null : parseYuan(text, 'stored'));
    return rows.map((r) => ({
      projectId: r.project_id,
      networkCode: r.network_code,
      categoryCode: r.category_code,
      regionCodes: r.region_codes,
      tags: r.tags,
      responsibleUnit: r.responsible_unit,
      synthetic: r.synthetic,
      status: r.status,
      resumeTo: r.resume_to,
      approvedOn: r.approved_on,
      plannedTotal: money(r.planned_total),
      approvedInvestment: money(r.approved_investment),
      disbursed: money(r.disbursed) ?? fen(0n),
      annualPlan: r.annual_plan,
      overduePeriods: r.overdue_periods,
    }));
  }
}
