import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_DATABASE, SqlDatabase, quoteIdentifier } from '@ledger/event-sourcing';
import { CircularFigure, CircularNamedUnit, ScoreRef } from '@ledger/contracts';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from '../assessment.options';
import { CitedFlag } from './domain/summons';
import { OverdueReport, RegisteredProblem } from './domain/circular-figures';

export interface SummonsRow {
  summons_id: string;
  project_id: string | null;
  unit_code: string;
  reason: string;
  flag_ids: string[];
  score_refs: ScoreRef[];
  held_on: string;
  event_id: string;
  position: string;
}

export interface CircularRow {
  month: string;
  circular_id: string;
  issued_on: string;
  named_units: CircularNamedUnit[];
  figures: CircularFigure[];
  event_id: string;
  position: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The supervision read model's queries, and the lookups a summons or circular needs. */
@Injectable()
export class SupervisionQueries {
  private readonly schema: string;

  constructor(
    @Inject(READ_MODEL_DATABASE) private readonly db: SqlDatabase,
    @Inject(ASSESSMENT_OPTIONS) options: AssessmentOptions,
  ) {
    this.schema = quoteIdentifier(options.readModelSchema);
  }

  /**
   * Each flag by the id of the event that raised it, from its steps (a flag resolved and
   * raised again since is a new flag, and its old id still answers here), with its project
   * while it is the rule's current flag. Ids that are not event ids are no flag's.
   */
  async citedFlags(flagIds: readonly string[]): Promise<Map<string, CitedFlag>> {
    const ids = flagIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<{
      flag_id: string;
      raised_on: string;
      resolved_on: string | null;
      project_id: string | null;
    }>(
      `SELECT s.flag_id::text AS flag_id,
         min(s.on_date) FILTER (WHERE s.kind = 'raised' AND s.event_id = s.flag_id)::text AS raised_on,
         max(s.on_date) FILTER (WHERE s.kind = 'resolved')::text AS resolved_on,
         max(f.project_id) AS project_id
       FROM ${this.schema}.risk_flag_steps s
       LEFT JOIN ${this.schema}.risk_flags f ON f.raised_event = s.flag_id
       WHERE s.flag_id = ANY ($1::uuid[])
       GROUP BY s.flag_id`,
      [ids],
    );
    return new Map(
      rows
        .filter((r) => r.raised_on !== null)
        .map((r) => [
          r.flag_id,
          {
            flagId: r.flag_id,
            raisedOn: r.raised_on,
            resolvedOn: r.resolved_on,
            projectId: r.project_id,
          },
        ]),
    );
  }

  /** Which of these scores the ledger holds (any kind of unit). */
  async existingScores(refs: readonly ScoreRef[]): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const rows = await this.db.query<{ period: string; unit: string }>(
      `SELECT period, unit FROM ${this.schema}.scores
       WHERE (period, unit) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [refs.map((r) => r.period), refs.map((r) => r.unitCode)],
    );
    return new Set(rows.map((r) => `${r.period}/${r.unit}`));
  }

  summonses(filter: {
    projectId?: string;
    unitCode?: string;
    month?: string;
  }): Promise<SummonsRow[]> {
    return this.db.query<SummonsRow>(
      `SELECT summons_id, project_id, unit_code, reason, flag_ids, score_refs, held_on::text AS held_on,
         event_id::text AS event_id, position::text AS position
       FROM ${this.schema}.supervision_summonses
       WHERE ($1::text IS NULL OR project_id = $1) AND ($2::text IS NULL OR unit_code = $2)
         AND ($3::text IS NULL OR to_char(held_on, 'YYYY-MM') = $3)
       ORDER BY held_on DESC, summons_id`,
      [filter.projectId ?? null, filter.unitCode ?? null, filter.month ?? null],
    );
  }

  circulars(month: string | null): Promise<CircularRow[]> {
    return this.db.query<CircularRow>(
      `SELECT month, circular_id, issued_on::text AS issued_on, named_units, figures,
         event_id::text AS event_id, position::text AS position
       FROM ${this.schema}.supervision_circulars
       WHERE $1::text IS NULL OR month = $1 ORDER BY month DESC`,
      [month],
    );
  }

  /** Which event recorded each unit's latest score of the period. */
  async scoreEvents(period: string): Promise<Map<string, string>> {
    const rows = await this.db.query<{ unit_kind: string; unit: string; event_id: string }>(
      `SELECT unit_kind, unit, event_id::text AS event_id FROM ${this.schema}.supervision_score_events
       WHERE period = $1`,
      [period],
    );
    return new Map(rows.map((r) => [`${r.unit_kind}/${r.unit}`, r.event_id]));
  }

  /** The month's dispatch reports recorded overdue, with each project's network. */
  async overdueReports(month: string): Promise<OverdueReport[]> {
    const rows = await this.db.query<{
      project_id: string;
      network_code: string;
      event_id: string;
    }>(
      `SELECT o.project_id, pf.facts->>'networkCode' AS network_code, o.event_id::text AS event_id
       FROM ${this.schema}.supervision_overdue_reports o
       JOIN ${this.schema}.project_facts pf ON pf.project_id = o.project_id
       WHERE o.period = $1 ORDER BY o.position`,
      [month],
    );
    return rows.map((r) => ({
      projectId: r.project_id,
      networkCode: r.network_code,
      eventId: r.event_id,
    }));
  }

  /**
   * The problem register's problems whose raising has been read, of the projects the ledger
   * holds (as monthlySummary counts only problems of registered projects).
   */
  async problems(): Promise<RegisteredProblem[]> {
    const rows = await this.db.query<{
      problem_id: string;
      raised_on: string;
      raised_event: string;
      assigned_on: string | null;
      due_on: string | null;
      assigned_event: string | null;
      answered_on: string | null;
      closed_on: string | null;
      closed_event: string | null;
    }>(
      `SELECT p.problem_id, p.raised_on::text AS raised_on, p.raised_event::text AS raised_event,
         p.assigned_on::text AS assigned_on, p.due_on::text AS due_on,
         p.assigned_event::text AS assigned_event, p.answered_on::text AS answered_on,
         p.closed_on::text AS closed_on, p.closed_event::text AS closed_event
       FROM ${this.schema}.supervision_problems p
       JOIN ${this.schema}.project_facts pf ON pf.project_id = p.project_id
       WHERE p.raised_on IS NOT NULL ORDER BY p.problem_id`,
    );
    return rows.map((r) => ({
      problemId: r.problem_id,
      raisedOn: r.raised_on,
      raisedEvent: r.raised_event,
      assignedOn: r.assigned_on,
      dueOn: r.due_on,
      assignedEvent: r.assigned_event,
      answeredOn: r.answered_on,
      closedOn: r.closed_on,
      closedEvent: r.closed_event,
    }));
  }

  /** The plan's names of its regions, departments and networks, by code. */
  async unitNames(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ code: string; name_zh: string }>(
      `SELECT code, name_zh FROM ${this.schema}.supervision_unit_names ORDER BY kind, code`,
    );
    return new Map(rows.map((r) => [r.code, r.name_zh]));
  }
}
