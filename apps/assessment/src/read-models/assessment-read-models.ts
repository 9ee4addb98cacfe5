import { ProjectScope } from '@ledger/auth';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import {
  PROJECTION_FEEDS,
  ProjectionFeed,
  ProjectionFeeds,
  READ_MODEL_DATABASE,
  SqlDatabase,
  projectionNamed,
  quoteIdentifier,
  storeFeeds,
} from '@ledger/event-sourcing';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from '../assessment.options';
import { assessmentProjections } from '../assessment.projections';
import { ProjectFacts } from '../risk/domain/project-facts';

export interface EvidenceJson {
  figures: Record<string, string>;
  eventIds: string[];
}

export interface FlagRow {
  /** The id of the event that raised the flag. */
  flag_id: string;
  subject_kind: string;
  subject: string;
  project_id: string | null;
  rule: string;
  /** What the rule finds now (while open; the last finding before resolution once resolved). */
  severity: string;
  status: string;
  raised_on: string;
  updated_on: string | null;
  resolved_on: string | null;
  /** The thresholds' version it was raised under. */
  config_version: string;
  raised_severity: string;
  raised_evidence: EvidenceJson;
  evidence: EvidenceJson;
  resolution_evidence: EvidenceJson | null;
  network_code: string | null;
  region_codes: string[];
  responsible_unit: string | null;
  lead_department: string | null;
}

/** One step of a flag's history: raised, updated or resolved. */
export interface FlagStepRow {
  flag_id: string;
  event_id: string;
  kind: string;
  on_date: string;
  severity: string | null;
  config_version: string;
  evidence: EvidenceJson;
}

export interface ScoreRow {
  period: string;
  unit_kind: string;
  unit: string;
  score: number;
  breakdown: Array<{ component: string; points: number; max: number; basis: string }>;
  rubric_version: string;
  rank: number;
}

export interface FlagFilter {
  severity?: string;
  rule?: string;
  networkCode?: string;
  regionCode?: string;
  unit?: string;
  status?: string;
  /** YYYY-MM, YYYY-Qn or YYYY: flags raised in the period. */
  period?: string;
  /** Whose eyes: a lead department sees its networks' flags, a region its own. */
  scope?: ProjectScope;
  /** Flags about any of these projects (federation asks for many projects at once). */
  projectIds?: readonly string[];
}

