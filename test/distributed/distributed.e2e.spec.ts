import { heatingProjectProposal, heatingProjectApproval } from '../support/heating-project';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { PostgresEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS, SERVICES } from '@ledger/contracts';
import { ProjectionRunner, postgresDatabase } from '@ledger/event-sourcing';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
} from '@ledger/testing';
import { ProjectRegisterProjection } from '../../apps/reporting/src/progress/project-register.projection';
import { ProjectFactsProjection } from '../../apps/assessment/src/project-facts/project-facts.projection';
import { AssessmentViewsProjection } from '../../apps/assessment/src/assessment-views/assessment-views.projection';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';
import {
  AppProcess,
  dropSchemas,
  freePort,
  graphqlAt,
  spawnApp,
  stopApp,
  until,
} from '../support/processes';

const up = requireKafka('distributed mode') && requirePostgres('distributed mode');

/** The tables each Kafka-fed read model keeps, in a stable order for comparison. */
const TABLES: Record<'reporting' | 'assessment', string[]> = {
  reporting: [
    'project_register ORDER BY project_id',
    'dispatch_reports ORDER BY project_id, period',
    'indicator_targets ORDER BY code',
  ],
  assessment: [
    'project_facts ORDER BY project_id',
    'network_leads ORDER BY network_code',
    'risk_flags ORDER BY subject_kind, subject, rule, raised_on',
    'risk_flag_steps ORDER BY flag_id, position',
    'scores ORDER BY period, unit_kind, unit',
  ],
};

