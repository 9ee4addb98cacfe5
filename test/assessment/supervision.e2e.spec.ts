import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { asStoreRunner } from '@ledger/event-sourcing';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { FixedClock, LocalDate } from '@ledger/domain-kernel';
import { OverdueWatcher } from '../../apps/reporting/src/reactions/record-overdue-reports';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { footnotesOf, paragraphsOf, readZipEntry, tablesOf } from '../support/docx-reader';
import { appendedSince } from '../support/appended-since';

let n = 0;
const key = (label: string): string => `supervision-e2e-${label}-${process.pid}-${++n}`;

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Figure {
  key: string;
  value: string;
  eventIds: string[];
}
interface CircularView {
  circularId: string;
  month: string;
  issuedOn: string;
  namedUnits: Array<{ unitCode: string; reason: string; flagIds: string[] }>;
  figures: Figure[];
  eventId: string;
}
interface FlagView {
  flagId: string;
  projectId: string | null;
  rule: string;
  severity: string;
  status: string;
}

type ProblemCounts = Record<
  'problemsRaised' | 'problemsClosed' | 'problemsOpen' | 'problemsOverdue',
  number
>;
const PROBLEM_FIGURES: ReadonlyArray<[string, keyof ProblemCounts]> = [
  ['problems.raised', 'problemsRaised'],
  ['problems.closed', 'problemsClosed'],
  ['problems.open', 'problemsOpen'],
  ['problems.overdue', 'problemsOverdue'],
];

const CIRCULAR_FIELDS = `circularId month issuedOn namedUnits { unitCode reason flagIds }
  figures { key value eventIds } eventId`;

