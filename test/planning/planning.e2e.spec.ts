import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { EventStoreConfig } from '@ledger/event-store';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { appendedSince } from '../support/appended-since';

const PROJECT = `projectId nameZh status version disbursedTotal
  baseline { plannedTotalInvestment approvedInvestment plannedEnd }
  currentPlan { plannedTotalInvestment approvedInvestment plannedEnd fundingPlan { source amount } }
  approval { authority documentNumber approvedInvestment approvedOn }
  disbursements { disbursementId amount source paidOn payee }
  milestones { kind plannedOn metOn }
  adjustments { adjustedOn reason changes previous }`;

const RESULT = `replayed position project { ${PROJECT} }`;

interface ProjectView {
  projectId: string;
  status: string;
  version: string;
  disbursedTotal: string;
  baseline: {
    plannedTotalInvestment: string;
    approvedInvestment: string | null;
    plannedEnd: string;
  };
  currentPlan: {
    plannedTotalInvestment: string;
    approvedInvestment: string | null;
    plannedEnd: string;
  };
  disbursements: Array<{ disbursementId: string; amount: string }>;
  milestones: Array<{ kind: string; plannedOn: string | null; metOn: string | null }>;
  adjustments: Array<{ reason: string; changes: string; previous: string }>;
}
interface CommandResultView {
  replayed: boolean;
  position: string | null;
  project: ProjectView;
}

const MUTATIONS = {
  propose: `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { ${RESULT} } }`,
  approve: `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { ${RESULT} } }`,
  disburse: `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { ${RESULT} } }`,
  schedule: `mutation($input: ScheduleMilestoneInput!) { scheduleMilestone(input: $input) { ${RESULT} } }`,
  met: `mutation($input: RecordMilestoneMetInput!) { recordMilestoneMet(input: $input) { ${RESULT} } }`,
  start: `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { ${RESULT} } }`,
  adjust: `mutation($input: AdjustProjectPlanInput!) { adjustProjectPlan(input: $input) { ${RESULT} } }`,
};

let keyCounter = 0;
const key = (label: string): string => `e2e-${label}-${process.pid}-${++keyCounter}`;

function proposal(
  projectId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    idempotencyKey: key('propose'),
    projectId,
    nameZh: '长春市南部新城供热管网改造工程',
    nameEn: 'Changchun south new town heating network renewal',
    networkCode: 'municipal',
    categoryCode: 'heating',
    tags: [],
    regionCode: 'changchun',
    responsibleUnit: '长春市城市开发建设投资集团',
    constructionNature: 'reconstruction',
    plannedTotalInvestment: '120000000.00',
    fundingPlan: [
      { source: 'special_bonds', amount: '80000000' },
      { source: 'city_county_self_raised', amount: '40000000.00' },
    ],
    plannedStart: '2021-04-01',
    plannedEnd: '2022-10-31',
    annualInvestmentPlan: [
      { year: 2021, amount: '70000000' },
      { year: 2022, amount: '50000000' },
    ],
    ...overrides,
  };
}

