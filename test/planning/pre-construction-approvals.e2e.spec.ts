import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { RunningApp, startStandalone } from '../support/standalone-app';
import { appendedSince } from '../support/appended-since';

/**
 * The national project code, the pre-construction approvals and the stages per year, end to
 * end: over HTTP GraphQL, through the single mutations and the bulk planningCommands path,
 * against a real PostgreSQL store; then assessment's not-started flag naming what is missing.
 */
const postgresUp = requirePostgres('pre-construction approvals e2e on PostgreSQL');

const PROJECT = `projectId status nationalProjectCode missingApprovals
  preConstructionApprovals { step stepZh issuedOn issuingBody documentNumber eventId }`;
const RESULT = `replayed project { ${PROJECT} }`;
const MUTATIONS = {
  propose: `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
  start: `mutation($input: ProjectDatedInput!) { startConstruction(input: $input) { replayed } }`,
  approve: `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
  code: `mutation($input: AssignNationalProjectCodeInput!) { assignNationalProjectCode(input: $input) { ${RESULT} } }`,
  approval: `mutation($input: RecordPreConstructionApprovalInput!) { recordPreConstructionApproval(input: $input) { ${RESULT} } }`,
};

interface ProjectView {
  projectId: string;
  status: string;
  nationalProjectCode: string | null;
  missingApprovals: string[];
  preConstructionApprovals: Array<{
    step: string;
    stepZh: string;
    issuedOn: string;
    issuingBody: string;
    eventId: string;
  }>;
}

let counter = 0;
const key = (label: string): string => `e2e-approvals-${label}-${process.pid}-${++counter}`;

