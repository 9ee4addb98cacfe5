import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { tolerantReader, ReadEvent } from '@ledger/contracts';

const reader = tolerantReader(['NationalProjectCodeAssigned', 'PreConstructionApprovalRecorded']);
type ApprovalEvent = ReadEvent<(typeof reader.types)[number]>;

/**
 * Each project's national project code and its pre-construction approvals, as recorded.
 * Which steps are still missing is not stored: it is the rule of
 * @ledger/contracts/planning/pre-construction-approvals applied to the project as read.
 */
export class PreConstructionApprovalsProjection implements Projection {
  readonly name = 'planning.pre-construction-approvals';
  readonly version = 1;

  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('national_project_codes')} (
      project_id text PRIMARY KEY,
      code text NOT NULL,
      assigned_on date NOT NULL,
      event_id text NOT NULL)`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS national_project_codes_code_idx ON ${this.table('national_project_codes')} (code)`,
    );
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('pre_construction_approvals')} (
      project_id text NOT NULL,
      step text NOT NULL,
      issued_on date NOT NULL,
      issuing_body text NOT NULL,
      document_number text NOT NULL,
      event_id text NOT NULL,
      recorded_at bigint NOT NULL,
      PRIMARY KEY (project_id, step))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table('pre_construction_approvals')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('national_project_codes')}`);
  }

  handles(eventType: string): boolean {
    return reader.reads(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ApprovalEvent;
    switch (event.type) {
      case 'NationalProjectCodeAssigned': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('national_project_codes')} VALUES ($1, $2, $3, $4)
           ON CONFLICT (project_id) DO NOTHING`,
          [d.projectId, d.code, d.assignedOn, recorded.eventId],
        );
        return;
      }
      case 'PreConstructionApprovalRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('pre_construction_approvals')} VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (project_id, step) DO NOTHING`,
          [
            d.projectId,
            d.step,
            d.issuedOn,
            d.issuingBody,
            d.documentNumber,
            recorded.eventId,
            recorded.globalPosition.toString(),
          ],
        );
        return;
      }
      default:
        assertNever(event);
    }
  }
}

export interface ApprovalRow {
  project_id: string;
  step: string;
  issued_on: string;
  issuing_body: string;
  document_number: string;
  event_id: string;
}

export interface CodeRow {
  project_id: string;
  code: string;
  assigned_on: string;
}

export class PreConstructionApprovalQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly schema: string,
  ) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async codesOf(projectIds: readonly string[]): Promise<Map<string, CodeRow>> {
    const rows = await this.db.query<CodeRow>(
      `SELECT project_id, code, to_char(assigned_on, 'YYYY-MM-DD') AS assigned_on
         FROM ${this.table('national_project_codes')} WHERE project_id = ANY ($1::text[])`,
      [[...projectIds]],
    );
    return new Map(rows.map((r) => [r.project_id, r]));
  }

  /** The project that already holds this code, if any (a code names one project). */
  async holderOf(code: string): Promise<string | null> {
    const rows = await this.db.query<{ project_id: string }>(
      `SELECT project_id FROM ${this.table('national_project_codes')} WHERE code = $1 LIMIT 1`,
      [code],
    );
    return rows[0]?.project_id ?? null;
  }

  async approvalsOf(projectIds: readonly string[]): Promise<Map<string, ApprovalRow[]>> {
    const rows = await this.db.query<ApprovalRow>(
      `SELECT project_id, step, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issuing_body,
              document_number, event_id
         FROM ${this.table('pre_construction_approvals')}
        WHERE project_id = ANY ($1::text[]) ORDER BY issued_on, recorded_at`,
      [[...projectIds]],
    );
    const byProject = new Map<string, ApprovalRow[]>();
    for (const row of rows) {
      byProject.set(row.project_id, [...(byProject.get(row.project_id) ?? []), row]);
    }
    return byProject;
  }
}
