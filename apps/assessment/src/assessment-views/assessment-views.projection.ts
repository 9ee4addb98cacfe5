import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { RISK_FLAG_EVENT_TYPES, RiskFlagEvent } from '../risk/domain/risk-flags';
import { AssessmentScored } from '../score/domain/scores';

type ViewEvent = RiskFlagEvent | AssessmentScored;

/** Risk flags (open and resolved, with their evidence) and scores, as supervisors query them. */
export class AssessmentViewsProjection implements Projection {
  readonly name = 'assessment.views';
  /** 2: flags are about a subject (a project, a network or a region). */
  readonly version = 2;

  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('risk_flags')} (
      subject_kind text NOT NULL, subject text NOT NULL, project_id text, rule text NOT NULL, severity text NOT NULL, status text NOT NULL,
      raised_on date NOT NULL, resolved_on date, config_version text NOT NULL,
      evidence jsonb NOT NULL, resolution_evidence jsonb, raised_event uuid NOT NULL,
      PRIMARY KEY (subject_kind, subject, rule))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('scores')} (
      period text NOT NULL, unit_kind text NOT NULL, unit text NOT NULL, score int NOT NULL,
      breakdown jsonb NOT NULL, rubric_version text NOT NULL, as_of date NOT NULL,
      PRIMARY KEY (period, unit_kind, unit))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table('risk_flags')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('scores')}`);
  }

  handles(eventType: string): boolean {
    return (
      eventType === 'AssessmentScored' ||
      (RISK_FLAG_EVENT_TYPES as readonly string[]).includes(eventType)
    );
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data as unknown } as ViewEvent;
    switch (event.type) {
      case 'RiskFlagRaised': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('risk_flags')} (subject_kind, subject, project_id, rule, severity,
             status, raised_on, config_version, evidence, raised_event)
           VALUES ($8, $9, $1, $2, $3, 'open', $4, $5, $6, $7)
           ON CONFLICT (subject_kind, subject, rule) DO UPDATE SET severity = EXCLUDED.severity, status = 'open',
             raised_on = EXCLUDED.raised_on, resolved_on = NULL, config_version = EXCLUDED.config_version,
             evidence = EXCLUDED.evidence, resolution_evidence = NULL, raised_event = EXCLUDED.raised_event`,
          [
            d.projectId,
            d.rule,
            d.severity,
            d.asOf,
            d.configVersion,
            JSON.stringify(d.evidence),
            recorded.eventId,
            d.subjectKind,
            d.subject,
          ],
        );
        return;
      }
      case 'RiskFlagResolved':
        await tx.query(
          `UPDATE ${this.table('risk_flags')} SET status = 'resolved', resolved_on = $3, resolution_evidence = $4
           WHERE subject_kind = $5 AND subject = $1 AND rule = $2`,
          [
            event.data.subject,
            event.data.rule,
            event.data.asOf,
            JSON.stringify(event.data.evidence),
            event.data.subjectKind,
          ],
        );
        return;
      case 'AssessmentScored': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${this.table('scores')} VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (period, unit_kind, unit) DO UPDATE SET score = EXCLUDED.score,
             breakdown = EXCLUDED.breakdown, rubric_version = EXCLUDED.rubric_version, as_of = EXCLUDED.as_of`,
          [
            d.period,
            d.unitKind,
            d.unit,
            d.score,
            JSON.stringify(d.breakdown),
            d.rubricVersion,
            d.asOf,
          ],
        );
        return;
      }
      default:
        assertNever(event);
    }
  }
}
