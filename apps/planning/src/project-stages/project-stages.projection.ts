import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { ReadEvent, tolerantReader } from '@ledger/contracts';
import { ProjectScope } from '@ledger/auth';
import { StageFacts } from './project-stages';

const reader = tolerantReader([
  'ProjectProposed',
  'ProjectListedInPlan',
  'ConstructionStarted',
  'ProjectCompleted',
  'ProjectCancelled',
]);
type StageEvent = ReadEvent<(typeof reader.types)[number]>;

/** The 761 plan's date (吉政发〔2020〕6号, 9 April 2020): the projects it lists are in the library from then. */
export const PLAN_ISSUED_ON = '2020-04-09';

/**
 * The dates a project's stages are derived from, one row per project. When a project entered
 * the library: a listing from the plan document on the plan's date; a proposal on the day it
 * was recorded (its event carries no date of its own), or on its start if that is earlier
 * (a history loaded after the fact). Other dates are the events' own (startedOn, ...).
 */
export class ProjectStagesProjection implements Projection {
  readonly name = 'planning.project-stages';
  readonly version = 1;

  constructor(readonly schema: string) {}

  private table(): string {
    return `${quoteIdentifier(this.schema)}.project_stage_facts`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table()} (
      project_id text PRIMARY KEY,
      network_code text NOT NULL,
      region_codes text[] NOT NULL,
      introduced_on date NOT NULL,
      started_on date,
      completed_on date,
      cancelled_on date)`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table()}`);
  }

  handles(eventType: string): boolean {
    return reader.reads(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as StageEvent;
    const set = (column: string, value: string) =>
      tx.query(
        `UPDATE ${this.table()} SET ${column} = $2,
           introduced_on = LEAST(introduced_on, $2::date) WHERE project_id = $1`,
        [event.data.projectId, value],
      );
    switch (event.type) {
      case 'ProjectProposed':
      case 'ProjectListedInPlan': {
        const d = event.data;
        const regions =
          event.type === 'ProjectProposed' ? [event.data.regionCode] : event.data.regionCodes;
        const introduced =
          event.type === 'ProjectListedInPlan'
            ? PLAN_ISSUED_ON
            : recorded.recordedAt.toISOString().slice(0, 10);
        await tx.query(
          `INSERT INTO ${this.table()} (project_id, network_code, region_codes, introduced_on)
           VALUES ($1, $2, $3, $4) ON CONFLICT (project_id) DO NOTHING`,
          [d.projectId, d.networkCode, regions, introduced],
        );
        return;
      }
      case 'ConstructionStarted':
        await set('started_on', event.data.startedOn);
        return;
      case 'ProjectCompleted':
        await set('completed_on', event.data.completedOn);
        return;
      case 'ProjectCancelled':
        await set('cancelled_on', event.data.cancelledOn);
        return;
      default:
        assertNever(event);
    }
  }
}

export interface StageFactsRow extends StageFacts {
  projectId: string;
  networkCode: string;
  regionCodes: string[];
}

export class ProjectStageQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  /** Every project a principal with this scope may see, with its stage dates. */
  async facts(scope: ProjectScope): Promise<StageFactsRow[]> {
    const where =
      scope.kind === 'networks'
        ? { sql: 'WHERE network_code = ANY ($1::text[])', params: [[...scope.networks]] }
        : scope.kind === 'region'
          ? { sql: 'WHERE $1 = ANY (region_codes)', params: [scope.region] }
          : { sql: '', params: [] };
    return this.db.query<StageFactsRow>(
      `SELECT project_id AS "projectId", network_code AS "networkCode", region_codes AS "regionCodes",
              introduced_on::text AS "introducedOn", started_on::text AS "startedOn",
              completed_on::text AS "completedOn", cancelled_on::text AS "cancelledOn"
         FROM ${quoteIdentifier(this.schema)}.project_stage_facts ${where.sql}`,
      where.params,
    );
  }
}