describe('supervision over GraphQL: a red flag, a summons from it, the month’s 通报 as a Word document', () => {
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  let store: EventStore;
  const projectId = `heating-supervision-${process.pid}`;
  const quietId = `${projectId}-quiet`;
  const ok = async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    as: Record<string, unknown> = {},
  ): Promise<T> => {
    const response = await running.graphql<T>(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const command = (query: string, input: Record<string, unknown>) =>
    ok(
      query,
      { input },
      /DispatchReport/.test(query) ? { role: 'region', region: 'changchun' } : {},
    );
  const redFlags = async (filter = ''): Promise<FlagView[]> =>
    (
      await ok<{ riskFlags: FlagView[] }>(
        `{ riskFlags(filter: { severity: "red", status: "open" ${filter} }, first: 200) {
            flagId projectId rule severity status } }`,
      )
    ).riskFlags;

  let flag: FlagView;

  beforeAll(async () => {
    running = await startStandalone({ clock });
    store = running.app.get(EVENT_STORE);
    for (const id of [projectId, quietId]) {
      await command(
        `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
        heatingProjectProposal(id, key(`propose-${id}`)),
      );
      await command(
        `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
        heatingProjectApproval(id, key(`approve-${id}`)),
      );
    }
    await command(
      `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
      { idempotencyKey: key('start'), projectId, date: '2021-01-10' },
    );
    await command(
      `mutation($input: RecordMilestoneMetInput!) { recordMilestoneMet(input: $input) { replayed } }`,
      { idempotencyKey: key('commenced'), projectId, kind: 'commencement', metOn: '2021-01-10' },
    );
    // July: half of a 1,200,000 plan is due by June; 420,000 done is an SPI of 70%: red.
    clock.set('2021-07-05' as LocalDate);
    await command(
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      {
        idempotencyKey: key('report'),
        projectId,
        period: '2021-06',
        investmentInMonth: '420000',
        cumulativeInvestment: '420000',
        physicalProgressPercent: '50',
        physicalProgress: '主体施工',
        submittedBy: '长春热力集团',
      },
    );
    const flags = await eventually(
      () => redFlags(),
      (f) => f.some((x) => x.projectId === projectId && x.rule === 'behind-schedule'),
    );
    flag = flags.find((x) => x.projectId === projectId && x.rule === 'behind-schedule')!;
    expect(flag).toBeDefined();
  }, 180_000);

  afterAll(async () => {
    await running?.close();
  });

  const summonsMutation = `mutation($input: RecordSummonsInput!) { recordSummons(input: $input) {
    summonsId projectId unitCode reason flagIds heldOn eventId } }`;
  const summonsInput = (overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: key('summons'),
    summonsId: `YT-2021-07-${process.pid}`,
    projectId,
    unitCode: '长春热力集团',
    reason: '供热管网改造投资完成率仅为计划的七成，约谈项目业主',
    flagIds: [flag.flagId],
    heldOn: '2021-07-10',
    ...overrides,
  });

  it('refuses a summons citing a flag that does not exist, and records nothing', async () => {
    clock.set('2021-07-12' as LocalDate);
    const head = await store.headPosition();
    const response = await running.graphql(summonsMutation, {
      input: summonsInput({ flagIds: ['0190f000-0000-7000-8000-00000000dead'] }),
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      rule: 'FLAG_NOT_FOUND',
    });
    expect(await appendedSince(store, head)).toEqual([]);
    expect((await ok<{ summonses: unknown[] }>(`{ summonses { summonsId } }`)).summonses).toEqual(
      [],
    );
  });

  it('records a summons from the red flag, and refuses it from a role other than the office', async () => {
    const forbidden = await running.graphql(
      summonsMutation,
      { input: summonsInput() },
      { role: 'region', region: 'changchun' },
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { recordSummons } = await ok<{ recordSummons: { flagIds: string[]; eventId: string } }>(
      summonsMutation,
      { input: summonsInput() },
    );
    expect(recordSummons).toMatchObject({ flagIds: [flag.flagId], heldOn: '2021-07-10' });
    const [event] = await store.readStream(`summons-YT-2021-07-${process.pid}`);
    expect(event).toMatchObject({ type: 'SummonsRecorded', eventId: recordSummons.eventId });
    expect(event!.data).toMatchObject({ flagIds: [flag.flagId], validAt: '2021-07-10' });
    // The region responsible sees the summons of its project; another region does not.
    const seen = async (region: string) =>
      (
        await ok<{ summonses: Array<{ summonsId: string }> }>(
          `{ summonses { summonsId } }`,
          {},
          { role: 'region', region },
        )
      ).summonses.length;
    expect(await seen('changchun')).toBe(1);
    expect(await seen('jilin-city')).toBe(0);
  });

  let circular: CircularView;

  it("issues July's circular once: it names the unit summoned, and a second is a CONFLICT", async () => {
    // August: July's reports were due on 6 August; neither project sent one: both overdue.
    clock.set('2021-08-10' as LocalDate);
    expect(await running.app.get(OverdueWatcher).recordOverdue()).toBeGreaterThanOrEqual(2);
    await ok(
      `mutation { scorePeriod(period: "2021-07", idempotencyKey: "${key('score')}") { unit } }`,
    );
    const issueKey = key('circular');
    const issue = (k: string) =>
      running.graphql<{ issueCircular: CircularView }>(
        `mutation { issueCircular(month: "2021-07", idempotencyKey: "${k}") { ${CIRCULAR_FIELDS} } }`,
      );
    // The read models follow the overdue reports and scores just recorded.
    await eventually(
      async () => (await issue(issueKey)).data?.issueCircular ?? null,
      (c) => c !== null,
    ).then((c) => (circular = c!));
    expect(circular).toMatchObject({ month: '2021-07', issuedOn: '2021-08-10' });
    expect(circular.namedUnits).toEqual([
      expect.objectContaining({ unitCode: '长春热力集团', flagIds: [flag.flagId] }),
    ]);
    const again = await issue(issueKey);
    expect(again.data?.issueCircular.eventId).toBe(circular.eventId);
    const head = await store.headPosition();
    const second = await issue(key('circular-again'));
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      rule: 'CIRCULAR_ALREADY_ISSUED',
    });
    // The first circular may still be ahead of this handle's head: it is excluded by id.
    expect(
      (await appendedSince(store, head)).filter((e) => e !== 'circular-2021-07 CircularIssued'),
    ).toEqual([]);
    expect(await store.readStream('circular-2021-07')).toHaveLength(1);
  });

  it('states every figure of the circular as the API answers it, with the events it counts', async () => {
    const figures = new Map(circular.figures.map((f) => [f.key, f]));
    const expectFigure = (k: string, value: string, eventIds: string[]) =>
      expect(figures.get(k)).toEqual({ key: k, value, eventIds: [...eventIds].sort() });
    const checked = new Set<string>();
    const check = (k: string, value: string, eventIds: string[]) => {
      expectFigure(k, value, eventIds);
      checked.add(k);
    };

    const allRed = await redFlags();
    expect(allRed.length).toBeGreaterThan(0);
    check(
      'openRedFlags.total',
      String(allRed.length),
      allRed.map((f) => f.flagId),
    );
    for (const f of circular.figures) {
      const network = /^openRedFlags\.network\.(.+)$/.exec(f.key)?.[1];
      const region = /^openRedFlags\.region\.(.+)$/.exec(f.key)?.[1];
      const filtered = network
        ? await redFlags(`networkCode: "${network}"`)
        : region
          ? await redFlags(`regionCode: "${region}"`)
          : null;
      if (filtered)
        check(
          f.key,
          String(filtered.length),
          filtered.map((x) => x.flagId),
        );
    }
    expect(figures.get('openRedFlags.network.municipal')?.eventIds).toContain(flag.flagId);
    expect(figures.get('openRedFlags.region.changchun')?.eventIds).toContain(flag.flagId);

    const { scores } = await ok<{
      scores: Array<{ unitKind: string; unit: string; score: string; rank: number }>;
    }>(`{ scores(period: "2021-07") { unitKind unit score rank } }`);
    expect(scores.length).toBeGreaterThan(0);
    const scoreStream = await store.readStream('assessment-scores-2021-07');
    for (const s of scores) {
      // The event that recorded the unit's score last is the one the figure cites.
      const recorded = scoreStream.filter(
        (e) => e.data.unitKind === s.unitKind && e.data.unit === s.unit,
      );
      const eventId = recorded[recorded.length - 1]!.eventId;
      check(`score.${s.unitKind}.${s.unit}`, s.score, [eventId]);
      check(`rank.${s.unitKind}.${s.unit}`, String(s.rank), [eventId]);
    }

    const { monthlySummary } = await ok<{
      monthlySummary: Array<{ networkCode: string; reportsOverdue: number } & ProblemCounts>;
    }>(
      `{ monthlySummary(period: "2021-07") { networkCode reportsOverdue
          problemsRaised problemsClosed problemsOpen problemsOverdue } }`,
    );
    const overdueEvents = async (ids: string[]) =>
      (await Promise.all(ids.map((id) => store.readStream(`dispatch-reports-${id}`))))
        .flat()
        .filter((e) => e.type === 'DispatchReportOverdue' && e.data.period === '2021-07');
    const total = monthlySummary.reduce((sum, l) => sum + l.reportsOverdue, 0);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(figures.get('overdueReports.total')?.value).toBe(String(total));
    checked.add('overdueReports.total');
    for (const line of monthlySummary.filter((l) => l.reportsOverdue > 0)) {
      const k = `overdueReports.network.${line.networkCode}`;
      expect(figures.get(k)?.value).toBe(String(line.reportsOverdue));
      checked.add(k);
    }
    // Ours, by their events: every one of them is cited under the municipal network.
    const ours = await overdueEvents([projectId, quietId]);
    expect(ours).toHaveLength(2);
    expect(figures.get('overdueReports.network.municipal')?.eventIds).toEqual(
      expect.arrayContaining(ours.map((e) => e.eventId)),
    );

    // The problem register's month, as the summary's lines add up (none raised in this suite).
    for (const [k, field] of PROBLEM_FIGURES) {
      const sum = monthlySummary.reduce((total, l) => total + l[field], 0);
      expect(figures.get(k)?.value).toBe(String(sum));
      checked.add(k);
    }

    const { summonses } = await ok<{ summonses: Array<{ heldOn: string; eventId: string }> }>(
      `{ summonses { heldOn eventId } }`,
    );
    const july = summonses.filter((s) => s.heldOn.startsWith('2021-07'));
    check(
      'summonses.total',
      String(july.length),
      july.map((s) => s.eventId),
    );

    // Nothing stated that was not checked above.
    expect([...figures.keys()].filter((k) => !checked.has(k))).toEqual([]);
  });

  it('gives the circular as a docx a person opens, every figure in it as issued, each with its events', async () => {
    const { circularDocument } = await ok<{
      circularDocument: { fileName: string; mediaType: string; base64: string };
    }>(
      `{ circularDocument(month: "2021-07") { fileName mediaType base64 } }`,
      {},
      {
        role: 'region',
        region: 'jilin-city',
      },
    );
    expect(circularDocument.fileName).toBe('circular-2021-07.docx');
    expect(circularDocument.mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const zip = Buffer.from(circularDocument.base64, 'base64');
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const documentXml = readZipEntry(zip, 'word/document.xml')!;
    const notes = footnotesOf(readZipEntry(zip, 'word/footnotes.xml')!);
    const paragraphs = paragraphsOf(documentXml);
    const tables = tablesOf(documentXml);

    expect(paragraphs[0]!.text).toBe('新基建“761”工程2021年7月推进情况通报');
    expect(paragraphs.some((p) => p.text.includes(circular.eventId))).toBe(true);
    // The unit named and why, with a footnote citing the flag.
    const named = paragraphs.find((p) => p.text.includes('长春热力集团'))!;
    expect(named.text).toContain('供热管网改造投资完成率仅为计划的七成');
    expect(named.footnotes.map((id) => notes.get(id))).toEqual([
      expect.stringContaining(flag.flagId),
    ]);

    // The last table: every figure, its value and its events, exactly as the API states them.
    const evidence = tables[tables.length - 1]!;
    expect(evidence[0]!.map((c) => c.text)).toEqual(['键', '数值', '依据事件']);
    const rows = evidence.slice(1).map(([k, v, e]) => ({
      key: k!.text,
      value: v!.text,
      eventIds: e!.text === '' ? [] : e!.text.split(' '),
    }));
    expect(rows).toEqual(circular.figures);

    // Every value in the body's tables and totals has a footnote naming its figure and events,
    // and says the value that figure has.
    const byKey = new Map(circular.figures.map((f) => [f.key, f]));
    const cited = [
      ...tables.slice(0, -1).flatMap((t) => t.slice(1).flat()),
      ...paragraphs.filter((p) => p !== named),
    ].filter((c) => c.footnotes.length > 0);
    const keysInBody = new Set<string>();
    for (const cell of cited) {
      for (const id of cell.footnotes) {
        const note = notes.get(id)!;
        const [, k, value, events] = /^(\S+) = (\S+)；依据事件：(.*)$/.exec(note)!;
        const figure = byKey.get(k!)!;
        expect({ k, value, events }).toEqual({
          k: figure.key,
          value: figure.value,
          events: figure.eventIds.length === 0 ? '无（零）' : figure.eventIds.join('，'),
        });
        expect(cell.text).toContain(figure.value);
        keysInBody.add(k!);
      }
    }
    expect([...keysInBody].sort()).toEqual([...byKey.keys()].sort());
  });

  it('refuses a summons citing a flag resolved before it was held, and records nothing', async () => {
    // The June report corrected to the plan: the project recovers, its flag is resolved.
    await command(
      `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) { replayed } }`,
      {
        idempotencyKey: key('correct'),
        projectId,
        period: '2021-06',
        investmentInMonth: '1200000',
        cumulativeInvestment: '1200000',
        physicalProgressPercent: '100',
        physicalProgress: '完工',
        submittedBy: '长春热力集团',
        reason: '补录完成投资',
      },
    );
    const resolved = await eventually(
      async () =>
        (
          await ok<{ riskFlags: Array<{ flagId: string; status: string; resolvedOn: string }> }>(
            `{ riskFlags(filter: { projectId: "${projectId}", rule: "behind-schedule" }) { flagId status resolvedOn } }`,
          )
        ).riskFlags.find((f) => f.flagId === flag.flagId),
      (f) => f?.status === 'resolved',
    );
    expect(resolved?.status).toBe('resolved');
    clock.set('2021-08-20' as LocalDate);
    const head = await store.headPosition();
    const response = await running.graphql(summonsMutation, {
      input: summonsInput({ summonsId: `YT-2021-08-${process.pid}`, heldOn: '2021-08-20' }),
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'RULE_VIOLATED',
      rule: 'FLAG_NOT_OPEN',
    });
    expect(response.errors?.[0]?.message).toContain(`resolved on ${resolved!.resolvedOn}`);
    expect(await appendedSince(store, head)).toEqual([]);
    expect(await store.readStream(`summons-YT-2021-08-${process.pid}`)).toEqual([]);
  });

  it('rebuilds summonses and circulars from position 0 into exactly the live views', async () => {
    const readModels = running.app.get(AssessmentReadModels);
    const dump = () =>
      running.graphql(
        `{ summonses { summonsId projectId unitCode reason flagIds scoreRefs { period unitCode } heldOn eventId }
           circulars { ${CIRCULAR_FIELDS} position }
           circularDocument(month: "2021-07") { base64 } }`,
      );
    const live = await dump();
    expect(live.errors).toBeUndefined();
    await asStoreRunner(readModels.supervision).rebuild();
    await readModels.catchUp();
    const rebuilt = await dump();
    const { circularDocument: liveDoc, ...liveRest } = live.data as Record<string, unknown>;
    const { circularDocument: rebuiltDoc, ...rebuiltRest } = rebuilt.data as Record<
      string,
      unknown
    >;
    expect(rebuiltRest).toEqual(liveRest);
    // The same document text: the docx's zip carries its own timestamps, its XML does not move.
    const xml = (doc: unknown) =>
      readZipEntry(Buffer.from((doc as { base64: string }).base64, 'base64'), 'word/document.xml');
    expect(xml(rebuiltDoc)).toEqual(xml(liveDoc));
  });

  it('answers null for a month without a circular, and refuses a malformed month', async () => {
    expect(
      (await ok<{ circularDocument: null }>(`{ circularDocument(month: "2021-06") { fileName } }`))
        .circularDocument,
    ).toBeNull();
    const bad = await running.graphql(`{ circularDocument(month: "2021-7") { fileName } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
