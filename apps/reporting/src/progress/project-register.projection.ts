import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { ProjectEvent, isProjectEvent } from '../../../planning/src/project/domain/project.events';
import {
  DISPATCH_REPORT_EVENT_TYPES,
  DispatchReportEvent,
} from '../dispatch-report/domain/dispatch-report.events';

/**
 * Reporting's own view of every project: what planning decided (status, planned, approved,
 * disbursed) beside what the dispatch reports say (reported cumulative investment, the last
 * period reported, overdue months). Built from both services' events; the network-progress
 * views aggregate it.
 */
export class ProjectRegisterProjection implements Projection {
  readonly name = 'reporting.project-register';
  readonly version = 1;

  constructor(readonly schema: string) {}

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
      approved_on date,
      started boolean NOT NULL DEFAULT false,
      planned_total numeric(20, 2),
      approved_investment numeric(20, 2),
      disbursed numeric(20, 2) NOT NULL DEFAULT 0,
      reported_cumulative numeric(20, 2) NOT NULL DEFAULT 0,
      last_reported_period text,
      overdue_periods text[] NOT NULL DEFAULT '{}')`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('dispatch_reports')} (
      project_id text NOT NULL,
      period text NOT NULL,
      investment_in_month numeric(20, 2) NOT NULL,
      cumulative_investment numeric(20, 2) NOT NULL,
      physical_progress_percent numeric(5, 2) NOT NULL,
      physical_progress text NOT NULL,
      problems text,
      submitted_by text NOT NULL,
      due_on date,
      submitted_on date,
      late boolean,
      corrections int NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, period))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table('dispatch_reports')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('project_register')}`);
  }

  handles(eventType: string): boolean {
    return (
      isProjectEvent({ type: eventType }) ||
      (DISPATCH_REPORT_EVENT_TYPES as readonly string[]).includes(eventType)
    );
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as
      ProjectEvent | DispatchReportEvent;
    const register = this.table('project_register');
    const set = (assignments: string, params: unknown[]): Promise<unknown> =>
      tx.query(`UPDATE ${register} SET ${assignments} WHERE project_id = $1`, [
        event.data.projectId,
        ...params,
      ]);
    switch (event.type) {
      case 'ProjectProposed':
      case 'ProjectListedInPlan': {
        const d = event.data;
        const regions =
          event.type === 'ProjectProposed' ? [event.data.regionCode] : event.data.regionCodes;
        await tx.query(
          `INSERT INTO ${register} (project_id, network_code, category_code, region_codes, tags,
             responsible_unit, synthetic, status, planned_total)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'proposed', $8)`,
          [
            d.projectId,
            d.networkCode,
            d.categoryCode,
            regions,
            d.tags,
            event.type === 'ProjectProposed' ? event.data.responsibleUnit : null,
            d.synthetic === true,
            d.plannedTotalInvestment,
          ],
        );
        return;
      }
      case 'ProjectApproved':
        await set(`status = 'approved', approved_on = $2, approved_investment = $3`, [
          event.data.approvedOn,
          event.data.approvedInvestment,
        ]);
        return;
      case 'ProjectPlanAdjusted': {
        const c = event.data.changes;
        if (c.plannedTotalInvestment !== undefined) {
          await set('planned_total = $2', [c.plannedTotalInvestment]);
        }
        if (c.approvedInvestment !== undefined) {
          await set('approved_investment = $2', [c.approvedInvestment]);
        }
        return;
      }
      case 'FundsDisbursed':
        await set('disbursed = disbursed + $2::numeric', [event.data.amount]);
        return;
      case 'ConstructionStarted':
        await set(`status = 'under_construction', started = true`, []);
        return;
      case 'ProjectCompleted':
        await set(`status = 'completed'`, []);
        return;
      case 'ProjectSuspended':
        await set(`status = 'suspended'`, []);
        return;
      case 'ProjectResumed':
        // Back to where the suspension found it: building if construction had started.
        await set(`status = CASE WHEN started THEN 'under_construction' ELSE 'approved' END`, []);
        return;
      case 'ProjectCancelled':
        await set(`status = 'cancelled'`, []);
        return;
      case 'MilestoneScheduled':
      case 'MilestoneMet':
      case 'ProjectMaturityRated':
        return;
      case 'DispatchReportSubmitted':
      case 'DispatchReportCorrected': {
        const d = event.data;
        const submitted = event.type === 'DispatchReportSubmitted' ? event.data : null;
        await tx.query(
          `INSERT INTO ${this.table('dispatch_reports')} VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,0)
           ON CONFLICT (project_id, period) DO UPDATE SET
             investment_in_month = EXCLUDED.investment_in_month,
             cumulative_investment = EXCLUDED.cumulative_investment,
             physical_progress_percent = EXCLUDED.physical_progress_percent,
             physical_progress = EXCLUDED.physical_progress,
             problems = EXCLUDED.problems,
             submitted_by = EXCLUDED.submitted_by,
             corrections = ${this.table('dispatch_reports')}.corrections + 1`,
          [
            d.projectId,
            d.period,
            d.investmentInMonth,
            d.cumulativeInvestment,
            d.physicalProgressPercent,
            d.physicalProgress,
            d.problems,
            d.submittedBy,
            submitted?.dueOn ?? null,
            submitted?.submittedOn ?? null,
            submitted?.late ?? null,
          ],
        );
        // The register shows the latest period's cumulative figure.
        await tx.query(
          `UPDATE ${register} r SET (reported_cumulative, last_reported_period) = (
             SELECT cumulative_investment, period FROM ${this.table('dispatch_reports')}
             WHERE project_id = r.project_id ORDER BY period DESC LIMIT 1)
           WHERE r.project_id = $1`,
          [d.projectId],
        );
        return;
      }
      case 'DispatchReportOverdue':
        await set('overdue_periods = array_append(overdue_periods, $2)', [event.data.period]);
        return;
      default:
        assertNever(event);
    }
  }
}