/** The assessment read models, the runners that keep them, and the queries over them. */
@Injectable()
export class AssessmentReadModels implements OnApplicationShutdown {
  private readonly logger = new Logger(AssessmentReadModels.name);
  readonly facts: ProjectionFeed;
  readonly views: ProjectionFeed;
  /** Summonses, circulars and what a circular cites (see SupervisionProjection). */
  readonly supervision: ProjectionFeed;
  private readonly schema: string;
  /** The reactions the module registers: what to do once facts have changed. */
  private readonly factsReactions: Array<(events: readonly RecordedEvent[]) => Promise<void>> = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) private readonly db: SqlDatabase,
    @Inject(ASSESSMENT_OPTIONS) options: AssessmentOptions,
    @Optional() @Inject(PROJECTION_FEEDS) feeds: ProjectionFeeds = storeFeeds(store, db),
  ) {
    this.schema = quoteIdentifier(options.readModelSchema);
    const log = (message: string) => this.logger.warn(message);
    const projections = assessmentProjections.build(options.readModelSchema);
    this.facts = feeds.feed(projectionNamed(projections, 'assessment.project-facts'), {
      log,
      afterCommit: async (events: readonly RecordedEvent[]) => {
        for (const react of this.factsReactions) await react(events);
      },
    });
    this.views = feeds.feed(projectionNamed(projections, 'assessment.views'), { log });
    this.supervision = feeds.feed(projectionNamed(projections, 'assessment.supervision'), { log });
  }

  /** Registers a reaction to live batches of the facts read model (see the module). */
  afterFactsChange(react: (events: readonly RecordedEvent[]) => Promise<void>): void {
    this.factsReactions.push(react);
  }

  async start(): Promise<void> {
    await this.facts.start();
    await this.views.start();
    await this.supervision.start();
  }

  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    for (const feed of [this.facts, this.views, this.supervision]) await feed.catchUpTo?.(head);
  }

  /** Whether the views include `position` within a few seconds. */
  async projected(position: bigint): Promise<boolean> {
    try {
      await this.views.waitFor(position);
      return true;
    } catch {
      return false;
    }
  }

  async factsOf(projectIds: string[] | null): Promise<ProjectFacts[]> {
    const rows = await this.db.query<{ facts: ProjectFacts }>(
      `SELECT facts FROM ${this.schema}.project_facts
       WHERE $1::text[] IS NULL OR project_id = ANY ($1::text[]) ORDER BY project_id`,
      [projectIds],
    );
    return rows.map((r) => r.facts);
  }

  /** Facts of the projects in any of these networks or regions (for group-level rules). */
  async factsInGroups(networks: string[], regions: string[]): Promise<ProjectFacts[]> {
    const rows = await this.db.query<{ facts: ProjectFacts }>(
      `SELECT facts FROM ${this.schema}.project_facts
       WHERE facts->>'networkCode' = ANY ($1::text[]) OR facts->'regionCodes' ?| $2::text[]
       ORDER BY project_id`,
      [networks, regions],
    );
    return rows.map((r) => r.facts);
  }

  async networkLeads(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ network_code: string; lead_department: string }>(
      `SELECT network_code, lead_department FROM ${this.schema}.network_leads`,
    );
    return new Map(rows.map((r) => [r.network_code, r.lead_department]));
  }

  async openRedFlags(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ project_id: string; n: number }>(
      `SELECT project_id, count(*)::int AS n FROM ${this.schema}.risk_flags
       WHERE status = 'open' AND severity = 'red' AND project_id IS NOT NULL GROUP BY project_id`,
    );
    return new Map(rows.map((r) => [r.project_id, r.n]));
  }

  flags(filter: FlagFilter, limit: number): Promise<FlagRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.severity) where.push(`f.severity = ${p(filter.severity)}`);
    if (filter.rule) where.push(`f.rule = ${p(filter.rule)}`);
    if (filter.status) where.push(`f.status = ${p(filter.status)}`);
    if (filter.networkCode) {
      const network = p(filter.networkCode);
      where.push(
        `(pf.facts->>'networkCode' = ${network} OR (f.subject_kind = 'network' AND f.subject = ${network}))`,
      );
    }
    if (filter.regionCode) {
      const region = p(filter.regionCode);
      where.push(
        `(pf.facts->'regionCodes' ? ${region} OR (f.subject_kind = 'region' AND f.subject = ${region}))`,
      );
    }
    if (filter.unit) {
      const unit = p(filter.unit);
      where.push(`(pf.facts->>'responsibleUnit' = ${unit} OR nl.lead_department = ${unit})`);
    }
    if (filter.scope?.kind === 'networks') {
      const networks = p(filter.scope.networks);
      where.push(
        `(pf.facts->>'networkCode' = ANY (${networks}::text[]) OR (f.subject_kind = 'network' AND f.subject = ANY (${networks}::text[])))`,
      );
    }
    if (filter.scope?.kind === 'region') {
      const region = p(filter.scope.region);
      where.push(
        `(pf.facts->'regionCodes' ? ${region} OR (f.subject_kind = 'region' AND f.subject = ${region}))`,
      );
    }
    if (filter.projectIds) where.push(`f.project_id = ANY (${p(filter.projectIds)}::text[])`);
    if (filter.period)
      where.push(`to_char(f.raised_on, 'YYYY-MM') LIKE ${p(`${periodPrefix(filter.period)}%`)}`);
    return this.db.query<FlagRow>(
      `SELECT f.raised_event::text AS flag_id, f.subject_kind, f.subject, f.project_id, f.rule, f.severity, f.status,
         f.raised_on::text AS raised_on, f.updated_on::text AS updated_on, f.resolved_on::text AS resolved_on,
         f.config_version, f.raised_severity, f.raised_evidence, f.evidence, f.resolution_evidence,
         coalesce(pf.facts->>'networkCode', CASE WHEN f.subject_kind = 'network' THEN f.subject END) AS network_code,
         CASE WHEN f.subject_kind = 'region' THEN ARRAY[f.subject]
              ELSE ARRAY(SELECT jsonb_array_elements_text(coalesce(pf.facts->'regionCodes', '[]'))) END AS region_codes,
         pf.facts->>'responsibleUnit' AS responsible_unit, nl.lead_department
       FROM ${this.schema}.risk_flags f
       LEFT JOIN ${this.schema}.project_facts pf ON pf.project_id = f.project_id
       LEFT JOIN ${this.schema}.network_leads nl ON nl.network_code = pf.facts->>'networkCode'
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY CASE f.severity WHEN 'red' THEN 0 ELSE 1 END, f.raised_on DESC, f.subject, f.rule
       LIMIT ${p(limit)}`,
      params,
    );
  }

  /** The steps of these flags, each flag's in the order they were recorded. */
  flagHistory(flagIds: readonly string[]): Promise<FlagStepRow[]> {
    return this.db.query<FlagStepRow>(
      `SELECT flag_id::text AS flag_id, event_id::text AS event_id, kind, on_date::text AS on_date,
         severity, config_version, evidence
       FROM ${this.schema}.risk_flag_steps WHERE flag_id = ANY ($1::uuid[]) ORDER BY flag_id, position`,
      [flagIds],
    );
  }

  scores(period: string, unitKind: string | null): Promise<ScoreRow[]> {
    return this.db.query<ScoreRow>(
      `SELECT period, unit_kind, unit, score, breakdown, rubric_version,
         rank() OVER (PARTITION BY unit_kind ORDER BY score DESC)::int AS rank
       FROM ${this.schema}.scores
       WHERE period = $1 AND ($2::text IS NULL OR unit_kind = $2::text)
       ORDER BY unit_kind, rank, unit`,
      [period, unitKind],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.facts.stop();
    await this.views.stop();
    await this.supervision.stop();
  }
}

/** Quarters and years match every month in them. */
function periodPrefix(period: string): string {
  return /^\d{4}-Q[1-4]$/.test(period) ? period.slice(0, 4) : period;
}
