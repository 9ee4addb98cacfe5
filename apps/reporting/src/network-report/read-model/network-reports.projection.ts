import { RecordedEvent } from '@ledger/event-store';
import { assertNever } from '@ledger/domain-kernel';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { NETWORK_REPORT_EVENT_TYPES } from '@ledger/contracts/reporting/network-report.events';
import { NetworkReportEvent } from '../domain/network-report.decider';

const HANDLED: ReadonlySet<string> = new Set(NETWORK_REPORT_EVENT_TYPES);

/**
 * One row per network, kind and period that has a report or an overdue record: what the
 * deadlines view sets beside the periods the calendar says were due. Reporting's own events
 * only, so it needs no prerequisite (every event's stream is its own entity).
 */
export class NetworkReportsProjection implements Projection {
  readonly name = 'reporting.network-reports';
  readonly version = 1;

  constructor(readonly schema: string) {}

  table(): string {
    return `${quoteIdentifier(this.schema)}.network_reports`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    // Dates as YYYY-MM-DD text: what the events carry and GraphQL shows, no time zone between.
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table()} (
      network_code text NOT NULL,
      kind text NOT NULL,
      period text NOT NULL,
      due_on text NOT NULL,
      submitted_on text,
      late boolean,
      submitted_by text,
      summary text,
      overdue_recorded_on text,
      PRIMARY KEY (network_code, kind, period))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table()}`);
  }

  handles(eventType: string): boolean {
    return HANDLED.has(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as NetworkReportEvent;
    switch (event.type) {
      case 'NetworkReportSubmitted': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table()} (network_code, kind, period, due_on, submitted_on, late,
             submitted_by, summary)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (network_code, kind, period) DO UPDATE SET due_on = EXCLUDED.due_on,
             submitted_on = EXCLUDED.submitted_on, late = EXCLUDED.late,
             submitted_by = EXCLUDED.submitted_by, summary = EXCLUDED.summary`,
          [
            d.networkCode,
            d.kind,
            d.period,
            d.dueOn,
            d.submittedOn,
            d.late,
            d.submittedBy,
            d.summary,
          ],
        );
        return;
      }
      case 'NetworkReportOverdue': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table()} (network_code, kind, period, due_on, overdue_recorded_on)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (network_code, kind, period) DO UPDATE
             SET overdue_recorded_on = EXCLUDED.overdue_recorded_on`,
          [d.networkCode, d.kind, d.period, d.dueOn, d.recordedOn],
        );
        return;
      }
      default:
        // `handles` lets in only the types above.
        return assertNever(event);
    }
  }
}

export interface NetworkReportRow {
  network_code: string;
  kind: string;
  period: string;
  due_on: string;
  submitted_on: string | null;
  late: boolean | null;
  submitted_by: string | null;
  summary: string | null;
  overdue_recorded_on: string | null;
}

/** Reads of the network reports table. */
export class NetworkReportQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  private table(): string {
    return `${quoteIdentifier(this.schema)}.network_reports`;
  }

  list(filter: {
    networkCodes?: readonly string[] | null;
    kind?: string | null;
  }): Promise<NetworkReportRow[]> {
    return this.db.query<NetworkReportRow>(
      `SELECT network_code, kind, period, due_on, submitted_on, late, submitted_by, summary,
              overdue_recorded_on
         FROM ${this.table()}
        WHERE ($1::text[] IS NULL OR network_code = ANY($1::text[]))
          AND ($2::text IS NULL OR kind = $2::text)
        ORDER BY network_code, kind, period`,
      [filter.networkCodes ?? null, filter.kind ?? null],
    );
  }
}
