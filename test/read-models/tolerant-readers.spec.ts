import { PGlite } from '@electric-sql/pglite';
import { PgliteEventStore } from '@ledger/event-store';
import { ProjectionRunner, SqlDatabase, pgliteDatabase } from '@ledger/event-sourcing';
import { assessmentProjections } from '../../apps/assessment/src/assessment.projections';
import { reportingProjections } from '../../apps/reporting/src/reporting.projections';
import { loadPrcCalendar } from '../../apps/reporting/src/calendar/working-calendar';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

/**
 * Planning publishes a type its readers have never heard of (as when planning's contract
 * gains one before reporting and assessment are redeployed). Their read models must build
 * and give the very answers they give without it.
 */
const NEWER_PLANNING_EVENT = 'ProjectSiteSurveyed';

const calendar = loadPrcCalendar();
const programme = [
  ...syntheticProgramme({
    projects: 40,
    months: 18,
    disbursementsPerMonth: 1,
    seed: 12,
    dueOn: (p) => calendar.dispatchReportDueDate(Number(p.slice(0, 4)), Number(p.slice(5, 7))),
  }),
];

async function storeWith(
  newerEvents: boolean,
): Promise<{ store: PgliteEventStore; db: SqlDatabase }> {
  const pglite = await PGlite.create();
  const store = await PgliteEventStore.open({ db: pglite });
  for (const stream of programme) {
    const events = stream.events.flatMap((e, i) => {
      const event = {
        type: e.type as string,
        data: e.data as never,
        metadata: { actor: 'synthetic:generator' },
      };
      if (!newerEvents || i % 7 !== 1) return [event];
      const projectId = (e.data as { projectId: string }).projectId;
      const survey = {
        type: NEWER_PLANNING_EVENT,
        data: { projectId, surveyedOn: '2021-03-01', surveyor: '吉林省勘察设计研究院' } as never,
        metadata: { actor: 'planning_office:test' },
      };
      return [event, survey];
    });
    await store.appendToStream(stream.streamId, events);
  }
  return { store, db: pgliteDatabase(pglite) };
}

/** Every row of every table each service's projections keep, in a stable order. */
async function readModels(
  store: PgliteEventStore,
  db: SqlDatabase,
): Promise<Record<string, unknown[]>> {
  const head = (await store.headPosition()) ?? 0n;
  const sets = [
    { schema: 'reporting', projections: reportingProjections.build('reporting') },
    { schema: 'assessment', projections: assessmentProjections.build('assessment') },
  ];
  const dump: Record<string, unknown[]> = {};
  for (const { schema, projections } of sets) {
    for (const projection of projections) {
      const runner = new ProjectionRunner(store, db, projection);
      await runner.start();
      await runner.catchUpTo(head);
      await runner.stop();
    }
    const tables = await db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'read_model_checkpoints' ORDER BY 1`,
      [schema],
    );
    for (const { tablename } of tables) {
      dump[`${schema}.${tablename}`] = await db.query(
        `SELECT to_jsonb(t) AS row FROM ${schema}.${tablename} t ORDER BY to_jsonb(t)::text`,
      );
    }
  }
  return dump;
}

describe('tolerant readers: a planning event type the readers do not know', () => {
  it('leaves reporting and assessment read models exactly as they are without it', async () => {
    const plain = await storeWith(false);
    const newer = await storeWith(true);
    try {
      const surveys = (await newer.store.readAll({ maxCount: 10_000 })).filter(
        (e) => e.type === NEWER_PLANNING_EVENT,
      );
      expect(surveys.length).toBeGreaterThan(40);
      const expected = await readModels(plain.store, plain.db);
      expect(Object.keys(expected)).toEqual(
        expect.arrayContaining(['reporting.project_register', 'assessment.project_facts']),
      );
      expect((expected['reporting.project_register'] ?? []).length).toBeGreaterThanOrEqual(40);
      // Evidence cites event ids, which differ between the two stores: compare without them.
      const withoutIds = (dump: Record<string, unknown[]>) =>
        JSON.parse(
          JSON.stringify(dump).replace(
            /"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/g,
            '"id"',
          ),
        ) as unknown;
      expect(withoutIds(await readModels(newer.store, newer.db))).toEqual(withoutIds(expected));
    } finally {
      await plain.store.close();
      await newer.store.close();
    }
  }, 120_000);
});
