import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { asRecorded } from '@ledger/testing';
import { AssessmentViewsProjection } from '../src/assessment-views/assessment-views.projection';
import { RiskFlagEvent } from '../src/risk/domain/risk-flags';

const about = {
  subjectKind: 'project' as const,
  subject: 'p-1',
  projectId: 'p-1',
  rule: 'behind-schedule' as const,
  configVersion: '2026.1',
};
const evidence = (spiPercent: string) => ({ figures: { spiPercent }, eventIds: ['e-report'] });
const raised = (severity: 'amber' | 'red', spi: string, asOf: string): RiskFlagEvent => ({
  type: 'RiskFlagRaised',
  data: { ...about, severity, asOf, evidence: evidence(spi) },
});

/**
 * The flags view over a stream recorded before RiskFlagUpdated existed, then one recorded
 * today: a raise while the flag is open changes the open flag (as an update would), and a
 * flag's steps stay under the flag they belong to after it is resolved and raised anew.
 */
describe('assessment views: a flag and its steps', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps what a flag was raised on, follows it while open, and lists every step', async () => {
    const events = asRecorded(
      [
        raised('amber', '85.00', '2021-07-05'),
        // Before RiskFlagUpdated: the severity changed, and the flag was raised again.
        raised('red', '60.00', '2021-08-04'),
        {
          type: 'RiskFlagResolved',
          data: { ...about, asOf: '2021-09-03', evidence: evidence('100.00') },
        },
        raised('amber', '88.00', '2021-11-03'),
        {
          type: 'RiskFlagUpdated',
          data: {
            ...about,
            severity: 'red',
            previousSeverity: 'amber',
            asOf: '2021-12-03',
            evidence: evidence('65.00'),
          },
        },
      ].map((e) => ({ ...e, streamId: 'risk-flags-p-1' })),
    );
    const projection = new AssessmentViewsProjection('views');
    const sql = pgliteDatabase(db);
    await sql.transaction((tx) => projection.setup(tx));
    for (const event of events) await sql.transaction((tx) => projection.apply(tx, event));

    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT raised_event::text AS flag_id, severity, status, raised_on::text AS raised_on,
         updated_on::text AS updated_on, raised_severity, raised_evidence, evidence
       FROM views.risk_flags`,
    );
    expect(rows).toEqual([
      {
        flag_id: events[3]!.eventId,
        severity: 'red',
        status: 'open',
        raised_on: '2021-11-03',
        updated_on: '2021-12-03',
        raised_severity: 'amber',
        raised_evidence: evidence('88.00'),
        evidence: evidence('65.00'),
      },
    ]);
    const steps = await db.query<{
      flag_id: string;
      kind: string;
      severity: string | null;
      spi: string;
    }>(
      `SELECT flag_id::text AS flag_id, kind, severity, evidence->'figures'->>'spiPercent' AS spi
       FROM views.risk_flag_steps ORDER BY position`,
    );
    expect(steps.rows).toEqual([
      { flag_id: events[0]!.eventId, kind: 'raised', severity: 'amber', spi: '85.00' },
      { flag_id: events[0]!.eventId, kind: 'raised', severity: 'red', spi: '60.00' },
      { flag_id: events[0]!.eventId, kind: 'resolved', severity: null, spi: '100.00' },
      { flag_id: events[3]!.eventId, kind: 'raised', severity: 'amber', spi: '88.00' },
      { flag_id: events[3]!.eventId, kind: 'updated', severity: 'red', spi: '65.00' },
    ]);
  });
});