(postgresUp ? describe : describe.skip)(
  'pre-construction approvals over GraphQL (PostgreSQL)',
  () => {
    let running: RunningApp;
    let store: EventStore;
    const projectId = `e2e-appr-${process.pid}`;

    beforeAll(async () => {
      running = await startStandalone({
        store: {
          adapter: 'postgres',
          connectionString: databaseUrl(),
          schema: uniqueSchemaName('store'),
          poolSize: 4,
        },
        schema: uniqueSchemaName('approvals'),
      });
      store = running.app.get<EventStore>(EVENT_STORE);
    }, 120_000);

    afterAll(async () => {
      await running?.close();
    });

    async function send(mutation: keyof typeof MUTATIONS, input: Record<string, unknown>) {
      const response = await running.graphql<
        Record<string, { replayed: boolean; project?: ProjectView }>
      >(MUTATIONS[mutation], { input: { idempotencyKey: key(mutation), ...input } });
      return {
        data: response.data ? Object.values(response.data)[0] : undefined,
        errors: response.errors,
      };
    }
    async function ok(mutation: keyof typeof MUTATIONS, input: Record<string, unknown>) {
      const { data, errors } = await send(mutation, input);
      if (errors?.length) throw new Error(`${mutation}: ${errors[0]!.message}`);
      return data!;
    }
    /** A refused command: a clear error, and the store exactly as it was. */
    async function refused(mutation: keyof typeof MUTATIONS, input: Record<string, unknown>) {
      const before = await store.headPosition();
      const { data, errors } = await send(mutation, input);
      expect(data ?? null).toBeNull();
      expect(await appendedSince(store, before)).toEqual([]);
      return errors![0]!;
    }
    async function project(): Promise<ProjectView> {
      const response = await running.graphql<{ project: ProjectView }>(
        `query($id: String!) { project(projectId: $id) { ${PROJECT} } }`,
        { id: projectId },
      );
      expect(response.errors).toBeUndefined();
      return response.data!.project;
    }

    it('proposes a municipal project: every required approval is missing', async () => {
      await ok('propose', {
        projectId,
        nameZh: '长春市新区道路工程',
        networkCode: 'municipal',
        categoryCode: 'urban-roads',
        tags: [],
        regionCode: 'changchun',
        responsibleUnit: '长春市城市开发建设投资集团',
        constructionNature: 'new_build',
        plannedTotalInvestment: '50000000.00',
        fundingPlan: [],
        plannedStart: '2020-05-01',
        plannedEnd: '2021-10-31',
        annualInvestmentPlan: [],
      });
      expect(await project()).toMatchObject({
        nationalProjectCode: null,
        missingApprovals: [
          'project-approval',
          'land-pre-review',
          'environmental-assessment',
          'construction-permit',
        ],
        preConstructionApprovals: [],
      });
    });

    it('refuses a malformed national code with a clear message and records nothing', async () => {
      const error = await refused('code', {
        projectId,
        code: '2020-220100-48-01-01234',
        assignedOn: '2020-02-01',
      });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/24 characters/);
    });

    it('assigns the code once; a second code is a rule violation', async () => {
      const result = await ok('code', {
        projectId,
        code: '2020-220104-48-01-00731X',
        assignedOn: '2020-02-01',
      });
      expect(result.project!.nationalProjectCode).toBe('2020-220104-48-01-00731X');
      const error = await refused('code', {
        projectId,
        code: '2020-220104-48-01-999990',
        assignedOn: '2020-02-02',
      });
      expect(error.message).toMatch(/keeps one code/);
    });

    it('refuses the construction permit before the other steps, naming them', async () => {
      const error = await refused('approval', {
        projectId,
        step: 'CONSTRUCTION_PERMIT',
        issuedOn: '2020-04-20',
        issuingBody: '长春市住房和城乡建设局',
        documentNumber: '长建施〔2020〕5号',
      });
      expect(error.message).toMatch(/land-pre-review, environmental-assessment/);
    });

    it('records steps through the bulk planningCommands path with the same validation', async () => {
      const before = await store.headPosition();
      const bulk = await running.graphql<{
        planningCommands: { recorded: number; refused: number };
      }>(
        `mutation($commands: [PlanningCommandInput!]!) { planningCommands(commands: $commands) { recorded refused } }`,
        {
          commands: [
            {
              recordPreConstructionApproval: {
                idempotencyKey: key('bulk-land'),
                projectId,
                step: 'LAND_PRE_REVIEW',
                issuedOn: '2020-02-20',
                issuingBody: '长春市自然资源局',
                documentNumber: '长自然资预审〔2020〕8号',
              },
            },
            {
              recordPreConstructionApproval: {
                idempotencyKey: key('bulk-eia'),
                projectId,
                step: 'ENVIRONMENTAL_ASSESSMENT',
                issuedOn: '2020-03-15',
                issuingBody: '长春市生态环境局',
                documentNumber: '长环审〔2020〕21号',
              },
            },
          ],
        },
      );
      expect(bulk.errors).toBeUndefined();
      expect(bulk.data!.planningCommands).toEqual({ recorded: 2, refused: 0 });
      expect(await store.headPosition()).not.toBe(before);
      // The same step again, in a bulk: refused as the mutation refuses it, nothing appended.
      const head = await store.headPosition();
      const again = await running.graphql<{
        planningCommands: { recorded: number; refused: number };
      }>(
        `mutation($commands: [PlanningCommandInput!]!) { planningCommands(commands: $commands) { recorded refused } }`,
        {
          commands: [
            {
              recordPreConstructionApproval: {
                idempotencyKey: key('bulk-again'),
                projectId,
                step: 'LAND_PRE_REVIEW',
                issuedOn: '2020-02-21',
                issuingBody: '长春市自然资源局',
                documentNumber: '长自然资预审〔2020〕9号',
              },
            },
            {
              assignNationalProjectCode: {
                idempotencyKey: key('bulk-code'),
                projectId: `${projectId}-none`,
                code: 'not-a-code',
                assignedOn: '2020-02-21',
              },
            },
          ],
        },
      );
      expect(again.data!.planningCommands).toEqual({ recorded: 0, refused: 2 });
      expect(await appendedSince(store, head)).toEqual([]);
      const after = await project();
      expect(after.preConstructionApprovals.map((a) => a.step)).toEqual([
        'LAND_PRE_REVIEW',
        'ENVIRONMENTAL_ASSESSMENT',
      ]);
      expect(after.missingApprovals).toEqual(['project-approval', 'construction-permit']);
    });

    it('counts 立项审批 (approveProject) as project-approval, then takes the permit', async () => {
      await ok('approve', {
        projectId,
        authority: '长春市发展改革委',
        documentNumber: '长发改审批〔2020〕30号',
        approvedInvestment: '50000000.00',
        approvedOn: '2020-04-01',
      });
      const permit = await ok('approval', {
        projectId,
        step: 'CONSTRUCTION_PERMIT',
        issuedOn: '2020-04-20',
        issuingBody: '长春市住房和城乡建设局',
        documentNumber: '长建施〔2020〕5号',
      });
      expect(permit.project!.missingApprovals).toEqual([]);
      expect(permit.project!.preConstructionApprovals.map((a) => [a.step, a.stepZh])).toEqual([
        ['LAND_PRE_REVIEW', '用地预审'],
        ['ENVIRONMENTAL_ASSESSMENT', '环评'],
        ['CONSTRUCTION_PERMIT', '施工许可'],
      ]);
      const events = await store.readStream(`project-${projectId}`);
      const recorded = events.filter((e) => e.type === 'PreConstructionApprovalRecorded');
      expect(recorded.map((e) => (e.data as { validAt: string }).validAt)).toEqual([
        '2020-02-20',
        '2020-03-15',
        '2020-04-20',
      ]);
      expect(permit.project!.preConstructionApprovals.map((a) => a.eventId)).toEqual(
        recorded.map((e) => e.eventId),
      );
    });

    it('refuses a step that does not apply (a permit for a power project)', async () => {
      const power = `${projectId}-power`;
      await ok('propose', {
        projectId: power,
        nameZh: '长春66千伏变电站',
        networkCode: 'power',
        categoryCode: 'distribution',
        tags: [],
        regionCode: 'changchun',
        responsibleUnit: '国网吉林省电力有限公司',
        constructionNature: 'new_build',
        plannedTotalInvestment: '10000000.00',
        fundingPlan: [],
        plannedStart: '2020-05-01',
        plannedEnd: '2020-12-31',
        annualInvestmentPlan: [],
      });
      const error = await refused('approval', {
        projectId: power,
        step: 'CONSTRUCTION_PERMIT',
        issuedOn: '2020-04-20',
        issuingBody: '长春市住房和城乡建设局',
        documentNumber: '长建施〔2020〕6号',
      });
      expect(error.message).toMatch(/does not apply/);
    });

    it('derives the stages of 2020 from the events, next to the plan counts', async () => {
      await ok('start', { projectId, date: '2020-06-01' });
      const stages = async (asOf: string | null) => {
        const response = await running.graphql<{
          projectStages: Array<{
            key: string;
            reserve: number;
            newStart: number;
            continuing: number;
            plannedNewStart: number | null;
            plannedContinuing: number | null;
            startRate: string | null;
            planSources: Array<{ line: number; coverage: string }>;
          }>;
        }>(
          `query($asOf: String) { projectStages(year: 2020, groupBy: NETWORK, asOf: $asOf) {
          key reserve newStart continuing plannedNewStart plannedContinuing startRate planSources { line coverage } } }`,
          { asOf },
        );
        expect(response.errors).toBeUndefined();
        return new Map(response.data!.projectStages.map((r) => [r.key, r]));
      };
      const year = await stages(null);
      expect(year.get('municipal')!.newStart).toBe(1);
      const power = year.get('power')!;
      expect(power).toMatchObject({ plannedNewStart: 55, plannedContinuing: 8, startRate: '0.00' });
      expect(power.planSources).toEqual([{ line: 153, coverage: 'network' }]);
      expect(year.get('road')!.plannedNewStart).toBeNull();
      expect(year.get('road')!.planSources.map((s) => s.line)).toEqual([101, 102]);
      // As of the day before the start it was no new start yet (nor reserve: proposed to the
      // ledger today, it is in the library from its start at the earliest).
      const before = await stages('2020-05-31');
      expect(before.get('municipal')!.newStart).toBe(0);
      expect(before.get('municipal')!.reserve).toBe(year.get('municipal')!.reserve);

      const departments = await running.graphql<{
        projectStages: Array<{ key: string; newStart: number }>;
      }>('{ projectStages(year: 2020, groupBy: DEPARTMENT) { key newStart } }');
      expect(
        departments.data!.projectStages.find((r) => r.key === 'housing-urban-rural-department')!
          .newStart,
      ).toBe(1);
      const regions = await running.graphql<{
        projectStages: Array<{ key: string; newStart: number }>;
      }>('{ projectStages(year: 2020, groupBy: REGION) { key newStart } }');
      expect(regions.data!.projectStages.find((r) => r.key === 'changchun')!.newStart).toBe(1);
    });

    it('keeps projectStages to programme-wide readers', async () => {
      const response = await running.graphql(
        '{ projectStages(year: 2020, groupBy: REGION) { key } }',
        {},
        { role: 'region', subject: 'e2e', region: 'changchun' },
      );
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const bad = await running.graphql('{ projectStages(year: 1999, groupBy: REGION) { key } }');
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it("names the approval still missing in assessment's not-started flag", async () => {
      const waiting = `${projectId}-waiting`;
      await ok('propose', {
        projectId: waiting,
        nameZh: '长春市污水处理厂扩建',
        networkCode: 'municipal',
        categoryCode: 'sewage',
        tags: [],
        regionCode: 'changchun',
        responsibleUnit: '长春水务集团',
        constructionNature: 'expansion',
        plannedTotalInvestment: '30000000.00',
        fundingPlan: [],
        plannedStart: '2020-05-01',
        plannedEnd: '2021-10-31',
        annualInvestmentPlan: [],
      });
      // Assessment checks approved projects only: approved (立项), project-approval is met.
      await ok('approve', {
        projectId: waiting,
        authority: '长春市发展改革委',
        documentNumber: '长发改审批〔2020〕31号',
        approvedInvestment: '30000000.00',
        approvedOn: '2020-02-01',
      });
      await ok('approval', {
        projectId: waiting,
        step: 'ENVIRONMENTAL_ASSESSMENT',
        issuedOn: '2020-03-01',
        issuingBody: '长春市生态环境局',
        documentNumber: '长环审〔2020〕30号',
      });
      const checked = await running.graphql('mutation { checkRisks }');
      expect(checked.errors).toBeUndefined();
      const flags = await running.graphql<{
        riskFlags: Array<{
          rule: string;
          evidence: { figures: Array<{ name: string; value: string }>; eventIds: string[] };
        }>;
      }>(
        `query($id: String!) { riskFlags(filter: { projectId: $id }) { rule evidence { figures { name value } eventIds } } }`,
        { id: waiting },
      );
      expect(flags.errors).toBeUndefined();
      const notStarted = flags.data!.riskFlags.find((f) => f.rule === 'not-started')!;
      const figures = Object.fromEntries(notStarted.evidence.figures.map((f) => [f.name, f.value]));
      expect(figures.missingApprovals).toBe('land-pre-review,construction-permit');
      expect(figures.missingApprovalsZh).toBe('用地预审、施工许可');
      const eia = (await store.readStream(`project-${waiting}`)).find(
        (e) => e.type === 'PreConstructionApprovalRecorded',
      )!;
      expect(notStarted.evidence.eventIds).toContain(eia.eventId);
    });
  },
);