(up ? describe : describe.skip)(
  'distributed mode: each app its own process, Kafka between them',
  () => {
    it('commands through GraphQL reach every service; a consumer killed mid-batch converges', async () => {
      const schema = uniqueSchemaName('dist');
      const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-dist-auth-'));
      const key = await loadOrCreateLocalKey(keyDirectory);
      const tokenFor = (request: Omit<TokenRequest, 'subject'>) =>
        mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, { subject: 'dist-e2e', ...request });
      const office = await tokenFor({ role: 'planning_office' });
      const reporter = await tokenFor({ role: 'region', region: 'changchun' });
      const [planningPort, reportingPort, assessmentPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];
      const env = {
        EVENT_STORE: 'postgres',
        DATABASE_URL: databaseUrl(),
        EVENT_STORE_SCHEMA: schema,
        RELAY_SCHEMA: `${schema}_relay`,
        PLANNING_SCHEMA: `${schema}_planning`,
        REPORTING_SCHEMA: `${schema}_reporting`,
        ASSESSMENT_SCHEMA: `${schema}_assessment`,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: `${schema}.`,
        KAFKA_GROUP_PREFIX: `${schema}.`,
        DEADLINE_CHECK_INTERVAL_MS: '0',
        // One standalone signing key for every process, made before any starts.
        AUTH_KEY_DIR: keyDirectory,
        RISK_SWEEP_INTERVAL_MS: '0',
        LOAD_SEED: 'true',
      };
      const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
      const kafka = new Kafka({
        clientId: 'dist-e2e',
        brokers: kafkaBrokers(),
        logLevel: logLevel.NOTHING,
      });
      const admin = kafka.admin();
      const raw = await PostgresEventStore.open({
        connectionString: databaseUrl(),
        schema,
        poolSize: 4,
      });
      // Written as the services write: every type at its current version.
      const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
      const db = postgresDatabase(raw.pool);
      const apps: Partial<Record<'relay' | 'planning' | 'reporting' | 'assessment', AppProcess>> =
        {};
      const running = () => Object.values(apps).filter((a): a is AppProcess => a !== undefined);
      const count = async (table: string) =>
        Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n ?? 0);
      const reference = {
        reporting: [new ProjectRegisterProjection(`${schema}_ref_reporting`)],
        assessment: [
          new ProjectFactsProjection(`${schema}_ref_assessment`),
          new AssessmentViewsProjection(`${schema}_ref_assessment`),
        ],
      };
      const runners = [...reference.reporting, ...reference.assessment].map(
        (p) => new ProjectionRunner(store, db, p),
      );
      try {
        // A SYNTHETIC programme already in the store, for volume: the kill below lands while
        // reporting works through a backlog. (That a redelivered event is applied once is
        // proved deterministically in libs/messaging/test/kafka-consumer-redelivery.spec.ts.)
        for (const stream of syntheticProgramme({
          projects: 40,
          months: 12,
          disbursementsPerMonth: 2,
          seed: 3,
          dueOn: (p) => `${p}-12`,
        })) {
          await store.appendToStream(
            stream.streamId,
            stream.events.map((e) => ({
              type: e.type,
              data: e.data as never,
              metadata: { actor: 'synthetic' },
            })),
          );
        }
        await admin.connect();
        apps.relay = spawnApp('relay', { ...env, PORT: String(await freePort()) });
        await until(
          async () =>
            // One per service, and the operations topic.
            (await admin.listTopics()).filter((t) => t.startsWith(`${schema}.`)).length ===
            Object.keys(SERVICES).length,
          'the relay to create the topics',
          60_000,
          running(),
        );
        apps.planning = spawnApp('planning', { ...env, PORT: String(planningPort) });
        const reportingEnv = { ...env, PORT: String(reportingPort), PROJECTION_SOURCE: 'kafka' };
        apps.reporting = spawnApp('reporting', reportingEnv);
        apps.assessment = spawnApp('assessment', {
          ...env,
          PORT: String(assessmentPort),
          PROJECTION_SOURCE: 'kafka',
        });

        // Everything flows from the store through the relay and Kafka. Reporting
        // is killed while it consumes: offsets not yet committed come again after restart.
        await until(
          async () => (await count(`${schema}_reporting.consumed_events`)) > 400,
          'reporting to be busy consuming',
          120_000,
          running(),
        );
        await stopApp(apps.reporting, 'SIGKILL');
        apps.reporting = spawnApp('reporting', reportingEnv);

        for (const port of [planningPort, reportingPort, assessmentPort]) {
          await until(
            async () =>
              (await graphqlAt(url(port), '{ __typename }', {}, office)).data?.__typename ===
              'Query',
            `the service on ${port} to answer`,
            120_000,
            running(),
          );
        }
        const projectId = `dist-${process.pid}`;
        const ok = async (port: number, query: string, input: Record<string, unknown>) => {
          const token = port === reportingPort ? reporter : office;
          const result = await graphqlAt(url(port), query, { input }, token);
          expect(result.errors).toBeUndefined();
        };
        const key = (label: string) => `${schema}-${label}`;
        await ok(
          planningPort,
          `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
          heatingProjectProposal(projectId, key('propose')),
        );
        await ok(
          planningPort,
          `mutation($input: ApproveProjectInput!) { approveProject(input: $input) { replayed } }`,
          heatingProjectApproval(projectId, key('approve')),
        );
        await ok(
          planningPort,
          `mutation($input: DisburseFundsInput!) { disburseFunds(input: $input) { replayed } }`,
          {
            idempotencyKey: key('pay'),
            projectId,
            disbursementId: 'PAY-1',
            amount: '600000.10',
            source: 'special_bonds',
            paidOn: '2021-02-01',
            payee: '长春热力集团',
          },
        );
        // Reporting checks reports against its own register: eventually consistent with planning.
        await until(
          async () =>
            (
              await db.query(
                `SELECT 1 FROM ${schema}_reporting.project_register WHERE project_id = $1 AND status = 'approved'`,
                [projectId],
              )
            ).length === 1,
          'reporting to learn of the approval from Kafka',
          60_000,
          running(),
        );
        await ok(
          reportingPort,
          `mutation($input: DispatchReportInput!) { submitDispatchReport(input: $input) { replayed } }`,
          {
            idempotencyKey: key('report'),
            projectId,
            period: '2021-06',
            investmentInMonth: '420000.00',
            cumulativeInvestment: '420000.00',
            physicalProgressPercent: '35',
            physicalProgress: '主体施工',
            submittedBy: '长春热力集团',
          },
        );
        const checked = await graphqlAt(url(assessmentPort), 'mutation { checkRisks }', {}, office);
        expect(checked.errors).toBeUndefined();

        // Reporting, fed only from Kafka, shows planning's disbursement beside its own report.
        await until(
          async () => {
            const rows = await db.query<{ disbursed: string; reported_cumulative: string }>(
              `SELECT disbursed::text, reported_cumulative::text FROM ${schema}_reporting.project_register WHERE project_id = $1`,
              [projectId],
            );
            return (
              rows[0]?.disbursed === '600000.10' && rows[0]?.reported_cumulative === '420000.00'
            );
          },
          'the register to show the disbursement and the report',
          60_000,
          running(),
        );
        const reports = await graphqlAt<{
          dispatchReports: Array<{ cumulativeInvestment: string }>;
        }>(
          url(reportingPort),
          `query($id: String!) { dispatchReports(projectId: $id) { cumulativeInvestment } }`,
          { id: projectId },
          await tokenFor({ role: 'supervisor' }),
        );
        expect(reports.data?.dispatchReports).toEqual([{ cumulativeInvestment: '420000.00' }]);

        // Every Kafka-fed table equals the same projection fed from the store: nothing lost,
        // nothing applied twice (a twice-applied disbursement or correction would show).
        for (const runner of runners) await runner.start();
        const dump = async (service: 'reporting' | 'assessment', owner: string) => {
          const out: unknown[] = [];
          for (const table of TABLES[service])
            out.push(await db.query(`SELECT * FROM ${owner}.${table}`));
          return JSON.stringify(out);
        };
        await until(
          async () => {
            const head = (await store.headPosition())!;
            for (const runner of runners) await runner.catchUpTo(head);
            return (
              (await dump('reporting', `${schema}_reporting`)) ===
                (await dump('reporting', `${schema}_ref_reporting`)) &&
              (await dump('assessment', `${schema}_assessment`)) ===
                (await dump('assessment', `${schema}_ref_assessment`))
            );
          },
          'the Kafka-fed read models to equal the store-fed ones',
          120_000,
          running(),
        );
        expect(await count(`${schema}_reporting.project_register`)).toBeGreaterThan(160);
        expect(await count(`${schema}_assessment.project_facts`)).toBeGreaterThan(160);
        expect(await count(`${schema}_reporting.parked_messages`)).toBe(0);
        // The kill came mid-batch: messages came again, and the tables still equal the store's.
        const [redelivered] = await db.query<{ n: string }>(
          `SELECT coalesce(sum(redeliveries), 0) AS n FROM ${schema}_reporting.consumed_events`,
        );
        expect(Number(redelivered?.n)).toBeGreaterThan(0);
      } finally {
        for (const runner of runners) await runner.stop();
        for (const app of running()) await stopApp(app, 'SIGTERM');
        await store.close();
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${schema}.`));
        await admin.deleteTopics({ topics }).catch(() => undefined);
        await admin.disconnect();
        await dropSchemas(schema);
      }
    }, 400_000);
  },
);
