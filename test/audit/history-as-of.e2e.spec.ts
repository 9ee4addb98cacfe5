import { heatingProjectProposal, heatingProjectApproval } from '../support/heating-project';
import { TokenRequest } from '@ledger/auth';
import { LocalDate } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore, EventStoreConfig, RecordedEvent } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { FixedClock } from '@ledger/domain-kernel';
import { toNode } from '../../apps/audit/src/history/history.resolver';
import { GraphQLResponse, RunningApp, startStandalone } from '../support/standalone-app';

let n = 0;
const key = (label: string): string => `audit-e2e-${label}-${process.pid}-${++n}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` passes: flags are recorded just after the facts they follow from. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await sleep(100);
  }
}

interface Report {
  period: string;
  investmentInMonth: string;
  cumulativeInvestment: string;
  corrections: number;
}
interface Flag {
  projectId: string | null;
  rule: string;
  status: string;
  severity: string;
}
interface Node {
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: string;
  type: string;
  service: string | null;
  data: string;
  actor: string;
  recordedAt: string;
  validAt: string | null;
  correlationId: string | null;
  causationId: string | null;
  hash: string | null;
  previousHash: string | null;
}
interface Connection {
  edges: Array<{ cursor: string; node: Node }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const NODE = `position eventId streamId streamVersion type service data actor recordedAt validAt
  correlationId causationId hash previousHash`;
const REPORTS = `period investmentInMonth cumulativeInvestment corrections`;
const FLAGS = `projectId rule status severity`;
/** Reports come from the project's region (its token), commands from the office, reads by an auditor. */
const REPORTER = 'region:changchun:test';
const AUDITOR: Partial<TokenRequest> = { role: 'auditor' };
function roleFor(query: string): Partial<TokenRequest> {
  if (/DispatchReport/.test(query)) return { role: 'region', region: 'changchun' };
  if (/^\s*mutation/.test(query)) return { role: 'planning_office' };
  return AUDITOR;
}

function suite(
  label: string,
  storeFor: () => EventStoreConfig | undefined,
  enabled: boolean,
): void {
  (enabled ? describe : describe.skip)(
    `auditors over GraphQL: history, and the views as recorded then and as known now (${label})`,
    () => {
      const clock = new FixedClock('2021-01-20' as LocalDate);
      let running: RunningApp;
      let store: EventStore;
      const projectId = `heating-audit-${process.pid}`;
      /** A moment after the June report and its red flag, before the correction was recorded. */
      let beforeCorrection: string;

      const ok = async <T = Record<string, unknown>>(
        query: string,
        variables: Record<string, unknown> = {},
        as: Partial<TokenRequest> = roleFor(query),
      ): Promise<T> => {
        const response = await running.graphql<T>(query, variables, as);
        expect(response.errors).toBeUndefined();
        return response.data!;
      };
      const mutate = (mutation: string, type: string, input: Record<string, unknown>) =>
        ok(`mutation($input: ${type}!) { ${mutation}(input: $input) { replayed } }`, { input });
      const report = (period: string, month: string, cumulative: string) => ({
        idempotencyKey: key(`report-${period}`),
        projectId,
        period,
        investmentInMonth: month,
        cumulativeInvestment: cumulative,
        physicalProgressPercent: '50',
        physicalProgress: '主体施工',
        submittedBy: '长春热力集团',
      });
      const liveFlags = async (): Promise<Flag[]> =>
        (
          await ok<{ riskFlags: Flag[] }>(
            `{ riskFlags(filter: { rule: "behind-schedule" }, first: 200) { ${FLAGS} } }`,
          )
        ).riskFlags.filter((f) => f.projectId === projectId);
      const reportsAsOf = async (asOf: Record<string, string>) =>
        (
          await ok<{ dispatchReportsAsOf: Report[] }>(
            `query($asOf: AsOf!, $p: String!) { dispatchReportsAsOf(asOf: $asOf, projectId: $p) { ${REPORTS} } }`,
            { asOf, p: projectId },
          )
        ).dispatchReportsAsOf;
      const flagsAsOf = async (asOf: Record<string, string>) =>
        (
          await ok<{ riskFlagsAsOf: Flag[] }>(
            `query($asOf: AsOf!) { riskFlagsAsOf(asOf: $asOf, filter: { rule: "behind-schedule" }, first: 200) { ${FLAGS} } }`,
            { asOf },
          )
        ).riskFlagsAsOf.filter((f) => f.projectId === projectId);
      const log = async (variables: Record<string, unknown>): Promise<Connection> =>
        (
          await ok<{ eventLog: Connection }>(
            `query($filter: EventLogFilter, $first: Int, $after: String) {
           eventLog(filter: $filter, first: $first, after: $after) {
             edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`,
            variables,
          )
        ).eventLog;
      /** Every page of a filtered log, `first` at a time. */
      const allPages = async (
        filter: Record<string, unknown>,
        first: number,
      ): Promise<Node[][]> => {
        const pages: Node[][] = [];
        let after: string | null = null;
        for (;;) {
          const page = await log({ filter, first, after });
          pages.push(page.edges.map((e) => e.node));
          if (!page.pageInfo.hasNextPage) return pages;
          after = page.pageInfo.endCursor;
        }
      };
      const readAllOf = async (keep: (e: RecordedEvent) => boolean): Promise<RecordedEvent[]> => {
        const found: RecordedEvent[] = [];
        let after: bigint | undefined;
        for (;;) {
          const batch = await store.readAll({
            ...(after === undefined ? {} : { after }),
            maxCount: 1000,
          });
          found.push(...batch.filter(keep));
          if (batch.length < 1000) return found;
          after = batch[batch.length - 1]!.globalPosition;
        }
      };

      beforeAll(async () => {
        // The seeded 761 store: the as-of replays below run over all of it.
        const storeConfig = storeFor();
        running = await startStandalone({
          clock,
          ...(storeConfig ? { store: storeConfig } : { pglite: true }),
          schema: uniqueSchemaName('audit'),
        });
        store = running.app.get<EventStore>(EVENT_STORE);
        await mutate(
          'proposeProject',
          'ProposeProjectInput',
          heatingProjectProposal(projectId, key('propose')),
        );
        await mutate(
          'approveProject',
          'ApproveProjectInput',
          heatingProjectApproval(projectId, key('approve')),
        );
        await mutate('startConstruction', 'ProjectDatedInput', {
          idempotencyKey: key('start'),
          projectId,
          date: '2021-01-10',
        });
        await mutate('recordMilestoneMet', 'RecordMilestoneMetInput', {
          idempotencyKey: key('commenced'),
          projectId,
          kind: 'commencement',
          metOn: '2021-01-10',
        });
        // July: half of the year's 1,200,000 is due; June reports 420,000 done, SPI 70%: red.
        clock.set('2021-07-05' as LocalDate);
        await mutate(
          'submitDispatchReport',
          'DispatchReportInput',
          report('2021-06', '420000', '420000'),
        );
        await eventually(liveFlags, (f) => f.some((x) => x.status === 'open'));
        await sleep(20);
        beforeCorrection = new Date().toISOString();
        await sleep(20);
        // Recorded two weeks later, about June: the figure was 600,000 all along. The flag resolves.
        clock.set('2021-07-20' as LocalDate);
        await mutate('correctDispatchReport', 'CorrectDispatchReportInput', {
          ...report('2021-06', '600000', '600000'),
          reason: '补录6月完成投资',
        });
        await eventually(liveFlags, (f) => f.some((x) => x.status === 'resolved'));
        // August: July's report, valid for July.
        clock.set('2021-08-03' as LocalDate);
        await mutate(
          'submitDispatchReport',
          'DispatchReportInput',
          report('2021-07', '100000', '700000'),
        );
      }, 180_000);

      afterAll(async () => {
        await running?.close();
      });

      describe('as of', () => {
        it('as recorded between the report and its correction: the original figure, the flag open', async () => {
          expect(await reportsAsOf({ recordedAt: beforeCorrection })).toEqual([
            {
              period: '2021-06',
              investmentInMonth: '420000.00',
              cumulativeInvestment: '420000.00',
              corrections: 0,
            },
          ]);
          expect(await flagsAsOf({ recordedAt: beforeCorrection })).toEqual([
            { projectId, rule: 'behind-schedule', status: 'open', severity: 'red' },
          ]);
        });

        it('for June (validAt): the corrected figure, and nothing of July', async () => {
          expect(await reportsAsOf({ validAt: '2021-06-30' })).toEqual([
            {
              period: '2021-06',
              investmentInMonth: '600000.00',
              cumulativeInvestment: '600000.00',
              corrections: 1,
            },
          ]);
          // The flag was raised on 5 July about the state then: not part of what June knew.
          expect(await flagsAsOf({ validAt: '2021-06-30' })).toEqual([]);
          // By 10 July it was open, and resolved only on the 20th.
          expect(await flagsAsOf({ validAt: '2021-07-10' })).toEqual([
            { projectId, rule: 'behind-schedule', status: 'open', severity: 'red' },
          ]);
          expect((await reportsAsOf({ validAt: '2021-07-31' })).map((r) => r.period)).toEqual([
            '2021-06',
            '2021-07',
          ]);
        });

        it('as recorded now equals the current views', async () => {
          const views = `progress(by: network) { key projects approvedProjects reported planned approved disbursed projectsWithOverdueReports }
        monthlySummary(period: "2021-06") { networkCode projectsReporting reportsReceived investmentInMonth cumulativeReported }
        dispatchReports(projectId: "${projectId}") { ${REPORTS} late dueOn submittedOn }
        riskFlags(first: 200) { subjectKind subject ${FLAGS} raisedOn resolvedOn evidence { figures { name value } eventIds } }
        scores(period: "2021-06") { unitKind unit score rank }
        progressSeries(from: "2021-01", to: "2021-12") { networkCode period reports investmentInMonth runningTotal }
        indicatorProgress(year: 2021) { code networkCode target year actual }`;
          const asOfViews = `progress: progressAsOf(asOf: $asOf, by: "network") { key projects approvedProjects reported planned approved disbursed projectsWithOverdueReports }
        monthlySummary: monthlySummaryAsOf(asOf: $asOf, period: "2021-06") { networkCode projectsReporting reportsReceived investmentInMonth cumulativeReported }
        dispatchReports: dispatchReportsAsOf(asOf: $asOf, projectId: "${projectId}") { ${REPORTS} late dueOn submittedOn }
        riskFlags: riskFlagsAsOf(asOf: $asOf, first: 200) { subjectKind subject ${FLAGS} raisedOn resolvedOn evidence { figures { name value } eventIds } }
        scores: scoresAsOf(asOf: $asOf, period: "2021-06") { unitKind unit score rank }
        progressSeries: progressSeriesAsOf(asOf: $asOf, from: "2021-01", to: "2021-12") { networkCode period reports investmentInMonth runningTotal }
        indicatorProgress: indicatorProgressAsOf(asOf: $asOf, year: 2021) { code networkCode target year actual }`;
          // The live views trail the log by a moment (the assessor reacts after the fact): compare
          // once they have settled, which they must within the deadline.
          let live: unknown;
          let past: unknown;
          await eventually(
            async () => {
              live = await ok(`{ ${views} }`);
              const started = Date.now();
              past = await ok(`query($asOf: AsOf!) { ${asOfViews} }`, {
                asOf: { recordedAt: new Date().toISOString() },
              });
              console.log(`seven as-of views over the seeded store: ${Date.now() - started} ms`);
              return JSON.stringify(live) === JSON.stringify(past);
            },
            (same) => same,
          );
          expect(past).toEqual(live);
          expect(JSON.stringify(live)).toContain('600000.00');
        });
      });

      describe('history', () => {
        it("a stream's history is readStream, with the hash chain linked", async () => {
          const [proposed] = await readAllOf(
            (e) => e.type === 'ProjectProposed' && e.data.projectId === projectId,
          );
          const streamId = proposed!.streamId;
          const { streamHistory } = await ok<{ streamHistory: Node[] }>(
            `query($s: String!) { streamHistory(streamId: $s) { ${NODE} } }`,
            { s: streamId },
          );
          const expected = (await store.readStream(streamId)).map(toNode);
          expect(streamHistory).toEqual(expected);
          expect(streamHistory.map((e) => e.streamVersion)).toEqual(
            expected.map((_, i) => String(i)),
          );
          expect(streamHistory.length).toBeGreaterThanOrEqual(4);
          streamHistory
            .slice(1)
            .forEach((e, i) => expect(e.previousHash).toBe(streamHistory[i]!.hash));
          expect(streamHistory[0]!.actor).toBe('planning_office:test');
        });

        it('the log filtered by project holds all three services, in global order, as a scan finds it', async () => {
          const pages = await allPages({ projectId }, 3);
          const events = pages.flat();
          const positions = events.map((e) => BigInt(e.position));
          // Complete and not overlapping: the same positions as a full scan of the store, each once.
          const scanned = await readAllOf((e) => e.data.projectId === projectId);
          expect(positions).toEqual(scanned.map((e) => e.globalPosition));
          expect(events).toEqual(scanned.map(toNode));
          expect(new Set(positions).size).toBe(positions.length);
          expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
          expect(new Set(events.map((e) => e.service))).toEqual(
            new Set(['planning', 'reporting', 'assessment']),
          );
          expect(events.map((e) => e.type)).toEqual(
            expect.arrayContaining([
              'ProjectApproved',
              'DispatchReportCorrected',
              'RiskFlagRaised',
              'RiskFlagResolved',
            ]),
          );
          const correction = events.find((e) => e.type === 'DispatchReportCorrected')!;
          expect(correction.validAt).toBe('2021-06-01T00:00:00+08:00');
          const { projectTimeline } = await ok<{ projectTimeline: Connection }>(
            `query($p: String!) { projectTimeline(projectId: $p, first: 100) { edges { node { ${NODE} } } pageInfo { hasNextPage } } }`,
            { p: projectId },
          );
          expect(projectTimeline.edges.map((e) => e.node)).toEqual(events);
        });

        it('pages the whole log with cursors, completely and without overlap', async () => {
          const pages = await allPages({}, 100);
          const positions = pages.flat().map((e) => BigInt(e.position));
          const scanned = await readAllOf(() => true);
          // The app keeps appending (assessor sweeps): compare the prefix both saw.
          expect(positions.slice(0, scanned.length)).toEqual(
            scanned.map((e) => e.globalPosition).slice(0, positions.length),
          );
          expect(new Set(positions).size).toBe(positions.length);
          expect(positions.length).toBeGreaterThan(100);
        });

        it('filters by service, type, actor and recording time in the database', async () => {
          const reporting = (await allPages({ projectId, service: 'reporting' }, 100)).flat();
          expect(reporting.map((e) => e.type)).toEqual([
            'DispatchReportSubmitted',
            'DispatchReportCorrected',
            'DispatchReportSubmitted',
          ]);
          const byActor = (await allPages({ actor: REPORTER }, 100)).flat();
          expect(byActor.map((e) => e.eventId)).toEqual(reporting.map((e) => e.eventId));
          const typed = (await allPages({ types: ['RiskFlagRaised'], projectId }, 100)).flat();
          expect(typed.length).toBeGreaterThan(0);
          expect(typed.every((e) => e.type === 'RiskFlagRaised')).toBe(true);
          const from = reporting[1]!.recordedAt;
          const window = (
            await allPages({ projectId, recordedFrom: from, recordedTo: from }, 100)
          ).flat();
          expect(window.map((e) => e.eventId)).toContain(reporting[1]!.eventId);
          expect(window.every((e) => e.recordedAt === from)).toBe(true);
          const before = (await allPages({ projectId, recordedTo: beforeCorrection }, 100)).flat();
          expect(before.map((e) => e.type)).not.toContain('DispatchReportCorrected');
          expect(before.map((e) => e.type)).toContain('DispatchReportSubmitted');
        });
      });

      describe('bad input', () => {
        const code = (response: GraphQLResponse) => ({
          code: response.errors?.[0]?.extensions?.code,
          field: response.errors?.[0]?.extensions?.field,
        });
        const logQuery = `query($filter: EventLogFilter, $first: Int, $after: String) {
      eventLog(filter: $filter, first: $first, after: $after) { edges { cursor } } }`;
        const asOfQuery = `query($asOf: AsOf!) { dispatchReportsAsOf(asOf: $asOf, projectId: "x") { period } }`;

        it.each([
          [{ filter: { service: 'finance' } }, 'filter.service'],
          [{ filter: { types: ['NoSuchEvent'] } }, 'filter.types'],
          [{ filter: { service: 'planning', types: ['RiskFlagRaised'] } }, 'filter.types'],
          [{ filter: { recordedFrom: '2021-02-30T00:00:00Z' } }, 'filter.recordedFrom'],
          [{ filter: { recordedTo: '2021-06-01' } }, 'filter.recordedTo'],
          [
            {
              filter: { recordedFrom: '2021-06-02T00:00:00Z', recordedTo: '2021-06-01T00:00:00Z' },
            },
            'filter.recordedTo',
          ],
          [{ first: 101 }, 'first'],
          [{ first: 0 }, 'first'],
          [{ after: 'not-a-cursor' }, 'after'],
        ])('eventLog %j is BAD_USER_INPUT', async (variables, field) => {
          expect(code(await running.graphql(logQuery, variables, AUDITOR))).toEqual({
            code: 'BAD_USER_INPUT',
            field,
          });
        });

        it.each([
          [{}, 'asOf'],
          [{ recordedAt: '2021-07-01T00:00:00Z', validAt: '2021-06-30' }, 'asOf'],
          [{ validAt: '2021-02-30' }, 'asOf.validAt'],
          [{ validAt: '2021-08-04' }, 'asOf.validAt'],
          [{ recordedAt: 'yesterday' }, 'asOf.recordedAt'],
          [{ recordedAt: '2999-01-01T00:00:00Z' }, 'asOf.recordedAt'],
        ])('asOf %j is BAD_USER_INPUT', async (asOf, field) => {
          expect(code(await running.graphql(asOfQuery, { asOf }, AUDITOR))).toEqual({
            code: 'BAD_USER_INPUT',
            field,
          });
        });

        it('needs a token', async () => {
          const response = await running.graphql(logQuery, {}, null);
          expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        });
      });
    },
  );
}

suite('PGlite', () => undefined, true);
// The SQL log on node-postgres (bigints as strings, a store schema of its own) and its horizon.
const postgresUp = requirePostgres('audit history e2e on PostgreSQL');
suite(
  'PostgreSQL',
  () => ({
    adapter: 'postgres',
    connectionString: databaseUrl(),
    schema: uniqueSchemaName('store'),
    poolSize: 10,
  }),
  postgresUp,
);
