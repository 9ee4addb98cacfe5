import { ProjectScope } from '@ledger/auth';
import { SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';

export interface ProjectRow {
  project_id: string;
  listed_at: string;
  name_zh: string;
  name_en: string | null;
  network_code: string;
  category_code: string | null;
  region_codes: string[];
  tags: string[];
  responsible_unit: string | null;
  construction_nature: string | null;
  status: string;
  from_plan_document: boolean;
  synthetic: boolean;
  source: { document: string; line: number; quote: string } | null;
  baseline: PlanJson;
  current_plan: PlanJson;
  approval: ApprovalJson | null;
  disbursed_total: string;
  started_on: string | null;
  completed_on: string | null;
  maturity_rating: string | null;
  version: string;
}

export interface PlanJson {
  plannedTotalInvestment: string | null;
  approvedInvestment: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  fundingPlan: Array<{ source: string; amount: string }>;
  annualInvestmentPlan: Array<{ year: number; amount: string }>;
}

export interface ApprovalJson {
  authority: string;
  documentNumber: string;
  approvedInvestment: string;
  approvedOn: string;
}

export interface DisbursementRow {
  disbursement_id: string;
  amount: string;
  source: string;
  paid_on: string;
  payee: string;
}

export interface MilestoneRow {
  kind: string;
  planned_on: string | null;
  met_on: string | null;
}

export interface AdjustmentRow {
  adjusted_on: string;
  reason: string;
  changes: Record<string, unknown>;
  previous: Record<string, unknown>;
}

export interface ProjectFilter {
  networkCode?: string;
  categoryCode?: string;
  regionCode?: string;
  /** Projects of the networks this department leads (its industry sub-library). */
  departmentCode?: string;
  status?: string;
  tag?: string;
  /** Whose eyes: a lead department sees its networks, a region its projects. */
  scope?: ProjectScope;
}

export interface ProjectPage {
  rows: ProjectRow[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Dates come back as text: a date is a calendar day, not an instant in some time zone. */
const COLUMNS = `project_id, listed_at::text AS listed_at, name_zh, name_en, network_code, category_code,
  region_codes, tags, responsible_unit, construction_nature, status, from_plan_document, synthetic,
  source, baseline, current_plan, approval, disbursed_total::text AS disbursed_total,
  started_on::text AS started_on, completed_on::text AS completed_on, maturity_rating,
  version::text AS version`;

export class ProjectLibraryQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
    private readonly programmeSchema: string,
  ) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  /** Keyset pagination on the order projects entered the library: stable under inserts. */
  async list(filter: ProjectFilter, first: number, after: bigint | null): Promise<ProjectPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.networkCode) where.push(`network_code = ${param(filter.networkCode)}`);
    if (filter.categoryCode) where.push(`category_code = ${param(filter.categoryCode)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    if (filter.regionCode) where.push(`${param(filter.regionCode)} = ANY (region_codes)`);
    if (filter.tag) where.push(`${param(filter.tag)} = ANY (tags)`);
    if (filter.scope?.kind === 'networks') {
      where.push(`network_code = ANY (${param(filter.scope.networks)}::text[])`);
    }
    if (filter.scope?.kind === 'region')
      where.push(`${param(filter.scope.region)} = ANY (region_codes)`);
    if (filter.departmentCode) {
      where.push(`network_code IN (SELECT code FROM ${quoteIdentifier(this.programmeSchema)}.networks
        WHERE lead_department = ${param(filter.departmentCode)})`);
    }
    const filtered = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${this.table('projects')} ${filtered}`,
      params,
    );
    const pageWhere = [...where];
    if (after !== null) pageWhere.push(`listed_at > ${param(after.toString())}`);
    const rows = await this.db.query<ProjectRow>(
      `SELECT ${COLUMNS} FROM ${this.table('projects')}
       ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''}
       ORDER BY listed_at LIMIT ${param(first + 1)}`,
      params,
    );
    return {
      rows: rows.slice(0, first),
      hasNextPage: rows.length > first,
      totalCount: Number(count?.n ?? '0'),
    };
  }

  async byId(projectId: string): Promise<ProjectRow | undefined> {
    const [row] = await this.db.query<ProjectRow>(
      `SELECT ${COLUMNS} FROM ${this.table('projects')} WHERE project_id = $1`,
      [projectId],
    );
    return row;
  }

  /** Several projects in one query (federation's _entities asks for many at once). */
  async byIds(projectIds: readonly string[]): Promise<Map<string, ProjectRow>> {
    const rows = await this.db.query<ProjectRow>(
      `SELECT ${COLUMNS} FROM ${this.table('projects')} WHERE project_id = ANY ($1::text[])`,
      [projectIds],
    );
    return new Map(rows.map((row) => [row.project_id, row]));
  }

  disbursements(projectId: string): Promise<DisbursementRow[]> {
    return this.disbursementsOf([projectId]).then((byProject) => byProject.get(projectId) ?? []);
  }

  milestones(projectId: string): Promise<MilestoneRow[]> {
    return this.milestonesOf([projectId]).then((byProject) => byProject.get(projectId) ?? []);
  }

  adjustments(projectId: string): Promise<AdjustmentRow[]> {
    return this.adjustmentsOf([projectId]).then((byProject) => byProject.get(projectId) ?? []);
  }

  /** For a page of projects at once (per-request loaders): one query, not one per project. */
  async disbursementsOf(projectIds: readonly string[]): Promise<Map<string, DisbursementRow[]>> {
    return groupByProject(
      await this.db.query<DisbursementRow & { project_id: string }>(
        `SELECT project_id, disbursement_id, amount::text AS amount, source, paid_on::text AS paid_on, payee
         FROM ${this.table('disbursements')} WHERE project_id = ANY ($1::text[])
         ORDER BY project_id, recorded_at`,
        [projectIds],
      ),
    );
  }

  async milestonesOf(projectIds: readonly string[]): Promise<Map<string, MilestoneRow[]>> {
    return groupByProject(
      await this.db.query<MilestoneRow & { project_id: string }>(
        `SELECT project_id, kind, planned_on::text AS planned_on, met_on::text AS met_on
         FROM ${this.table('milestones')} WHERE project_id = ANY ($1::text[])
         ORDER BY project_id, coalesce(met_on, planned_on), kind`,
        [projectIds],
      ),
    );
  }

  async adjustmentsOf(projectIds: readonly string[]): Promise<Map<string, AdjustmentRow[]>> {
    return groupByProject(
      await this.db.query<AdjustmentRow & { project_id: string }>(
        `SELECT project_id, adjusted_on::text AS adjusted_on, reason, changes, previous
         FROM ${this.table('plan_adjustments')} WHERE project_id = ANY ($1::text[])
         ORDER BY project_id, recorded_at`,
        [projectIds],
      ),
    );
  }
}

function groupByProject<Row extends { project_id: string }>(
  rows: Row[],
): Map<string, Array<Omit<Row, 'project_id'>>> {
  const grouped = new Map<string, Array<Omit<Row, 'project_id'>>>();
  for (const { project_id, ...rest } of rows) {
    grouped.set(project_id, [...(grouped.get(project_id) ?? []), rest]);
  }
  return grouped;
}
