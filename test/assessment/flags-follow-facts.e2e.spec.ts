import { LocalDate, FixedClock } from '@ledger/domain-kernel';
import { asStoreRunner } from '@ledger/event-sourcing';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { TokenRequest } from '@ledger/auth';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { RunningApp, startStandalone } from '../support/standalone-app';

let n = 0;
const key = (label: string): string => `flags-follow-${label}-${process.pid}-${++n}`;

/** Polls until `check` passes: flags are recorded just after the facts they follow from. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Figures {
  figures: Array<{ name: string; value: string }>;
  eventIds: string[];
}
interface Step {
  kind: string;
  on: string;
  severity: string | null;
  configVersion: string;
  evidence: Figures;
}
interface Flag {
  flagId: string;
  projectId: string | null;
  rule: string;
  severity: string;
  status: string;
  raisedOn: string;
  updatedOn: string | null;
  evidence: Figures;
  raised: Step;
  history: Step[];
}
interface Score {
  unitKind: string;
  unit: string;
  breakdown: Array<{ component: string; points: string; basis: string }>;
}

const figure = (evidence: Figures, name: string): string | undefined =>
  evidence.figures.find((f) => f.name === name)?.value;

/**
 * Issue 13, points 2, 3 and 7 over GraphQL, one standalone app: an open flag's figures and
 * severity follow the facts while what it was raised on stays; timeliness says what it
 * counted; flags can be asked for one project, within the caller's scope.
 */
