import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import {
  CircularIssued,
  ProblemAnswered,
  ProblemAssigned,
  ProblemClosed,
  ProblemEscalated,
  ProblemRaised,
  SummonsRecorded,
} from '@ledger/contracts';

/** The fields this projection reads of other services' events (a tolerant reader: no more). */
type ReadEvent =
  | SummonsRecorded
  | CircularIssued
  | { type: 'AssessmentScored'; data: { period: string; unitKind: string; unit: string } }
  | { type: 'DispatchReportOverdue'; data: { projectId: string; period: string } }
  | { type: 'RegionRegistered' | 'DepartmentRegistered'; data: { code: string; nameZh: string } }
  | { type: 'NetworkDefined'; data: { code: string; nameZh: string } }
  // Reporting's problem register (要素保障): the dates the month's figures count by. Every
  // step carries its projectId, so a step read before the problem's raising still keys a row.
  | {
      type: 'ProblemRaised';
      data: Pick<ProblemRaised['data'], 'problemId' | 'projectId' | 'raisedOn'>;
    }
  | {
      type: 'ProblemEscalated';
      data: Pick<ProblemEscalated['data'], 'problemId' | 'projectId' | 'escalatedOn'>;
    }
  | {
      type: 'ProblemAssigned';
      data: Pick<ProblemAssigned['data'], 'problemId' | 'projectId' | 'dueOn' | 'assignedOn'>;
    }
  | {
      type: 'ProblemAnswered';
      data: Pick<ProblemAnswered['data'], 'problemId' | 'projectId' | 'answeredOn'>;
    }
  | {
      type: 'ProblemClosed';
      data: Pick<ProblemClosed['data'], 'problemId' | 'projectId' | 'closedOn'>;
    };

const READS: ReadonlySet<string> = new Set<ReadEvent['type']>([
  'SummonsRecorded',
  'CircularIssued',
  'AssessmentScored',
  'DispatchReportOverdue',
  'RegionRegistered',
  'DepartmentRegistered',
  'NetworkDefined',
  'ProblemRaised',
  'ProblemEscalated',
  'ProblemAssigned',
  'ProblemAnswered',
  'ProblemClosed',
]);

/**
 * Summonses and circulars as the office lists them, and what the month's circular counts
 * beside the risk views: which event recorded each unit's latest score of a period, each
 * overdue dispatch report (reporting's DispatchReportOverdue), and the plan's unit names
 * (so the document a person opens says 长春市, not changchun), and each problem of the
 * register by the dates of its steps, with the ids of the events that set them. Every row
 * keeps its event's id and global position: the circular cites them.
 *
 * Version 2 added the problems: a rebuild reads the problem events already recorded.
 */