function suite(
  label: string,
  storeFor: () => EventStoreConfig | undefined,
  enabled: boolean,
): void {
  (enabled ? describe : describe.skip)(`planning over GraphQL (${label})`, () => {
    let running: RunningApp;
    let store: EventStore;

    beforeAll(async () => {
      const storeConfig = storeFor();
      running = await startStandalone({
        ...(storeConfig ? { store: storeConfig } : { pglite: true }),
        schema: uniqueSchemaName('planning'),
      });
      store = running.app.get<EventStore>(EVENT_STORE);
    }, 120_000);

    afterAll(async () => {
      await running?.close();
    });

    async function command(
      mutation: keyof typeof MUTATIONS,
      input: Record<string, unknown>,
    ): Promise<{
      result?: CommandResultView;
      error?: { message: string; extensions?: Record<string, unknown> };
    }> {
      const response = await running.graphql<Record<string, CommandResultView>>(
        MUTATIONS[mutation],
        { input },
      );
      if (response.errors?.length) return { error: response.errors[0]! };
      return { result: Object.values(response.data ?? {})[0]! };
    }

    async function ok(
      mutation: keyof typeof MUTATIONS,
      input: Record<string, unknown>,
    ): Promise<CommandResultView> {
      const { result, error } = await command(mutation, input);
      if (error) throw new Error(`${mutation} failed: ${error.message}`);
      return result!;
    }

    /** A rejected command must leave the store exactly as it was. */
    async function rejected(
      mutation: keyof typeof MUTATIONS,
      input: Record<string, unknown>,
    ): Promise<{ message: string; extensions?: Record<string, unknown> }> {
      const before = await store.headPosition();
      const { result, error } = await command(mutation, input);
      expect(result).toBeUndefined();
      // Nothing but the ledger's own reactions to earlier facts, which may land meanwhile.
      expect(await appendedSince(store, before)).toEqual([]);
      return error!;
    }

    describe('the seeded plan', () => {
      it('establishes the programme with the document figures', async () => {
        const response = await running.graphql<{
          programme: {
            totalInvestment: { valueYi: string; source: { line: number } };
            totalProjects: { value: number };
            networks: Array<{
              code: string;
              totalInvestment: { valueYi: string };
              mainTextTotalInvestment: { valueYi: string };
            }>;
            discrepancies: Array<{ code: string; figures: Array<{ value: string }> }>;
          };
          network: {
            projectCount: { value: number };
            budgets: Array<{
              regionCode: string | null;
              amount: { valueYi: string };
              projectCount: { value: number } | null;
            }>;
          };
        }>(`{
          programme {
            totalInvestment { valueYi source { line } } totalProjects { value }
            networks { code totalInvestment { valueYi } mainTextTotalInvestment { valueYi } }
            discrepancies { code figures { value } }
          }
          network(code: "municipal") { projectCount { value } budgets { regionCode amount { valueYi } projectCount { value } } }
        }`);
        expect(response.errors).toBeUndefined();
        const programme = response.data!.programme;
        expect(programme.totalInvestment.valueYi).toBe('10962');
        expect(programme.totalProjects.value).toBe(2188);
        expect(programme.networks.map((n) => n.code)).toEqual([
          'info',
          'road',
          'water',
          'power',
          'oilgas',
          'municipal',
          'social',
        ]);
        const municipal = programme.networks.find((n) => n.code === 'municipal')!;
        expect(municipal.totalInvestment.valueYi).toBe('2116.85');
        expect(municipal.mainTextTotalInvestment.valueYi).toBe('2117');
        const stations = programme.discrepancies.find(
          (d) => d.code === 'filling-stations-70-vs-80',
        );
        expect(stations?.figures.map((f) => f.value)).toEqual(
          expect.arrayContaining(['80', '70', '13']),
        );
        const regional = response.data!.network.budgets.filter((b) => b.regionCode !== null);
        expect(regional).toHaveLength(12);
        expect(regional.reduce((n, b) => n + b.projectCount!.value, 0)).toBe(1289);
      });

      it('lists the named projects, filters them and pages with cursors', async () => {
        const all = await running.graphql<{ projects: { totalCount: number } }>(
          '{ projects { totalCount } }',
        );
        expect(all.data!.projects.totalCount).toBeGreaterThanOrEqual(160);

        const municipal = await running.graphql<{
          projects: {
            totalCount: number;
            edges: Array<{
              node: { networkCode: string; fromPlanDocument: boolean; synthetic: boolean };
            }>;
          };
        }>(
          '{ projects(filter: { networkCode: "municipal" }, first: 100) { totalCount edges { node { networkCode fromPlanDocument synthetic } } } }',
        );
        expect(municipal.data!.projects.edges.length).toBe(municipal.data!.projects.totalCount);
        expect(
          municipal.data!.projects.edges.every(
            (e) => e.node.networkCode === 'municipal' && !e.node.synthetic,
          ),
        ).toBe(true);

        const byDepartment = await running.graphql<{ projects: { totalCount: number } }>(
          '{ projects(filter: { departmentCode: "housing-urban-rural-department" }) { totalCount } }',
        );
        expect(byDepartment.data!.projects.totalCount).toBe(municipal.data!.projects.totalCount);

        const tagged = await running.graphql<{
          projects: { edges: Array<{ node: { tags: string[] } }> };
        }>('{ projects(filter: { tag: "5g" }, first: 100) { edges { node { tags } } } }');
        expect(tagged.data!.projects.edges.length).toBeGreaterThan(0);
        expect(tagged.data!.projects.edges.every((e) => e.node.tags.includes('5g'))).toBe(true);

        const seen: string[] = [];
        let after: string | null = null;
        let total = 0;
        for (let page = 0; page < 20; page++) {
          const response: {
            data?: {
              projects: {
                totalCount: number;
                edges: Array<{ node: { projectId: string } }>;
                pageInfo: { hasNextPage: boolean; endCursor: string | null };
              };
            } | null;
          } = await running.graphql(
            'query($after: String) { projects(first: 37, after: $after) { totalCount edges { node { projectId } } pageInfo { hasNextPage endCursor } } }',
            { after },
          );
          const connection = response.data!.projects;
          total = connection.totalCount;
          seen.push(...connection.edges.map((e) => e.node.projectId));
          if (!connection.pageInfo.hasNextPage) break;
          after = connection.pageInfo.endCursor;
        }
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
      });

      it('refuses a page larger than 100 and a forged cursor', async () => {
        const big = await running.graphql('{ projects(first: 101) { totalCount } }');
        expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        const forged = await running.graphql(
          '{ projects(after: "bm90LWEtY3Vyc29y") { totalCount } }',
        );
        expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      });
    });

    describe('a project from proposal to construction', () => {
      const id = `heating-${process.pid}-${Date.now().toString(36)}`;

      it('proposes, approves, disburses, schedules and meets milestones, adjusts', async () => {
        const proposed = await ok('propose', proposal(id));
        expect(proposed.replayed).toBe(false);
        expect(proposed.project).toMatchObject({
          projectId: id,
          status: 'proposed',
          baseline: { plannedTotalInvestment: '120000000.00', approvedInvestment: null },
        });

        const approved = await ok('approve', {
          idempotencyKey: key('approve'),
          projectId: id,
          authority: '长春市发展和改革委员会',
          documentNumber: '长发改审批〔2021〕35号',
          approvedInvestment: '115000000.00',
          approvedOn: '2021-03-15',
        });
        expect(approved.project.status).toBe('approved');
        expect(approved.project.currentPlan.approvedInvestment).toBe('115000000.00');

        await ok('disburse', {
          idempotencyKey: key('pay'),
          projectId: id,
          disbursementId: 'PAY-2021-001',
          amount: '30000000.10',
          source: 'special_bonds',
          paidOn: '2021-04-20',
          payee: '长春热力集团',
        });
        await ok('schedule', {
          idempotencyKey: key('ms'),
          projectId: id,
          kind: 'completion',
          plannedOn: '2022-10-31',
        });
        await ok('start', { idempotencyKey: key('start'), projectId: id, date: '2021-04-10' });
        const adjusted = await ok('adjust', {
          idempotencyKey: key('adjust'),
          projectId: id,
          adjustedOn: '2021-09-01',
          reason: '管网走向调整，工期顺延两个月',
          plannedEnd: '2022-12-31',
        });
        expect(adjusted.project.baseline.plannedEnd).toBe('2022-10-31');
        expect(adjusted.project.currentPlan.plannedEnd).toBe('2022-12-31');
        expect(JSON.parse(adjusted.project.adjustments[0]!.previous)).toEqual({
          plannedEnd: '2022-10-31',
        });

        const done = await ok('met', {
          idempotencyKey: key('met'),
          projectId: id,
          kind: 'completion',
          metOn: '2022-12-20',
        });
        expect(done.project).toMatchObject({
          status: 'under_construction',
          disbursedTotal: '30000000.10',
          disbursements: [{ disbursementId: 'PAY-2021-001', amount: '30000000.10' }],
          milestones: [{ kind: 'completion', plannedOn: '2022-10-31', metOn: '2022-12-20' }],
        });

        const history = await store.readStream(`project-${id}`);
        expect(history.map((e) => e.type)).toEqual([
          'ProjectProposed',
          'ProjectApproved',
          'FundsDisbursed',
          'MilestoneScheduled',
          'ConstructionStarted',
          'ProjectPlanAdjusted',
          'MilestoneMet',
        ]);
        expect(history.every((e) => e.metadata.actor === 'planning_office:test')).toBe(true);
      });

      it('answers a retried command from the first run and records nothing new', async () => {
        const input = {
          idempotencyKey: key('retry'),
          projectId: id,
          disbursementId: 'PAY-2021-002',
          amount: '1000.00',
          source: 'bank_credit',
          paidOn: '2021-05-01',
          payee: '长春热力集团',
        };
        const first = await ok('disburse', input);
        const head = await store.headPosition();
        const again = await ok('disburse', input);
        expect(again.replayed).toBe(true);
        expect(again.position).toBe(first.position);
        expect(await appendedSince(store, head)).toEqual([]);

        const reused = await rejected('disburse', { ...input, amount: '2000.00' });
        expect(reused.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
      });

      it('rejects bad input with a typed error naming the field, appending nothing', async () => {
        const badAmount = await rejected('disburse', {
          idempotencyKey: key('bad'),
          projectId: id,
          disbursementId: 'X-1',
          amount: '12.345',
          source: 'ppp',
          paidOn: '2021-05-01',
          payee: 'x',
        });
        expect(badAmount.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });

        const badDate = await rejected('disburse', {
          idempotencyKey: key('bad'),
          projectId: id,
          disbursementId: 'X-1',
          amount: '12.00',
          source: 'ppp',
          paidOn: '2021-02-30',
          payee: 'x',
        });
        expect(badDate.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'paidOn' });

        const unknownNetwork = await rejected(
          'propose',
          proposal(`${id}-x`, { networkCode: 'railway' }),
        );
        expect(unknownNetwork.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'networkCode',
        });

        const notChinese = await rejected('propose', proposal(`${id}-y`, { nameZh: 'Heating' }));
        expect(notChinese.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nameZh' });

        const unfunded = await rejected(
          'propose',
          proposal(`${id}-z`, { fundingPlan: [{ source: 'ppp', amount: '1.00' }] }),
        );
        expect(unfunded.extensions).toMatchObject({
          code: 'RULE_VIOLATED',
          rule: 'FUNDING_PLAN_MISMATCH',
        });
      });

      it('enforces the rules of the lifecycle', async () => {
        const overpaid = await rejected('disburse', {
          idempotencyKey: key('over'),
          projectId: id,
          disbursementId: 'PAY-BIG',
          amount: '90000000.00',
          source: 'special_bonds',
          paidOn: '2021-06-01',
          payee: '长春热力集团',
        });
        expect(overpaid.extensions).toMatchObject({
          code: 'RULE_VIOLATED',
          rule: 'DISBURSEMENT_EXCEEDS_APPROVED',
        });

        const fresh = `${id}-fresh`;
        await ok('propose', proposal(fresh));
        const early = await rejected('disburse', {
          idempotencyKey: key('early'),
          projectId: fresh,
          disbursementId: 'P-1',
          amount: '1.00',
          source: 'ppp',
          paidOn: '2021-06-01',
          payee: 'x',
        });
        expect(early.extensions).toMatchObject({
          code: 'RULE_VIOLATED',
          rule: 'DISBURSEMENT_BEFORE_APPROVAL',
        });

        const missing = await rejected('start', {
          idempotencyKey: key('nope'),
          projectId: 'no-such-project',
          date: '2021-01-01',
        });
        expect(missing.extensions?.code).toBe('NOT_FOUND');

        const anonymous = await running.graphql(
          MUTATIONS.start,
          { input: { idempotencyKey: key('anon'), projectId: fresh, date: '2021-01-01' } },
          null,
        );
        expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      });

      it('lets exactly one of concurrent conflicting commands win', async () => {
        const contested = `${id}-contested`;
        const proposed = await ok('propose', proposal(contested));
        // Ten approvers act on the version they saw: one wins, the rest hear of the conflict.
        const attempts = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            command('approve', {
              idempotencyKey: key(`race-${i}`),
              expectedVersion: proposed.project.version,
              projectId: contested,
              authority: '长春市发展和改革委员会',
              documentNumber: `长发改审批〔2021〕${100 + i}号`,
              approvedInvestment: '100000000.00',
              approvedOn: '2021-03-15',
            }),
          ),
        );
        expect(attempts.filter((a) => a.result).length).toBe(1);
        expect(attempts.filter((a) => a.error?.extensions?.code === 'CONFLICT').length).toBe(9);
        const history = await store.readStream(`project-${contested}`);
        expect(history.filter((e) => e.type === 'ProjectApproved')).toHaveLength(1);

        // Without expectedVersion, concurrent payments that together overdraw: never both.
        const payments = await Promise.all(
          ['A', 'B', 'C', 'D'].map((p) =>
            command('disburse', {
              idempotencyKey: key(`pay-${p}`),
              projectId: contested,
              disbursementId: `P-${p}`,
              amount: '60000000.00',
              source: 'special_bonds',
              paidOn: '2021-06-01',
              payee: 'x',
            }),
          ),
        );
        expect(payments.filter((p) => p.result).length).toBe(1);
        for (const p of payments.filter((q) => q.error)) {
          expect(['CONFLICT', 'RULE_VIOLATED']).toContain(p.error!.extensions?.code);
        }
        const paid = (await store.readStream(`project-${contested}`)).filter(
          (e) => e.type === 'FundsDisbursed',
        );
        expect(paid).toHaveLength(1);
      });
    });
  });
}

suite('PGlite', () => undefined, true);
const postgresUp = requirePostgres('planning e2e on PostgreSQL');
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