describe('risk flags follow the facts; timeliness counts late reports as in; flags of one project', () => {
  // January: nothing of the year's plan is due yet, so neither project is behind when set up
  // (and the assessor checks a project again only when its facts change: sweeps are off).
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  // A: the heating project in Changchun that falls behind. D: a project in Siping that reports late.
  const a = `heating-follow-${process.pid}`;
  const d = `heating-late-${process.pid}`;
  const reporterOf = (projectId: string): Partial<TokenRequest> => ({
    role: 'region',
    region: projectId === d ? 'siping' : 'changchun',
  });
  const ok = async (
    query: string,
    variables: Record<string, unknown>,
    as: Partial<TokenRequest> = {},
  ) => {
    const response = await running.graphql(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const command = (mutation: string, inputType: string, input: Record<string, unknown>) =>
    ok(`mutation($input: ${inputType}!) { ${mutation}(input: $input) { replayed } }`, { input });
  const report = (
    projectId: string,
    period: string,
    month: string,
    cumulative: string,
    correction?: string,
  ) =>
    ok(
      correction
        ? `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) { replayed } }`
        : `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      {
        input: {
          idempotencyKey: key('report'),
          projectId,
          period,
          investmentInMonth: month,
          cumulativeInvestment: cumulative,
          physicalProgressPercent: '50',
          physicalProgress: '主体施工',
          submittedBy: '热力集团',
          ...(correction ? { reason: correction } : {}),
        },
      },
      reporterOf(projectId),
    );

  const FLAG = `flagId projectId rule severity status raisedOn updatedOn
    evidence { figures { name value } eventIds }
    raised { kind on severity configVersion evidence { figures { name value } eventIds } }
    history { kind on severity configVersion evidence { figures { name value } eventIds } }`;
  /** A's behind-schedule flag, with only the fields the view had before updates existed. */
  const behindBefore = async () => {
    const response = await running.graphql<{
      riskFlags: Array<Pick<Flag, 'projectId' | 'severity' | 'status' | 'raisedOn' | 'evidence'>>;
    }>(`{ riskFlags(filter: { rule: "behind-schedule", networkCode: "municipal" }, first: 200) {
          projectId severity status raisedOn evidence { figures { name value } eventIds } } }`);
    expect(response.errors).toBeUndefined();
    return response.data!.riskFlags.find((f) => f.projectId === a);
  };
  /** A's behind-schedule flag, with everything a flag shows. */
  const behind = async (): Promise<Flag | undefined> => {
    const response = await running.graphql<{ riskFlags: Flag[] }>(
      `{ riskFlags(filter: { rule: "behind-schedule", networkCode: "municipal" }, first: 200) { ${FLAG} } }`,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.riskFlags.find((f) => f.projectId === a);
  };

  beforeAll(async () => {
    running = await startStandalone({ clock });
    for (const [projectId, regionCode] of [
      [a, 'changchun'],
      [d, 'siping'],
    ] as const) {
      await command('proposeProject', 'ProposeProjectInput', {
        ...heatingProjectProposal(projectId, key('propose')),
        regionCode,
      });
      await command(
        'approveProject',
        'ApproveProjectInput',
        heatingProjectApproval(projectId, key('approve')),
      );
      await command('startConstruction', 'ProjectDatedInput', {
        idempotencyKey: key('start'),
        projectId,
        date: '2021-01-10',
      });
      await command('recordMilestoneMet', 'RecordMilestoneMetInput', {
        idempotencyKey: key('commenced'),
        projectId,
        kind: 'commencement',
        metOn: '2021-01-10',
      });
      await command('disburseFunds', 'DisburseFundsInput', {
        idempotencyKey: key('pay'),
        projectId,
        disbursementId: 'PAY-1',
        amount: '600000.00',
        source: 'special_bonds',
        paidOn: '2021-02-01',
        payee: '热力集团',
      });
    }
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  describe('point 3: the score says what timeliness counted', () => {
    it('counts three reports in, one of them late, as "3 of 3 reports in, 1 late"', async () => {
      // D reports April on time, May late (due 7 June, in on the 20th), June on time; it is
      // behind all along (200,000 of 600,000 by June), so it has a flag of its own for point 7.
      clock.set('2021-05-06' as LocalDate);
      await report(d, '2021-04', '100000', '100000');
      clock.set('2021-06-20' as LocalDate);
      await report(d, '2021-05', '50000', '150000');
      clock.set('2021-07-05' as LocalDate);
      await report(d, '2021-06', '50000', '200000');
      const response = await running.graphql<{ scorePeriod: Score[] }>(
        `mutation { scorePeriod(period: "2021-Q2", idempotencyKey: "${key('score')}") {
            unitKind unit breakdown { component points basis } } }`,
      );
      expect(response.errors).toBeUndefined();
      const siping = response.data!.scorePeriod.find(
        (s) => s.unitKind === 'region' && s.unit === 'siping',
      )!;
      expect(siping.breakdown.find((l) => l.component === 'timeliness')).toEqual({
        component: 'timeliness',
        // In on time, as the rubric counts: 2 of 3, 20 x 2/3.
        points: '13.33',
        basis: '3 of 3 reports in, 1 late: 2 of 3 in on time',
      });
    });
  });

  describe('point 2: an open flag follows the facts', () => {
    let raisedAt = '';
    it('raises a red behind-schedule flag at SPI 20%', async () => {
      // July: six months of the 1,200,000 plan are due (600,000); 120,000 done.
      await report(a, '2021-06', '120000', '120000');
      const flag = await eventually(behindBefore, (f) => f !== undefined);
      expect(flag).toMatchObject({ severity: 'red', status: 'open', raisedOn: '2021-07-05' });
      expect(figure(flag!.evidence, 'spiPercent')).toBe('20.00');
      raisedAt = new Date().toISOString();
      // The next write records after this moment, however fast the machine.
      await new Promise((resolve) => setTimeout(resolve, 5));
    });

    it('shows the current figures when more progress is reported, while the severity holds', async () => {
      clock.set('2021-07-06' as LocalDate);
      await report(a, '2021-06', '300000', '300000', '补录6月完成投资');
      // 300,000 of 600,000: SPI 50%, still red (at most 70%).
      const flag = await eventually(
        behindBefore,
        (f) => figure(f!.evidence, 'spiPercent') === '50.00',
      );
      expect(figure(flag!.evidence, 'spiPercent')).toBe('50.00');
      expect(figure(flag!.evidence, 'earnedValue')).toBe('300000.00');
      expect(flag).toMatchObject({ severity: 'red', status: 'open', raisedOn: '2021-07-05' });
    });

    it('keeps the figures it was raised on beside the current ones, and the step in its history', async () => {
      const flag = (await behind())!;
      expect(flag.updatedOn).toBe('2021-07-06');
      expect(flag.raised).toMatchObject({ kind: 'raised', on: '2021-07-05', severity: 'red' });
      expect(figure(flag.raised.evidence, 'spiPercent')).toBe('20.00');
      expect(
        flag.history.map((s) => [s.kind, s.on, s.severity, figure(s.evidence, 'spiPercent')]),
      ).toEqual([
        ['raised', '2021-07-05', 'red', '20.00'],
        ['updated', '2021-07-06', 'red', '50.00'],
      ]);
      // The update cites the correction the new figures come from.
      expect(flag.evidence.eventIds).not.toEqual(flag.raised.evidence.eventIds);
    });

    it('moves from red to amber with the rule, and the history keeps every step', async () => {
      // August: seven months are due (700,000); 560,000 done: SPI 80%, amber (at most 90%).
      clock.set('2021-08-04' as LocalDate);
      await report(a, '2021-07', '260000', '560000');
      const flag = (await eventually(behind, (f) => f?.severity === 'amber'))!;
      expect(flag).toMatchObject({
        severity: 'amber',
        status: 'open',
        raisedOn: '2021-07-05',
        updatedOn: '2021-08-04',
      });
      expect(figure(flag.evidence, 'spiPercent')).toBe('80.00');
      expect(flag.raised.severity).toBe('red');
      expect(
        flag.history.map((s) => [s.kind, s.severity, figure(s.evidence, 'spiPercent')]),
      ).toEqual([
        ['raised', 'red', '20.00'],
        ['updated', 'red', '50.00'],
        ['updated', 'amber', '80.00'],
      ]);
      // The flag is one flag throughout: the filter on severity sees it amber now.
      const red = await running.graphql<{ riskFlags: Flag[] }>(
        `{ riskFlags(filter: { rule: "behind-schedule", networkCode: "municipal", severity: "red" }, first: 200) { projectId } }`,
      );
      expect(red.data?.riskFlags.filter((f) => f.projectId === a)).toEqual([]);
    });

    it('replays as of a past moment with the figures and the history it had then', async () => {
      const asOf = async (recordedAt: string) => {
        const response = await running.graphql<{ riskFlagsAsOf: Flag[] }>(
          `query($asOf: AsOf!) { riskFlagsAsOf(asOf: $asOf, filter: { rule: "behind-schedule", networkCode: "municipal" }, first: 200) { ${FLAG} } }`,
          { asOf: { recordedAt } },
        );
        expect(response.errors).toBeUndefined();
        return response.data!.riskFlagsAsOf.find((f) => f.projectId === a)!;
      };
      const then = await asOf(raisedAt);
      expect(then).toMatchObject({ severity: 'red', updatedOn: null });
      expect(figure(then.evidence, 'spiPercent')).toBe('20.00');
      expect(then.history.map((s) => s.kind)).toEqual(['raised']);
      expect(await asOf(new Date().toISOString())).toEqual(await behind());
    });

    it('rebuilds from position 0 into exactly the live flags, history and all', async () => {
      const readModels = running.app.get(AssessmentReadModels);
      const dump = () =>
        running.graphql(`{ riskFlags(first: 200) { subjectKind subject ${FLAG} resolvedOn } }`);
      const live = await dump();
      expect(live.errors).toBeUndefined();
      await asStoreRunner(readModels.facts).rebuild();
      await asStoreRunner(readModels.views).rebuild();
      await readModels.catchUp();
      expect(await dump()).toEqual(live);
    });

    it("follows a region's funding the same day a project of it is cancelled", async () => {
      // Two projects in Baishan, approved today: 850,000 + 400,000 of 2,000,000 is debt (62.5%).
      const region = async () =>
        (
          await running.graphql<{ riskFlags: Flag[] }>(
            `{ riskFlags(filter: { rule: "debt-concentration", regionCode: "baishan" }) { ${FLAG} } }`,
          )
        ).data?.riskFlags.find((f) => f.projectId === null);
      for (const [suffix, bonds, budget] of [
        ['bonded', '850000.00', '150000.00'],
        ['mixed', '400000.00', '600000.00'],
      ] as const) {
        const projectId = `${a}-baishan-${suffix}`;
        await command('proposeProject', 'ProposeProjectInput', {
          ...heatingProjectProposal(projectId, key('propose')),
          regionCode: 'baishan',
          plannedTotalInvestment: '1000000.00',
          fundingPlan: [
            { source: 'special_bonds', amount: bonds },
            { source: 'provincial_budget', amount: budget },
          ],
          plannedStart: '2021-09-01',
          annualInvestmentPlan: [{ year: 2021, amount: '1000000.00' }],
        });
        await command('approveProject', 'ApproveProjectInput', {
          ...heatingProjectApproval(projectId, key('approve')),
          approvedInvestment: '1000000.00',
          approvedOn: '2021-08-04',
        });
      }
      // Raised red on the first approval alone (85%), amber once both count.
      const amber = await eventually(
        region,
        (f) => f !== undefined && figure(f.evidence, 'debtSharePercent') === '62.50',
      );
      expect(amber).toMatchObject({ severity: 'amber' });
      expect(figure(amber!.evidence, 'debtSharePercent')).toBe('62.50');
      // The same day, the mixed one is cancelled: what is left is 85% debt, red.
      await command('cancelProject', 'ProjectReasonedInput', {
        idempotencyKey: key('cancel'),
        projectId: `${a}-baishan-mixed`,
        date: '2021-08-04',
        reason: '项目取消',
      });
      const red = await eventually(region, (f) => f?.severity === 'red');
      expect(red).toMatchObject({ severity: 'red', status: 'open', updatedOn: '2021-08-04' });
      expect(figure(red!.evidence, 'debtSharePercent')).toBe('85.00');
      expect(red!.history.map((s) => [s.severity, figure(s.evidence, 'debtSharePercent')])).toEqual(
        [
          ['red', '85.00'],
          ['amber', '62.50'],
          ['red', '85.00'],
        ],
      );
    });

    it('is one RiskFlagUpdated per step in the audit history of the project', async () => {
      const response = await running.graphql<{
        eventLog: { edges: Array<{ node: { type: string; service: string; data: string } }> };
      }>(
        `query($p: String!) { eventLog(filter: { projectId: $p, types: ["RiskFlagUpdated"] }, first: 100) {
            edges { node { type service data } } } }`,
        { p: a },
        { role: 'auditor' },
      );
      expect(response.errors).toBeUndefined();
      const updates = response.data!.eventLog.edges.map((e) => e.node);
      expect(updates.every((u) => u.service === 'assessment')).toBe(true);
      expect(
        updates
          .map(
            (u) =>
              JSON.parse(u.data) as { rule: string; previousSeverity: string; severity: string },
          )
          .filter((u) => u.rule === 'behind-schedule')
          .map((u) => [u.previousSeverity, u.severity]),
      ).toEqual([
        ['red', 'red'],
        ['red', 'amber'],
      ]);
    });
  });

  describe('point 7: risk flags of one project', () => {
    /** Only fields the flag had before this issue: what fails before the fix is the filter. */
    const projectFlags = (projectId: string, as: Partial<TokenRequest> = {}) =>
      running.graphql<{ riskFlags: Array<{ projectId: string; rule: string; severity: string }> }>(
        `query($f: RiskFlagFilter) { riskFlags(filter: $f, first: 200) { projectId rule severity } }`,
        { f: { projectId } },
        as,
      );

    it('narrows riskFlags to the project asked for, as Project.riskFlags shows it', async () => {
      const response = await projectFlags(a);
      expect(response.errors).toBeUndefined();
      const flags = response.data!.riskFlags;
      expect(flags.length).toBeGreaterThan(0);
      expect(flags.every((f) => f.projectId === a)).toBe(true);
      const others = await projectFlags(d);
      expect(others.data!.riskFlags.length).toBeGreaterThan(0);
      expect(others.data!.riskFlags.every((f) => f.projectId === d)).toBe(true);
      const entity = await running.graphql<{
        project: { riskFlags: Array<{ rule: string; severity: string }> };
      }>(`query($p: String!) { project(projectId: $p) { riskFlags { rule severity } } }`, {
        p: a,
      });
      expect(entity.errors).toBeUndefined();
      const rules = (list: Array<{ rule: string; severity: string }>) =>
        list.map((f) => `${f.rule}:${f.severity}`).sort();
      expect(rules(entity.data!.project.riskFlags)).toEqual(rules(flags));
    });

    it("answers within the caller's scope: its own region and network see it, another region is FORBIDDEN", async () => {
      const own = await projectFlags(a, { role: 'region', region: 'changchun' });
      expect(own.errors).toBeUndefined();
      expect(own.data!.riskFlags.length).toBeGreaterThan(0);
      const lead = await projectFlags(a, {
        role: 'lead_department',
        department: 'housing-urban-rural-department',
      });
      expect(lead.errors).toBeUndefined();
      expect(lead.data!.riskFlags.length).toBe(own.data!.riskFlags.length);
      const other = await projectFlags(a, { role: 'region', region: 'siping' });
      expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(other.data?.riskFlags ?? null).toBeNull();
    });

    it('answers an unknown project with no flags', async () => {
      const response = await projectFlags('no-such-project', { role: 'region', region: 'siping' });
      expect(response.errors).toBeUndefined();
      expect(response.data!.riskFlags).toEqual([]);
    });
  });
});
