import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicModule } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { PostgresEventStore, RecordedEvent } from '@ledger/event-store';
import { DEAD_LETTER_OPERATIONS_STREAM, SERVICES, catalogValidator } from '@ledger/contracts';
import {
  DeadLetterOperations,
  PROJECTION_FEEDS,
  Projection,
  READ_MODEL_DATABASE,
  SqlDatabase,
  SqlExecutor,
  countServedDeadLetters,
  postgresDatabase,
} from '@ledger/event-sourcing';
import {
  KafkaProjectionConsumer,
  deadLetterSourceOf,
  kafkaFeeds,
  toCloudEvent,
} from '@ledger/messaging';
import { createSubgraphApp } from '@ledger/api/subgraph-host';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  Role,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
  waitUntil,
} from '@ledger/testing';
import { REPORTING_SCHEMA, ReportingModule } from '../../apps/reporting/src/reporting.module';
import { reportingOptionsFromEnv } from '../../apps/reporting/src/reporting.options';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const up = requirePostgres('dead letters e2e') && requireKafka('dead letters e2e');

/**
 * The reporting service in distributed mode (its project register fed from Kafka, real
 * PostgreSQL), with one stand-in: the validation its consumer applies, so the test can ship
 * a wrong schema and then fix it. A valid CloudEvent whose data the wrong schema refuses is
 * parked, the consumer goes on, and after the fix an operator replays it through GraphQL:
 * applied once, a second replay refused, the action recorded on the operations stream.
 */
