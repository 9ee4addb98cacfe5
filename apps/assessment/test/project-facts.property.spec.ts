import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { RecordedEvent } from '@ledger/event-store';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { syntheticProgramme } from '../../../seeds/synthetic/synthetic-programme';
import { ProjectFactsProjection } from '../src/read-models/project-facts.projection';
import { FactsEvent, ProjectFacts, evolveFacts } from '../src/risk/domain/project-facts';

/**
 * A rebuilt assessment equals the live one: whatever batches the log arrives in (one event
 * at a time live, thousands at a time in a rebuild), the stored facts equal a plain fold.
 */
describe('assessment facts: any batching of the log gives the same facts (property)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db.close();
  });

  // A small SYNTHETIC programme (generated, marked synthetic): 8 projects, 6 months.
  const events: RecordedEvent[] = [
    ...syntheticProgramme({
      projects: 8,
      months: 6,
      disbursementsPerMonth: 1,
      seed: 3,
      dueOn: (p) => `${p}-10`,
    }),
  ]
    .flatMap((stream) => stream.events)
    .map((e, i) => ({
      eventId: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}` as never,
      type: e.type,
      data: e.data as never,
      streamId: 's' as never,
      streamVersion: BigInt(i),
      globalPosition: BigInt(i + 1),
      recordedAt: new Date(0),
      metadata: { actor: 'synthetic', correlationId: null, causationId: null, validAt: null },
    }));
  const expected = new Map<string, ProjectFacts | undefined>();
  for (const e of events) {
    const event = { type: e.type, data: e.data } as FactsEvent;
    expected.set(
      event.data.projectId,
      evolveFacts(expected.get(event.data.projectId), event, e.eventId),
    );
  }

  it('equals the fold for random batch boundaries', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 30 }),
        async (cuts) => {
          const schema = `facts_${++run}`;
          const projection = new ProjectFactsProjection(schema);
          const sql = pgliteDatabase(db);
          await sql.transaction((tx) => projection.setup(tx));
          for (let at = 0, c = 0; at < events.length; c++) {
            const size = cuts[c % cuts.length]!;
            await sql.transaction((tx) => projection.applyBatch(tx, events.slice(at, at + size)));
            at += size;
          }
          const rows = await db.query<{ project_id: string; facts: ProjectFacts }>(
            `SELECT project_id, facts FROM ${schema}.project_facts ORDER BY project_id`,
          );
          expect(Object.fromEntries(rows.rows.map((r) => [r.project_id, r.facts]))).toEqual(
            Object.fromEntries([...expected.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
