import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { ReadEvent, tolerantReader } from '@ledger/contracts';
import { assertNever } from '@ledger/domain-kernel';

/**
 * The register's view: one row per problem, as its last step left it, and the units a problem
 * may be raised by or assigned to (the plan's departments and regions, from planning's
 * events). The project's network and regions are joined from the project register at read
 * time, so this view needs no project first (and no prerequisite on a Kafka feed: a
 * problem's own events travel in order on one key).
 */
export class ProblemRegisterProjection implements Projection {
  readonly name = 'reporting.problem-register';
  readonly version = 1;

  constructor(readonly schema: string) {}

  table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('problems')} (
      problem_id text PRIMARY KEY,
      project_id text NOT NULL,
      kind text NOT NULL,
      description text NOT NULL,
      raised_by text NOT NULL,
      raised_on date NOT NULL,
      status text NOT NULL,
      escalated_to text,
      escalated_on date,
      department_code text,
      due_on date,
      assigned_on date,
      answer text,
      answered_by text,
      answered_on date,
      late boolean,
      resolution text,
      closed_on date,
      event_ids text[] NOT NULL)`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS problems_project_idx ON ${this.table('problems')} (project_id)`,
    );
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('problem_units')} (
      code text PRIMARY KEY, kind text NOT NULL, name_zh text NOT NULL)`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    for (const table of ['problems', 'problem_units']) {
      await tx.query(`DROP TABLE IF EXISTS ${this.table(table)}`);
    }
  }

  handles(eventType: string): boolean {
    return problemRegisterReader.reads(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ProblemRegisterEvent;
    const problems = this.table('problems');
    switch (event.type) {
      case 'DepartmentRegistered':
      case 'RegionRegistered':
        await tx.query(
          `INSERT INTO ${this.table('problem_units')} (code, kind, name_zh) VALUES ($1, $2, $3)
           ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name_zh = EXCLUDED.name_zh`,
          [
            event.data.code,
            event.type === 'DepartmentRegistered' ? 'department' : 'region',
            event.data.nameZh,
          ],
        );
        return;
      case 'ProblemRaised': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${problems} (problem_id, project_id, kind, description, raised_by, raised_on,
             status, event_ids)
           VALUES ($1, $2, $3, $4, $5, $6, 'raised', ARRAY[$7])
           ON CONFLICT (problem_id) DO NOTHING`,
          [
            d.problemId,
            d.projectId,
            d.kind,
            d.description,
            d.raisedBy,
            d.raisedOn,
            recorded.eventId,
          ],
        );
        return;
      }
      case 'ProblemEscalated':
        await tx.query(
          `UPDATE ${problems} SET escalated_to = $2, escalated_on = $3,
             status = CASE WHEN status = 'raised' THEN 'escalated' ELSE status END,
             event_ids = event_ids || $4::text
           WHERE problem_id = $1`,
          [event.data.problemId, event.data.to, event.data.escalatedOn, recorded.eventId],
        );
        return;
      case 'ProblemAssigned':
        await tx.query(
          `UPDATE ${problems} SET department_code = $2, due_on = $3, assigned_on = $4,
             status = 'assigned', event_ids = event_ids || $5::text
           WHERE problem_id = $1`,
          [
            event.data.problemId,
            event.data.departmentCode,
            event.data.dueOn,
            event.data.assignedOn,
            recorded.eventId,
          ],
        );
        return;
      case 'ProblemAnswered':
        await tx.query(
          `UPDATE ${problems} SET answer = $2, answered_by = $3, answered_on = $4, late = $5,
             status = 'answered', event_ids = event_ids || $6::text
           WHERE problem_id = $1`,
          [
            event.data.problemId,
            event.data.answer,
            event.data.answeredBy,
            event.data.answeredOn,
            event.data.late,
            recorded.eventId,
          ],
        );
        return;
      case 'ProblemClosed':
        await tx.query(
          `UPDATE ${problems} SET resolution = $2, closed_on = $3, status = 'closed',
             event_ids = event_ids || $4::text
           WHERE problem_id = $1`,
          [event.data.problemId, event.data.resolution, event.data.closedOn, recorded.eventId],
        );
        return;
      default:
        assertNever(event);
    }
  }
}

/** What the register reads: its own problem events, and the plan's units from planning. */
export const problemRegisterReader = tolerantReader([
  'DepartmentRegistered',
  'RegionRegistered',
  'ProblemRaised',
  'ProblemEscalated',
  'ProblemAssigned',
  'ProblemAnswered',
  'ProblemClosed',
]);
export type ProblemRegisterEvent = ReadEvent<(typeof problemRegisterReader.types)[number]>;
