import { RecordedEvent } from '@ledger/event-store';
import { Projection, SqlExecutor, quoteIdentifier } from '@ledger/event-sourcing';
import { assertNever } from '@ledger/domain-kernel';
import { RISK_FLAG_EVENT_TYPES, RiskFlagEvent } from '../risk/domain/risk-flags';
import { AssessmentScored } from '../score/domain/scores';

type ViewEvent = RiskFlagEvent | AssessmentScored;

/**
 * Risk flags and scores, as supervisors query them. A flag's row shows what it was raised on
 * (`raised_*`) beside what its rule finds now (`severity`, `evidence`), and every step of
 * every flag (raised, each update, resolved) is a row of `risk_flag_steps`, under the id of
 * the event that raised the flag.
 */
export class AssessmentViewsProjection implements Projection {
  readonly name = 'assessment.views';
  /** 3: an open flag follows its rule (RiskFlagUpdated), and keeps its history step by step. */
  readonly version = 3;

  constructor(readonly schema: string) {}

  private table(name: string): string {
    return `${quoteIdentifier(this.schema)}.${name}`;
  }

  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('risk_flags')} (
      subject_kind text NOT NULL, subject text NOT NULL, project_id text, rule text NOT NULL, severity text NOT NULL, status text NOT NULL,
      raised_on date NOT NULL, updated_on date, resolved_on date, config_version text NOT NULL,
      raised_severity text NOT NULL, raised_evidence jsonb NOT NULL,
      evidence jsonb NOT NULL, resolution_evidence jsonb, raised_event uuid NOT NULL,
      PRIMARY KEY (subject_kind, subject, rule))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('risk_flag_steps')} (
      flag_id uuid NOT NULL, position bigint NOT NULL, event_id uuid NOT NULL, kind text NOT NULL,
      on_date date NOT NULL, severity text, config_version text NOT NULL, evidence jsonb NOT NULL,
      PRIMARY KEY (flag_id, position))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${this.table('scores')} (
      period text NOT NULL, unit_kind text NOT NULL, unit text NOT NULL, score int NOT NULL,
      breakdown jsonb NOT NULL, rubric_version text NOT NULL, as_of date NOT NULL,
      PRIMARY KEY (period, unit_kind, unit))`);
  }

  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS ${this.table('risk_flags')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('risk_flag_steps')}`);
    await tx.query(`DROP TABLE IF EXISTS ${this.table('scores')}`);
  }

  handles(eventType: string): boolean {
    return (
      eventType === 'AssessmentScored' ||
      (RISK_FLAG_EVENT_TYPES as readonly string[]).includes(eventType)
    );
  }

  /** One step of the flag `flagId`, at the event's place in the log. */
  private async step(
    tx: SqlExecutor,
    flagId: string,
    recorded: RecordedEvent,
    kind: 'raised' | 'updated' | 'resolved',
    data: { asOf: string; configVersion: string; evidence: object; severity?: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.table('risk_flag_steps')} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (flag_id, position) DO NOTHING`,
      [
        flagId,
        recorded.globalPosition.toString(),
        recorded.eventId,
        kind,
        data.asOf,
        data.severity ?? null,
        data.configVersion,
        JSON.stringify(data.evidence),
      ],
    );
  }

  async apply(tx: SqlExecutor, recorded: RecordedEvent): Promise<void> {
    const event = { type: recorded.type, data: recorded.data as unknown } as ViewEvent;
    switch (event.type) {
      case 'RiskFlagRaised':
      case 'RiskFlagUpdated': {
        const d = event.data;
        const key = [d.subjectKind, d.subject, d.rule];
        // The open flag this finding is about; a raise while one is open is an older stream's
        // change of severity (before RiskFlagUpdated existed), and follows the open flag too.
        const [open] = await tx.query<{ flag_id: string }>(
          `UPDATE ${this.table('risk_flags')} SET severity = $4, evidence = $5, updated_on = $6
           WHERE subject_kind = $1 AND subject = $2 AND rule = $3 AND status = 'open'
           RETURNING raised_event::text AS flag_id`,
          [...key, d.severity, JSON.stringify(d.evidence), d.asOf],
        );
        if (open) {
          await this.step(
            tx,
            open.flag_id,
            recorded,
            event.type === 'RiskFlagRaised' ? 'raised' : 'updated',
            d,
          );
          return;
        }
        // An update with no open flag has nothing to follow (a stream never records one).
        if (event.type === 'RiskFlagUpdated') return;
        await tx.query(
          `INSERT INTO ${this.table('risk_flags')} (subject_kind, subject, project_id, rule, severity,
             status, raised_on, config_version, raised_severity, raised_evidence, evidence, raised_event)
           VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $5, $8, $8, $9)
           ON CONFLICT (subject_kind, subject, rule) DO UPDATE SET severity = EXCLUDED.severity, status = 'open',
             raised_on = EXCLUDED.raised_on, updated_on = NULL, resolved_on = NULL,
             config_version = EXCLUDED.config_version, raised_severity = EXCLUDED.raised_severity,
             raised_evidence = EXCLUDED.raised_evidence, evidence = EXCLUDED.evidence,
             resolution_evidence = NULL, raised_event = EXCLUDED.raised_event`,
          [
            d.subjectKind,
            d.subject,
            d.projectId,
            d.rule,
            d.severity,
            d.asOf,
            d.configVersion,
            JSON.stringify(d.evidence),
            recorded.eventId,
          ],
        );
        await this.step(tx, recorded.eventId, recorded, 'raised', d);
        return;
      }
      case 'RiskFlagResolved': {
        const d = event.data;
        const [resolved] = await tx.query<{ flag_id: string }>(
          `UPDATE ${this.table('risk_flags')} SET status = 'resolved', resolved_on = $4, resolution_evidence = $5
           WHERE subject_kind = $1 AND subject = $2 AND rule = $3 AND status = 'open'
           RETURNING raised_event::text AS flag_id`,
          [d.subjectKind, d.subject, d.rule, d.asOf, JSON.stringify(d.evidence)],
        );
        if (resolved) await this.step(tx, resolved.flag_id, recorded, 'resolved', d);
        return;
      }
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
