import fc from 'fast-check';
import { PGlite } from '@electric-sql/pglite';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { asRecorded } from '@ledger/testing';
import { syntheticProgramme } from '../../../seeds/synthetic/synthetic-programme';
import { ProjectFactsProjection } from '../src/project-facts/project-facts.projection';
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

  // A small SYNTHETIC programme (generated, marked synthetic): 8 projects, 6 months. Its
  // streams are interleaved round-robin, as concurrent projects would fill the log, so a
  // batch holds parts of several projects and a project spans many batches.
  const streams = [
    ...syntheticProgramme({
      projects: 8,
      months: 6,
      disbursementsPerMonth: 1,
      seed: 3,
      dueOn: (p) => `${p}-10`,
    }),
  ];
  const interleaved: Array<{ type: string; data: object; streamId: string }> = [];
  for (let at = 0; interleaved.length < streams.reduce((n, s) => n + s.events.length, 0); at++) {
    for (const stream of streams) {
      const event = stream.events[at];
      if (event) interleaved.push({ ...event, streamId: stream.streamId });
    }
  }
  const events = asRecorded(interleaved);
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
