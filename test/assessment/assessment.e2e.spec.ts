import { heatingProjectProposal, heatingProjectApproval } from '../support/heating-project';
import { asStoreRunner } from '@ledger/event-sourcing';
import { LocalDate } from '@ledger/domain-kernel';
import { FixedClock } from '@ledger/domain-kernel';
import { AssessmentReadModels } from '../../apps/assessment/src/read-models/assessment-read-models';
import { RunningApp, startStandalone } from '../support/standalone-app';

let n = 0;
const key = (label: string): string => `assess-e2e-${label}-${process.pid}-${++n}`;

/** Polls until `check` passes: flags are recorded just after the facts they follow from. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Flag {
  projectId: string;
  severity: string;
  status: string;
  evidence: { figures: Array<{ name: string; value: string }>; eventIds: string[] };
  resolutionEvidence: { figures: Array<{ name: string; value: string }> } | null;
}
interface Score {
  unitKind: string;
  unit: string;
  score: string;
  breakdown: Array<{ component: string; points: string }>;
}

describe('assessment over GraphQL: a project falls behind, is flagged red, recovers', () => {
  // January: nothing of the year's plan is due yet, so nothing is behind.
  const clock = new FixedClock('2021-01-20' as LocalDate);
  let running: RunningApp;
  const projectId = `heating-assess-${process.pid}`;
  const ok = async (query: string, input: Record<string, unknown>) => {
    // Dispatch reports come from the region responsible; everything else from the office.
    const as = /DispatchReport/.test(query) ? { role: 'region' as const, region: 'changchun' } : {};
    const response = await running.graphql(query, { input }, as);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const flags = async (): Promise<Flag[]> => {
    const response = await running.graphql<{ riskFlags: Flag[] }>(
      `{ riskFlags(filter: { rule: "behind-schedule", networkCode: "municipal" }) {
          projectId severity status evidence { figures { name value } eventIds }
          resolutionEvidence { figures { name value } } } }`,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.riskFlags.filter((f) => f.projectId === projectId);
  };
  const score = async (label: string): Promise<Score> => {
    const response = await running.graphql<{ scorePeriod: Score[] }>(
      `mutation { scorePeriod(period: "2021-06", idempotencyKey: "${key(label)}") {
          unitKind unit score breakdown { component points } } }`,
    );
    expect(response.errors).toBeUndefined();
    return response.data!.scorePeriod.find((s) => s.unit === 'housing-urban-rural-department')!;
  };
  const report = (cumulative: string, extra: Record<string, unknown> = {}) => ({
    idempotencyKey: key('report'),
    projectId,
    period: '2021-06',
    investmentInMonth: cumulative,
    cumulativeInvestment: cumulative,
    physicalProgressPercent: '50',
    physicalProgress: '主体施工',
    submittedBy: '长春热力集团',
    ...extra,
  });

  beforeAll(async () => {
    running = await startStandalone({ clock });
    await ok(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      heatingProjectProposal(projectId, key('propose')),
    );
    await ok(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      heatingProjectApproval(projectId, key('approve')),
    );
    await ok(
      `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
      {
        idempotencyKey: key('start'),
        projectId,
        date: '2021-01-10',
      },
    );
    await ok(
      `mutation($input: RecordMilestoneMetInput!) { recordMilestoneMet(input: $input) { replayed } }`,
      {
        idempotencyKey: key('commenced'),
        projectId,
        kind: 'commencement',
        metOn: '2021-01-10',
      },
    );
    await ok(
      `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
      {
        idempotencyKey: key('pay'),
        projectId,
        disbursementId: 'PAY-1',
        amount: '600000.00',
        source: 'special_bonds',
        paidOn: '2021-02-01',
        payee: '长春热力集团',
      },
    );
  }, 120_000);

  afterAll(async () => {
    await running?.close();
  });

  let behindScore: Score;

  it('flags the project red when its SPI falls to 70%, citing the figures and the report', async () => {
    expect(await flags()).toEqual([]);
    // July: six months of a 1,200,000 annual plan are due (600,000); 420,000 done.
    clock.set('2021-07-05' as LocalDate);
    await ok(
      `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
      report('420000'),
    );
    const [flag] = await eventually(flags, (f) => f.some((x) => x.status === 'open'));
    expect(flag).toMatchObject({ severity: 'red', status: 'open' });
    expect(flag!.evidence.figures).toEqual(
      expect.arrayContaining([
        { name: 'spiPercent', value: '70.00' },
        { name: 'plannedValue', value: '600000.00' },
        { name: 'earnedValue', value: '420000.00' },
      ]),
    );
    expect(flag!.evidence.eventIds).toHaveLength(2);
    behindScore = await score('behind');
    // Investment 40 x 0.7 = 28, progress, timeliness and starts in full, 5 off for the red flag.
    expect(behindScore.breakdown.find((l) => l.component === 'investment')?.points).toBe('28.00');
    expect(behindScore.breakdown.find((l) => l.component === 'redFlags')?.points).toBe('-5.00');
    const sum = behindScore.breakdown.reduce((s, l) => s + Math.round(Number(l.points) * 100), 0);
    expect((sum / 100).toFixed(2)).toBe(behindScore.score);
  });

  it('resolves the flag with its evidence when the project recovers, and the score rises', async () => {
    await ok(
      `mutation($input: CorrectDispatchReportInput!) { correctDispatchReport(input: $input) { replayed } }`,
      {
        ...report('600000'),
        reason: '补录6月完成投资',
      },
    );
    const [flag] = await eventually(flags, (f) => f.some((x) => x.status === 'resolved'));
    expect(flag).toMatchObject({ status: 'resolved' });
    expect(flag!.resolutionEvidence?.figures).toEqual(
      expect.arrayContaining([{ name: 'spiPercent', value: '100.00' }]),
    );
    const recovered = await score('recovered');
    expect(Number(recovered.score)).toBeGreaterThan(Number(behindScore.score));
    expect(recovered.breakdown.find((l) => l.component === 'redFlags')?.points).toBe('0.00');
  });

  it('rebuilds flags, facts and scores from position 0 into exactly the live views', async () => {
    const readModels = running.app.get(AssessmentReadModels);
    const dump = () =>
      running.graphql(`{
        riskFlags(first: 200) { projectId rule severity status raisedOn resolvedOn evidence { figures { name value } eventIds } }
        scores(period: "2021-06") { unitKind unit score rank breakdown { component points basis } }
      }`);
    const live = await dump();
    await asStoreRunner(readModels.facts).rebuild();
    await asStoreRunner(readModels.views).rebuild();
    await readModels.catchUp();
    expect(await dump()).toEqual(live);
  });

  it('flags a region and a network whose funding leans on special bonds and bank credit', async () => {
    const bonded = `${projectId}-bonded`;
    await ok(
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      {
        idempotencyKey: key('propose-bonded'),
        projectId: bonded,
        nameZh: '吉林市供水管网改造工程',
        networkCode: 'municipal',
        categoryCode: 'water-supply',
        regionCode: 'jilin-city',
        responsibleUnit: '吉林市水务集团',
        constructionNature: 'reconstruction',
        plannedTotalInvestment: '1000000.00',
        fundingPlan: [
          { source: 'special_bonds', amount: '700000.00' },
          { source: 'bank_credit', amount: '150000.00' },
          { source: 'city_county_self_raised', amount: '150000.00' },
        ],
        plannedStart: '2021-08-01',
        plannedEnd: '2022-06-30',
      },
    );
    await ok(
      `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
      {
        idempotencyKey: key('approve-bonded'),
        projectId: bonded,
        authority: '吉林市发展和改革委员会',
        documentNumber: '吉市发改〔2021〕3号',
        approvedInvestment: '1000000.00',
        approvedOn: '2021-07-05',
      },
    );
    const regionFlags = await eventually(
      async () =>
        (
          await running.graphql<{
            riskFlags: Array<{
              subjectKind: string;
              subject: string;
              severity: string;
              evidence: { figures: Array<{ name: string; value: string }> };
            }>;
          }>(
            `{ riskFlags(filter: { rule: "debt-concentration" }) { subjectKind subject severity evidence { figures { name value } } } }`,
          )
        ).data?.riskFlags ?? [],
      (f) => f.length >= 2,
    );
    // 850,000 of 1,000,000 is debt in Jilin City and in the municipal network: 85%, red.
    expect(regionFlags.map((f) => [f.subjectKind, f.subject, f.severity]).sort()).toEqual([
      ['network', 'municipal', 'red'],
      ['region', 'jilin-city', 'red'],
    ]);
    expect(regionFlags[0]!.evidence.figures).toEqual(
      expect.arrayContaining([{ name: 'debtSharePercent', value: '85.00' }]),
    );
  });
});