(up ? describe : describe.skip)(
  'a parked message replayed by an operator (Kafka, PostgreSQL)',
  () => {
    const run = `dl${process.pid}${Date.now().toString(36)}`;
    const storeSchema = uniqueSchemaName('dl_e2e_store');
    const readModelSchema = uniqueSchemaName('dl_e2e_reporting');
    const keyDir = mkdtempSync(join(tmpdir(), 'ledger-dl-key-'));
    const kafka = new Kafka({ clientId: run, brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const topics = Object.values(SERVICES).map((s) => `${run}.${s.topic}`);
    const catalog = catalogValidator();
    /** The wrong schema: refuses the first project's proposal, which the catalog accepts. */
    let refused: string | null = null;
    let app: NestExpressApplication;
    let url: string;
    let store: PostgresEventStore;
    let pool: Pool;

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl(),
      EVENT_STORE_SCHEMA: storeSchema,
      REPORTING_SCHEMA: readModelSchema,
      PROJECTION_SOURCE: 'kafka',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${run}.`,
      KAFKA_GROUP_PREFIX: `${run}-`,
      AUTH_KEY_DIR: keyDir,
      PROJECTION_MAX_ATTEMPTS: '2',
    };

    const feature = (clock: Parameters<typeof ReportingModule.forRoot>[1]): DynamicModule => {
      const module = ReportingModule.forRoot(reportingOptionsFromEnv(env), clock);
      const source = {
        kind: 'kafka' as const,
        brokers: kafkaBrokers(),
        topicPrefix: `${run}.`,
        groupPrefix: `${run}-`,
      };
      return {
        ...module,
        providers: [
          ...(module.providers ?? []),
          // Production's Kafka feeds, but validating through the schema this test can fix.
          {
            provide: PROJECTION_FEEDS,
            inject: [READ_MODEL_DATABASE],
            useFactory: (db: SqlDatabase) =>
              kafkaFeeds(source, db, `progress-ledger-${run}`, {
                validate: (type, version, value) => {
                  const data = value as { projectId?: unknown };
                  if (
                    refused !== null &&
                    type === 'ProjectProposed' &&
                    data.projectId === refused
                  ) {
                    return 'data/projectId must match pattern "^[a-z]+$"';
                  }
                  return catalog(type, version, value);
                },
              }),
          },
        ],
      };
    };

    const token = async (role: Role) =>
      mintLocalToken(await loadOrCreateLocalKey(keyDir), LOCAL_ISSUER, DEFAULT_AUDIENCE, {
        role,
        subject: 'dl-e2e',
      });

    const graphql = async <T>(
      role: Role,
      query: string,
      variables: Record<string, unknown> = {},
    ): Promise<{
      data?: T;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    }> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await token(role)}`,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as {
        data?: T;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
    };

    beforeAll(async () => {
      await admin.connect();
      await admin.createTopics({
        topics: topics.map((topic) => ({ topic, numPartitions: 1 })),
        waitForLeaders: true,
      });
      await producer.connect();
      app = await createSubgraphApp('reporting', feature, REPORTING_SCHEMA, env, ['error']);
      await app.listen(0, '127.0.0.1');
      url = `${await app.getUrl()}/graphql`.replace('[::1]', '127.0.0.1');
      store = await PostgresEventStore.open({
        connectionString: databaseUrl(),
        schema: storeSchema,
      });
      pool = new Pool({ connectionString: databaseUrl(), max: 2 });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [...topics, `${run}.throws`] }).catch(() => undefined);
      await admin.disconnect();
      await store?.close();
      await pool?.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`);
      await pool?.query(`DROP SCHEMA IF EXISTS "${storeSchema}" CASCADE`);
      await pool?.end();
      rmSync(keyDir, { recursive: true, force: true });
    });

    const registered = async (projectId: string) =>
      (
        await pool.query(
          `SELECT 1 FROM "${readModelSchema}".project_register WHERE project_id = $1`,
          [projectId],
        )
      ).rowCount;
    const consumed = async (eventId: string) =>
      (
        await pool.query<{ redeliveries: number }>(
          `SELECT redeliveries FROM "${readModelSchema}".consumed_events
            WHERE consumer = 'reporting.project-register' AND event_id = $1`,
          [eventId],
        )
      ).rows;

    const LIST = `query($kind: String) { reportingDeadLetters(kind: $kind) {
    id kind projection eventId eventType globalPosition topic partition offset error attempts status } }`;
    const REPLAY = `mutation($id: String!, $note: String) { replayReportingDeadLetter(id: $id, note: $note) {
    outcome deadLetter { id status resolvedBy resolution } } }`;

    it('parks the poison message, goes on, and replays it once after the fix', async () => {
      // Two SYNTHETIC projects; each one's first event (its proposal) is all the test sends.
      const streams = [
        ...syntheticProgramme({
          projects: 2,
          months: 1,
          disbursementsPerMonth: 0,
          seed: 16,
          dueOn: (p) => `${p}-12`,
        }),
      ].filter((s) => s.streamId.startsWith('project-'));
      for (const stream of streams) {
        await store.appendToStream(stream.streamId, [
          {
            type: stream.events[0]!.type,
            data: stream.events[0]!.data as never,
            metadata: { actor: 'test' },
          },
        ]);
      }
      const [poison, good] = (await store.readAll({ maxCount: 10 })) as [
        RecordedEvent,
        RecordedEvent,
      ];
      expect([poison.type, good.type]).toEqual(['ProjectProposed', 'ProjectProposed']);
      const poisonProject = projectIdOf(poison);
      const goodProject = projectIdOf(good);
      refused = poisonProject;

      const topic = `${run}.${SERVICES.planning.topic}`;
      await producer.send({ topic, messages: [toCloudEvent(poison, '/test')] });
      await producer.send({ topic, messages: [toCloudEvent(good, '/test')] });

      // The consumer goes on: the later, good message is applied; the poison one is parked.
      await waitUntil(
        async () => (await registered(goodProject)) === 1,
        'the good proposal applied',
      );
      type List = { reportingDeadLetters: Array<Record<string, unknown>> };
      let listed: List['reportingDeadLetters'] = [];
      let answer: unknown = null;
      await waitUntil(
        async () => {
          const response = await graphql<List>('operator', LIST, { kind: 'kafka_message' });
          answer = response;
          listed = response.data?.reportingDeadLetters ?? [];
          return listed.length === 1;
        },
        'the poison message listed as a dead letter',
        { timeoutMs: 20_000, why: () => JSON.stringify(answer) },
      );
      expect(await registered(poisonProject)).toBe(0);
      // What ledger_dead_letters{kind,source} reports at a scrape.
      expect(await countServedDeadLetters()).toEqual([
        { kind: 'kafka_message', source: 'reporting.project-register', count: 1 },
      ]);
      const id = `reporting.project-register@${topic}/0/0`;
      expect(listed[0]).toEqual({
        id,
        kind: 'kafka_message',
        projection: 'reporting.project-register',
        eventId: poison.eventId,
        eventType: 'ProjectProposed',
        globalPosition: poison.globalPosition.toString(),
        topic,
        partition: 0,
        offset: '0',
        error:
          'ProjectProposed v1 does not match its schema: data/projectId must match pattern "^[a-z]+$"',
        attempts: 1,
        status: 'open',
      });

      // Dead letters are the operators' alone, and operators reach nothing else.
      const asSupervisor = await graphql('supervisor', LIST);
      expect(asSupervisor.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const figures = await graphql(
        'operator',
        `
          {
            progress(by: network) {
              key
            }
          }
        `,
      );
      expect(figures.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

      // The schema is fixed; the operator replays the message: applied, exactly once.
      refused = null;
      type Replay = {
        replayReportingDeadLetter: { outcome: string; deadLetter: Record<string, unknown> };
      };
      const first = await graphql<Replay>('operator', REPLAY, { id, note: 'schema 1.4.2 fixed' });
      expect(first.errors).toBeUndefined();
      expect(first.data?.replayReportingDeadLetter).toEqual({
        outcome: 'applied',
        deadLetter: {
          id,
          status: 'replayed',
          resolvedBy: 'operator:dl-e2e',
          resolution: 'schema 1.4.2 fixed',
        },
      });
      expect(await registered(poisonProject)).toBe(1);
      expect(await consumed(poison.eventId)).toEqual([{ redeliveries: 0 }]);

      const second = await graphql<Replay>('operator', REPLAY, { id });
      expect(second.data).toBeNull();
      expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(second.errors?.[0]?.message).toMatch(
        new RegExp(
          `dead letter ${id.replace(/[.]/g, '\\.')} was already replayed at .* by operator:dl-e2e: nothing done`,
        ),
      );
      expect(await consumed(poison.eventId)).toEqual([{ redeliveries: 0 }]);
      expect((await graphql<List>('operator', LIST)).data?.reportingDeadLetters).toEqual([]);
      expect(await countServedDeadLetters()).toEqual([]);

      // The action is an event of the store, on the operations stream, the operator its actor.
      const audit = await store.readStream(DEAD_LETTER_OPERATIONS_STREAM);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        type: 'DeadLetterReplayed',
        metadata: { actor: 'operator:dl-e2e' },
        data: {
          deadLetterId: id,
          kind: 'kafka_message',
          projection: 'reporting.project-register',
          eventId: poison.eventId,
          eventType: 'ProjectProposed',
          globalPosition: poison.globalPosition.toString(),
          outcome: 'applied',
          note: 'schema 1.4.2 fixed',
          error: null,
        },
      });
    }, 60_000);

    it('parks a message whose event the projection keeps failing on, so its partition goes on', async () => {
      const schema = uniqueSchemaName('dl_e2e_throws');
      const topic = `${run}.throws`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      const db = postgresDatabase(pool);
      const projection = new ThrowingProjection(schema);
      const reacted: string[] = [];
      const consumer = new KafkaProjectionConsumer(kafka, db, projection, {
        groupId: `${run}-throws`,
        topics: [topic],
        maxAttempts: 2,
        afterCommit: async (events) => {
          reacted.push(...events.map((e) => (typeof e.data.kind === 'string' ? e.data.kind : '?')));
        },
      });
      const event = (position: bigint, kind: string): RecordedEvent => ({
        eventId: randomUUID() as RecordedEvent['eventId'],
        type: 'Counted',
        data: { kind },
        streamId: `s-${kind}` as RecordedEvent['streamId'],
        streamVersion: 0n,
        globalPosition: position,
        recordedAt: new Date(),
        metadata: { actor: 'test', correlationId: null, causationId: null, validAt: null },
        schemaVersion: 1,
      });
      const poison = event(9_000_001n, 'poison');
      const good = event(9_000_002n, 'good');
      try {
        await consumer.start();
        await producer.send({ topic, messages: [toCloudEvent(poison, '/test')] });
        await producer.send({ topic, messages: [toCloudEvent(good, '/test')] });
        await waitUntil(
          async () => (await projection.applied(pool)).includes('good'),
          'the message after the poison one applied',
        );
        await expect(consumer.waitFor(poison.globalPosition, 5_000)).rejects.toThrow(
          /parked as a dead letter: Counted @9000001 failed 2 times in test\.throwing: cannot count poison/,
        );
        const operations = new DeadLetterOperations(store, db, [
          deadLetterSourceOf(consumer, store),
        ]);
        const [letter] = await operations.list();
        expect(letter).toMatchObject({ kind: 'kafka_message', eventId: poison.eventId });

        projection.fixed = true;
        const replayed = await operations.replay(letter!.id, 'operator:dl-e2e', 'counter fixed');
        expect(replayed.outcome).toBe('applied');
        expect((await projection.applied(pool)).sort()).toEqual(['good', 'poison']);
        // A replayed event is live: what reacts to the read model's commits hears of it.
        expect(reacted).toEqual(['good', 'poison']);
        await expect(consumer.waitFor(poison.globalPosition, 5_000)).resolves.toBeUndefined();
      } finally {
        await consumer.stop();
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    }, 40_000);
  },
);

function projectIdOf(event: RecordedEvent): string {
  const id = event.data.projectId;
  if (typeof id !== 'string') throw new Error(`${event.type} without a projectId`);
  return id;
}

/** Throws on the poison event until it is fixed (a projection bug, not a schema one). */
class ThrowingProjection implements Projection {
  readonly name = 'test.throwing';
  readonly version = 1;
  fixed = false;
  constructor(readonly schema: string) {}
  async setup(tx: SqlExecutor): Promise<void> {
    await tx.query(`CREATE TABLE IF NOT EXISTS "${this.schema}".counted (kind text NOT NULL)`);
  }
  async teardown(tx: SqlExecutor): Promise<void> {
    await tx.query(`DROP TABLE IF EXISTS "${this.schema}".counted`);
  }
  handles(type: string): boolean {
    return type === 'Counted';
  }
  async apply(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    if (event.data.kind === 'poison' && !this.fixed) throw new Error('cannot count poison');
    await tx.query(`INSERT INTO "${this.schema}".counted VALUES ($1)`, [event.data.kind]);
  }
  async applied(pool: Pool): Promise<string[]> {
    const { rows } = await pool.query<{ kind: string }>(
      `SELECT kind FROM "${this.schema}".counted`,
    );
    return rows.map((r) => r.kind);
  }
}