export class SupervisionProjection implements Projection {
  readonly name = 'assessment.supervision';
  readonly version = 2;

  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_summonses')} (
      summons_id text PRIMARY KEY, project_id text, unit_code text NOT NULL, reason text NOT NULL,
      flag_ids jsonb NOT NULL, score_refs jsonb NOT NULL, held_on date NOT NULL,
      event_id uuid NOT NULL, position bigint NOT NULL)`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_circulars')} (
      month text PRIMARY KEY, circular_id text NOT NULL, issued_on date NOT NULL,
      named_units jsonb NOT NULL, figures jsonb NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL)`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_score_events')} (
      period text NOT NULL, unit_kind text NOT NULL, unit text NOT NULL,
      event_id uuid NOT NULL, position bigint NOT NULL, PRIMARY KEY (period, unit_kind, unit))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_overdue_reports')} (
      project_id text NOT NULL, period text NOT NULL, event_id uuid NOT NULL, position bigint NOT NULL,
      PRIMARY KEY (project_id, period))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_unit_names')} (
      kind text NOT NULL, code text NOT NULL, name_zh text NOT NULL, PRIMARY KEY (kind, code))`);
    // As reporting's register keeps a problem: its last assignment wins (a reassignment
    // before the answer replaces department, due date and assignment date).
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('supervision_problems')} (
      problem_id text PRIMARY KEY, project_id text NOT NULL,
      raised_on date, raised_event uuid, escalated_on date,
      assigned_on date, due_on date, assigned_event uuid,
      answered_on date, closed_on date, closed_event uuid)`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    for (const name of [
      'supervision_summonses',
      'supervision_circulars',
      'supervision_score_events',
      'supervision_overdue_reports',
      'supervision_unit_names',
      'supervision_problems',
    ]) {
      await tx.query(`DROP TABLE IF EXISTS ${this.table(name)}`);
    }
  }

  handles(eventType: string): boolean {
    return READS.has(eventType);
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data as unknown } as ReadEvent;
    const at = [recorded.eventId, recorded.globalPosition.toString()];
    switch (event.type) {
      case 'SummonsRecorded': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('supervision_summonses')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (summons_id) DO NOTHING`,
          [
            d.summonsId,
            d.projectId,
            d.unitCode,
            d.reason,
            JSON.stringify(d.flagIds),
            JSON.stringify(d.scoreRefs),
            d.heldOn,
            ...at,
          ],
        );
        return;
      }
      case 'CircularIssued': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('supervision_circulars')} VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (month) DO NOTHING`,
          [
            d.month,
            d.circularId,
            d.issuedOn,
            JSON.stringify(d.namedUnits),
            JSON.stringify(d.figures),
            ...at,
          ],
        );
        return;
      }
      case 'AssessmentScored': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('supervision_score_events')} VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (period, unit_kind, unit) DO UPDATE SET event_id = EXCLUDED.event_id, position = EXCLUDED.position`,
          [d.period, d.unitKind, d.unit, ...at],
        );
        return;
      }
      case 'DispatchReportOverdue': {
        const d = event.data;
        // The reporting decider records a month overdue at most once; a replay changes nothing.
        await tx.query(
          `INSERT INTO ${this.table('supervision_overdue_reports')} VALUES ($1, $2, $3, $4)
           ON CONFLICT (project_id, period) DO NOTHING`,
          [d.projectId, d.period, ...at],
        );
        return;
      }
      case 'RegionRegistered':
      case 'DepartmentRegistered':
      case 'NetworkDefined': {
        const kind =
          event.type === 'RegionRegistered'
            ? 'region'
            : event.type === 'DepartmentRegistered'
              ? 'department'
              : 'network';
        await tx.query(
          `INSERT INTO ${this.table('supervision_unit_names')} VALUES ($1, $2, $3)
           ON CONFLICT (kind, code) DO UPDATE SET name_zh = EXCLUDED.name_zh`,
          [kind, event.data.code, event.data.nameZh],
        );
        return;
      }
      case 'ProblemRaised':
      case 'ProblemEscalated':
      case 'ProblemAssigned':
      case 'ProblemAnswered':
      case 'ProblemClosed': {
        const [columns, values] = problemStep(event, recorded.eventId);
        const set = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
        await tx.query(
          `INSERT INTO ${this.table('supervision_problems')} (problem_id, project_id, ${columns.join(', ')})
           VALUES ($1, $2, ${columns.map((_, i) => `$${i + 3}`).join(', ')})
           ON CONFLICT (problem_id) DO UPDATE SET ${set}`,
          [event.data.problemId, event.data.projectId, ...values],
        );
        return;
      }
      default:
        assertNever(event);
    }
  }
}

type ProblemStep = Extract<ReadEvent, { type: `Problem${string}` }>;

/** The columns a problem's step sets, and their values. */
function problemStep(event: ProblemStep, eventId: string): [string[], string[]] {
  switch (event.type) {
    case 'ProblemRaised':
      return [
        ['raised_on', 'raised_event'],
        [event.data.raisedOn, eventId],
      ];
    case 'ProblemEscalated':
      return [['escalated_on'], [event.data.escalatedOn]];
    case 'ProblemAssigned':
      return [
        ['assigned_on', 'due_on', 'assigned_event'],
        [event.data.assignedOn, event.data.dueOn, eventId],
      ];
    case 'ProblemAnswered':
      return [['answered_on'], [event.data.answeredOn]];
    case 'ProblemClosed':
      return [
        ['closed_on', 'closed_event'],
        [event.data.closedOn, eventId],
      ];
    default:
      return assertNever(event);
  }
}
