import { ProjectScope } from '@ledger/auth';
import { SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';

export interface ProblemRow {
  problem_id: string;
  project_id: string;
  network_code: string | null;
  region_codes: string[];
  kind: string;
  description: string;
  raised_by: string;
  raised_on: string;
  status: string;
  escalated_to: string | null;
  escalated_on: string | null;
  department_code: string | null;
  due_on: string | null;
  assigned_on: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_on: string | null;
  late: boolean | null;
  resolution: string | null;
  closed_on: string | null;
  event_ids: string[];
  /** Days from raising to closing, or to `today` while open. */
  days_open: number;
  /** Assigned, unanswered, not closed, and its due date before `today`. */
  overdue: boolean;
}

export interface ProblemFilter {
  status?: string | null;
  /** Raised by this unit or assigned to it. */
  unit?: string | null;
  overdue?: boolean | null;
  projectIds?: readonly string[] | null;
  problemIds?: readonly string[] | null;
  /** Whose eyes: see `scopeClause`. */
  scope: ProjectScope;
  /** A lead department also sees what is assigned to it; a region what it raised. */
  unitOfPrincipal: string | null;
}

export interface UnitProblemsRow {
  unit: string;
  open: number;
  oldest_open_days: number | null;
  overdue_answers: number;
}

export interface ProblemCountsRow {
  network_code: string;
  raised: number;
  closed: number;
  open: number;
  overdue: number;
}

/**
 * A problem is in a scoped reader's view when its project is (a lead department's networks,
 * a region's projects), or when the reader's own unit raised it or owes its answer: a
 * department that leads no network still reads what it was assigned.
 */
function scopeClause(scope: ProjectScope, at: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'networks':
      return {
        sql: `(r.network_code = ANY ($${at}::text[]) OR p.department_code = $${at + 1} OR p.raised_by = $${at + 1})`,
        params: [scope.networks],
      };
    case 'region':
      return {
        sql: `($${at}::text = ANY (r.region_codes) OR p.raised_by = $${at}::text)`,
        params: [scope.region],
      };
    default: {
      const unknown: never = scope;
      throw new Error(`unknown scope ${String(unknown)}`);
    }
  }
}

/** Open on `d`: raised by then, not closed by then. */
const openOn = (d: string): string =>
  `(p.raised_on <= ${d} AND (p.closed_on IS NULL OR p.closed_on > ${d}))`;
/** Overdue on `d`: open, assigned by then with its due date before it, unanswered by then. */
const overdueOn = (d: string): string =>
  `coalesce(${openOn(d)} AND p.assigned_on <= ${d} AND p.due_on < ${d} AND (p.answered_on IS NULL OR p.answered_on > ${d}), false)`;

