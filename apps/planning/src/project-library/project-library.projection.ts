import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { ProjectEvent, isProjectEvent } from '../project/domain/project.events';

/**
 * The project library as supervisors query it: one row per project with its current state,
 * plus its disbursements, milestones and plan adjustments. Amounts are numeric(20,2) yuan:
 * exact in SQL, read back as text.
 */
export class ProjectLibraryProjection implements Projection {
  readonly name = 'planning.project-library';
  /** 2: resume_to remembers the status a suspension interrupted. */
  readonly version = 2;

  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('projects')} (
      project_id text PRIMARY KEY,
      listed_at bigint NOT NULL,
      name_zh text NOT NULL,
      name_en text,
      network_code text NOT NULL,
      category_code text,
      region_codes text[] NOT NULL,
      tags text[] NOT NULL,
      responsible_unit text,
      construction_nature text,
      status text NOT NULL,
      from_plan_document boolean NOT NULL,
      synthetic boolean NOT NULL,
      source jsonb,
      baseline jsonb NOT NULL,
      current_plan jsonb NOT NULL,
      approval jsonb,
      disbursed_total numeric(20, 2) NOT NULL DEFAULT 0,
      started_on date,
      completed_on date,
      maturity_rating text,
      resume_to text,
      version bigint NOT NULL,
      updated_at timestamptz NOT NULL)`);
    for (const column of ['network_code', 'category_code', 'status']) {
      await tx.query(
        `CREATE INDEX IF NOT EXISTS projects_${column}_idx ON ${this.table('projects')} (${column}, listed_at)`,
      );
    }
    await tx.query(
      `CREATE INDEX IF NOT EXISTS projects_regions_idx ON ${this.table('projects')} USING gin (region_codes)`,
    );
    await tx.query(
      `CREATE INDEX IF NOT EXISTS projects_tags_idx ON ${this.table('projects')} USING gin (tags)`,
    );
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('disbursements')} (
      project_id text NOT NULL,
      disbursement_id text NOT NULL,
      amount numeric(20, 2) NOT NULL,
      source text NOT NULL,
      paid_on date NOT NULL,
      payee text NOT NULL,
      recorded_at bigint NOT NULL,
      PRIMARY KEY (project_id, disbursement_id))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('milestones')} (
      project_id text NOT NULL,
      kind text NOT NULL,
      planned_on date,
      met_on date,
      PRIMARY KEY (project_id, kind))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('plan_adjustments')} (
      project_id text NOT NULL,
      recorded_at bigint NOT NULL,
      adjusted_on date NOT NULL,
      reason text NOT NULL,
      changes jsonb NOT NULL,
      previous jsonb NOT NULL,
      PRIMARY KEY (project_id, recorded_at))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    for (const table of ['plan_adjustments', 'milestones', 'disbursements', 'projects']) {
      await tx.query(`DROP TABLE IF EXISTS ${this.table(table)}`);
    }
  }

  handles(eventType: string): boolean {
    return isProjectEvent({ type: eventType });
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ProjectEvent;
    const projects = this.table('projects');
    const at = recorded.globalPosition.toString();
    const version = recorded.streamVersion.toString();
    const touch = async (set: string, params: unknown[]): Promise<void> => {
      await tx.query(
        `UPDATE ${projects} SET ${set ? `${set}, ` : ''}version = $2, updated_at = $3 WHERE project_id = $1`,
        [event.data.projectId, version, recorded.recordedAt, ...params],
      );
    };
    switch (event.type) {
      case 'ProjectProposed': {
        const d = event.data;
        const plan = {
          plannedTotalInvestment: d.plannedTotalInvestment,
          approvedInvestment: null,
          plannedStart: d.plannedStart,
          plannedEnd: d.plannedEnd,
          fundingPlan: d.fundingPlan,
          annualInvestmentPlan: d.annualInvestmentPlan,
        };
        await tx.query(
          `INSERT INTO ${projects} (project_id, listed_at, name_zh, name_en, network_code, category_code,
             region_codes, tags, responsible_unit, construction_nature, status, from_plan_document,
             synthetic, source, baseline, current_plan, version, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'proposed',false,$14,NULL,$11,$11,$12,$13)`,
          [
            d.projectId,
            at,
            d.nameZh,
            d.nameEn,
            d.networkCode,
            d.categoryCode,
            [d.regionCode],
            d.tags,
            d.responsibleUnit,
            d.constructionNature,
            JSON.stringify(plan),
            version,
            recorded.recordedAt,
            // Proposals recorded before the flag existed were all real.
            d.synthetic === true,
          ],
        );
        return;
      }
      case 'ProjectListedInPlan': {
        const d = event.data;
        const plan = {
          plannedTotalInvestment: d.plannedTotalInvestment,
          approvedInvestment: null,
          plannedStart: null,
          plannedEnd: null,
          fundingPlan: [],
          annualInvestmentPlan: [],
        };
        await tx.query(
          `INSERT INTO ${projects} (project_id, listed_at, name_zh, name_en, network_code, category_code,
             region_codes, tags, status, from_plan_document, synthetic, source, baseline,
             current_plan, version, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'proposed',$9,$10,$11,$12,$12,$13,$14)`,
          [
            d.projectId,
            at,
            d.nameZh,
            d.nameEn,
            d.networkCode,
            d.categoryCode,
            d.regionCodes,
            d.tags,
            !d.synthetic,
            d.synthetic,
            JSON.stringify(d.source),
            JSON.stringify(plan),
            version,
            recorded.recordedAt,
          ],
        );
        return;
      }
      case 'ProjectApproved': {
        const { projectId: _id, ...approval } = event.data;
        const amount = JSON.stringify(event.data.approvedInvestment);
        await touch(
          `status = 'approved', approval = $4,
           baseline = jsonb_set(baseline, '{approvedInvestment}', $5::jsonb),
           current_plan = jsonb_set(current_plan, '{approvedInvestment}', $5::jsonb)`,
          [JSON.stringify(approval), amount],
        );
        return;
      }
      case 'ProjectPlanAdjusted':
        await tx.query(
          `INSERT INTO ${this.table('plan_adjustments')} VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            event.data.projectId,
            at,
            event.data.adjustedOn,
            event.data.reason,
            JSON.stringify(event.data.changes),
            JSON.stringify(event.data.previous),
          ],
        );
        await touch('current_plan = current_plan || $4::jsonb', [
          JSON.stringify(event.data.changes),
        ]);
        return;
      case 'FundsDisbursed': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('disbursements')} VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [d.projectId, d.disbursementId, d.amount, d.source, d.paidOn, d.payee, at],
        );
        await touch('disbursed_total = disbursed_total + $4::numeric', [d.amount]);
        return;
      }
      case 'MilestoneScheduled':
      case 'MilestoneMet': {
        const d = event.data;
        const [column, value] =
          event.type === 'MilestoneScheduled'
            ? ['planned_on', event.data.plannedOn]
            : ['met_on', event.data.metOn];
        await tx.query(
          `INSERT INTO ${this.table('milestones')} (project_id, kind, ${column}) VALUES ($1, $2, $3)
           ON CONFLICT (project_id, kind) DO UPDATE SET ${column} = EXCLUDED.${column}`,
          [d.projectId, d.kind, value],
        );
        await touch('', []);
        return;
      }
      case 'ConstructionStarted':
        await touch(`status = 'under_construction', started_on = $4`, [event.data.startedOn]);
        return;
      case 'ProjectCompleted':
        await touch(`status = 'completed', completed_on = $4`, [event.data.completedOn]);
        return;
      case 'ProjectSuspended':
        await touch(`resume_to = status, status = 'suspended'`, []);
        return;
      case 'ProjectResumed':
        await touch(`status = resume_to, resume_to = NULL`, []);
        return;
      case 'ProjectCancelled':
        await touch(`status = 'cancelled'`, []);
        return;
      case 'ProjectMaturityRated':
        await touch('maturity_rating = $4', [event.data.rating]);
        return;
      // Kept by the pre-construction approvals' own read model; the row's version still moves.
      case 'NationalProjectCodeAssigned':
      case 'PreConstructionApprovalRecorded':
        await touch('', []);
        return;
      default:
        assertNever(event);
    }
  }
}