export class ProblemRegisterQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  private get s(): string {
    return quoteIdentifier(this.schema);
  }

  private select(where: string): string {
    return `SELECT p.problem_id, p.project_id, r.network_code, coalesce(r.region_codes, '{}') AS region_codes,
         p.kind, p.description, p.raised_by, p.raised_on::text AS raised_on, p.status,
         p.escalated_to, p.escalated_on::text AS escalated_on, p.department_code,
         p.due_on::text AS due_on, p.assigned_on::text AS assigned_on, p.answer, p.answered_by,
         p.answered_on::text AS answered_on, p.late, p.resolution, p.closed_on::text AS closed_on,
         p.event_ids,
         (coalesce(p.closed_on, $1::date) - p.raised_on)::int AS days_open,
         ${overdueOn('$1::date')} AS overdue
       FROM ${this.s}.problems p LEFT JOIN ${this.s}.project_register r USING (project_id)
       WHERE ${where}
       ORDER BY p.raised_on, p.problem_id`;
  }

  /** Problems in the reader's view, filtered, oldest first; ages and overdue as of `today`. */
  async problems(filter: ProblemFilter, today: string): Promise<ProblemRow[]> {
    const params: unknown[] = [today];
    const where: string[] = [];
    const add = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.status) where.push(`p.status = ${add(filter.status)}`);
    if (filter.unit) {
      const unit = add(filter.unit);
      where.push(`(p.raised_by = ${unit} OR p.department_code = ${unit})`);
    }
    if (filter.overdue === true) where.push(overdueOn('$1::date'));
    if (filter.overdue === false) where.push(`NOT ${overdueOn('$1::date')}`);
    if (filter.projectIds) where.push(`p.project_id = ANY (${add(filter.projectIds)}::text[])`);
    if (filter.problemIds) where.push(`p.problem_id = ANY (${add(filter.problemIds)}::text[])`);
    const scope = scopeClause(filter.scope, params.length + 1);
    params.push(...scope.params);
    if (filter.scope.kind === 'networks') params.push(filter.unitOfPrincipal);
    where.push(scope.sql);
    return this.db.query<ProblemRow>(this.select(where.join(' AND ')), params);
  }

  /**
   * Per unit, on `asOf`: the problems open that it raised or owes an answer to, the age of its
   * oldest, and the answers it owes past their due date. Steps are counted by their dates
   * (the days they happened); a reassignment counts from its own date, for its department.
   */
  async byUnit(
    asOf: string,
    scope: ProjectScope,
    unitOfPrincipal: string | null,
  ): Promise<UnitProblemsRow[]> {
    const params: unknown[] = [asOf];
    const clause = scopeClause(scope, 2);
    params.push(...clause.params);
    if (scope.kind === 'networks') params.push(unitOfPrincipal);
    return this.db.query<UnitProblemsRow>(
      `WITH visible AS (
         SELECT p.* FROM ${this.s}.problems p LEFT JOIN ${this.s}.project_register r USING (project_id)
          WHERE ${clause.sql} AND ${openOn('$1::date')}),
       units AS (
         SELECT raised_by AS unit, problem_id, raised_on, false AS owes FROM visible
         UNION
         SELECT department_code, problem_id, raised_on, true FROM visible
          WHERE department_code IS NOT NULL AND assigned_on <= $1::date)
       SELECT u.unit,
         count(DISTINCT u.problem_id)::int AS open,
         ($1::date - min(u.raised_on))::int AS oldest_open_days,
         count(DISTINCT u.problem_id) FILTER (WHERE u.owes AND p.due_on < $1::date
           AND (p.answered_on IS NULL OR p.answered_on > $1::date))::int AS overdue_answers
       FROM units u JOIN visible p USING (problem_id)
       GROUP BY u.unit ORDER BY u.unit`,
      params,
    );
  }

  /**
   * The month's problems by network: raised and closed in it, and open and overdue at its
   * end, or on `until` when that comes first (the current month, seen today).
   */
  async monthCounts(period: string, until: string): Promise<Map<string, ProblemCountsRow>> {
    const rows = await this.db.query<ProblemCountsRow>(
      `SELECT r.network_code,
         count(*) FILTER (WHERE to_char(p.raised_on, 'YYYY-MM') = $1)::int AS raised,
         count(*) FILTER (WHERE to_char(p.closed_on, 'YYYY-MM') = $1)::int AS closed,
         count(*) FILTER (WHERE ${openOn('$2::date')})::int AS open,
         count(*) FILTER (WHERE ${overdueOn('$2::date')})::int AS overdue
       FROM ${this.s}.problems p JOIN ${this.s}.project_register r USING (project_id)
       GROUP BY r.network_code`,
      [period, until],
    );
    return new Map(rows.map((row) => [row.network_code, row]));
  }

  /** Whether the plan names this unit (a department, or a region with `kind` region). */
  async unitKind(code: string): Promise<string | null> {
    const [row] = await this.db.query<{ kind: string }>(
      `SELECT kind FROM ${this.s}.problem_units WHERE code = $1`,
      [code],
    );
    return row?.kind ?? null;
  }

  /** The project a problem is about, before any step after its raising is prepared. */
  async projectOf(problemId: string): Promise<string | null> {
    const [row] = await this.db.query<{ project_id: string }>(
      `SELECT project_id FROM ${this.s}.problems WHERE problem_id = $1`,
      [problemId],
    );
    return row?.project_id ?? null;
  }
}
