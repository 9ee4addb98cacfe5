import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, TokenRequest } from '@ledger/auth';
import { SERVICES, topicFor } from '@ledger/contracts';
import { postgresDatabase } from '@ledger/event-sourcing';
import { EVENT_STORE, EventStore, PostgresEventStore, RAW_EVENT_STORE } from '@ledger/event-store';
import { KafkaRelay } from '@ledger/messaging';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
  waitUntil,
} from '@ledger/testing';
import {
  GatewayOnlyModule,
  subgraphUrlsFromEnv,
} from '../../apps/gateway/src/gateway/gateway-only.module';
import { LiveNotices } from '../../apps/gateway/src/live/live-notices';
import { SUBGRAPHS, subgraphPath } from '../../apps/gateway/src/subgraphs';
import { heatingProjectApproval, heatingProjectProposal } from '../support/heating-project';
import { LiveClients, heard, heardAt, listen, noticesAt, percentile } from '../support/live-client';
import { RunningApp, startStandalone } from '../support/standalone-app';

const up =
  requireKafka('live updates, distributed') && requirePostgres('live updates, distributed');

/**
 * Distributed mode's live updates: the gateway alone has no store, so its notices come from
 * Kafka. Here the services are a standalone app on PostgreSQL, its store published by the
 * relay (in process), and the gateway a process of its own kind in front of their subgraphs.
 */
(up ? describe : describe.skip)('live updates through the gateway alone, fed by Kafka', () => {
  const prefix = `${uniqueSchemaName('live')}.`;
  let services: RunningApp;
  let relay: KafkaRelay;
  let gateway: INestApplication;
  let gatewayUrl: string;
  let live: LiveNotices;
  let clients: LiveClients;
  const kafka = new Kafka({
    clientId: 'live-e2e',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  let counter = 0;
  const key = (label: string) => `live-dist-${label}-${process.pid}-${++counter}`;
  const changchunProject = `jl-live-dist-cc-${process.pid}`;
  const jilinProject = `jl-live-dist-jl-${process.pid}`;

  beforeAll(async () => {
    const schema = prefix.slice(0, -1);
    services = await startStandalone({
      store: {
        adapter: 'postgres',
        connectionString: databaseUrl(),
        schema: `${schema}_store`,
        poolSize: 10,
      },
      schema,
    });
    const store = services.app.get<EventStore>(EVENT_STORE);
    const raw = services.app.get<PostgresEventStore>(RAW_EVENT_STORE);
    relay = new KafkaRelay(store, postgresDatabase(raw.pool), kafka, {
      name: 'kafka',
      schema: `${schema}_relay`,
      topics: Object.values(SERVICES).map((s) => `${prefix}${s.topic}`),
      topicFor: (type) => {
        const topic = topicFor(type);
        return topic === undefined ? undefined : `${prefix}${topic}`;
      },
      source: '/progress-ledger',
    });
    await relay.start();
    // The seed is published before the gateway starts: it reads from "now" on.
    const head = await store.headPosition();
    await waitUntil(() => relay.checkpoint === head, 'the relay published the seed');

    const base = services.url.replace(/\/graphql$/, '');
    const urls = subgraphUrlsFromEnv(
      Object.fromEntries(
        SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, `${base}${subgraphPath(name)}`]),
      ),
    );
    gateway = await NestFactory.create(
      GatewayOnlyModule.forRoot(
        urls!,
        {
          kind: 'local',
          keyDirectory: join(services.dataDir, 'auth'),
          issuer: LOCAL_ISSUER,
          audience: DEFAULT_AUDIENCE,
        },
        { brokers: kafkaBrokers(), topicPrefix: prefix, groupPrefix: prefix },
      ),
      { logger: ['error', 'warn'] },
    );
    await gateway.listen(0, '127.0.0.1');
    gatewayUrl = `${(await gateway.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
    live = gateway.get(LiveNotices);
    expect(live.live).toBe(true);
    clients = new LiveClients(gatewayUrl.replace(/^http/, 'ws'));

    await command('proposeProject', 'ProposeProjectInput', {
      ...heatingProjectProposal(changchunProject, key('propose')),
    });
    await command('approveProject', 'ApproveProjectInput', {
      ...heatingProjectApproval(changchunProject, key('approve')),
    });
  }, 180_000);

  afterEach(async () => {
    await clients?.disposeAll();
    await waitUntil(() => live.size === 0, 'every subscription ended', { timeoutMs: 5_000 });
  });

  afterAll(async () => {
    await gateway?.close();
    await relay?.stop();
    await services?.close();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  /** Through the gateway alone, as the planning office. */
  async function command(field: string, inputType: string, input: Record<string, unknown>) {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await services.token({ role: 'planning_office' })}`,
      },
      body: JSON.stringify({
        query: `mutation($input: ${inputType}!) { ${field}(input: $input) { position } }`,
        variables: { input },
      }),
    });
    const body = (await response.json()) as {
      data?: Record<string, { position: string | null }>;
      errors?: Array<{ message: string }>;
    };
    if (body.errors?.length) throw new Error(`${field}: ${body.errors[0]!.message}`);
    return body.data![field]!;
  }

  let payment = 0;
  const disburse = () =>
    command('disburseFunds', 'DisburseFundsInput', {
      idempotencyKey: key('pay'),
      projectId: changchunProject,
      disbursementId: `LIVE-DIST-${++payment}`,
      amount: '100.00',
      source: 'special_bonds',
      paidOn: '2021-04-20',
      payee: '长春热力集团',
    });

  const as = async (request: Partial<TokenRequest>) =>
    clients.openWithToken(await services.token({ role: 'supervisor', ...request }));

  const opened = (count: number) =>
    waitUntil(() => live.size === count, `${count} subscriptions open`, {
      timeoutMs: 10_000,
      intervalMs: 10,
    });

  it("tells the project's readers, as the graph scopes them, and no one else", async () => {
    const supervisor = listen(await as({ role: 'supervisor' }));
    const changchun = listen(await as({ role: 'region', region: 'changchun' }));
    const jilinCity = listen(await as({ role: 'region', region: 'jilin-city' }));
    await opened(3);

    const paid = await disburse();
    await Promise.all([heardAt(supervisor, paid.position), heardAt(changchun, paid.position)]);
    // Kafka orders per stream only: the project of Jilin city is proposed once the
    // disbursement has been offered to every subscriber, so jilin-city's answer about it
    // comes before its notice of the new project.
    const other = await command('proposeProject', 'ProposeProjectInput', {
      ...heatingProjectProposal(jilinProject, key('propose')),
      regionCode: 'jilin-city',
      responsibleUnit: '吉林市热力集团',
    });
    await Promise.all([heardAt(jilinCity, other.position), heardAt(supervisor, other.position)]);

    expect(noticesAt(supervisor, paid.position)).toEqual([
      expect.objectContaining({
        type: 'FundsDisbursed',
        service: 'planning',
        projectId: changchunProject,
        streamId: `project-${changchunProject}`,
      }),
    ]);
    expect(noticesAt(changchun, paid.position)).toEqual(noticesAt(supervisor, paid.position));
    expect(heard(jilinCity, paid.position)).toBe(false);
    expect(jilinCity.notices.map((n) => n.projectId)).not.toContain(changchunProject);
    expect(changchun.notices.map((n) => n.projectId)).not.toContain(jilinProject);
  });

  // The latency goal is timed by `npm run bench:console`; here every payment must be heard.
  it('hears each of 8 disbursements', async () => {
    const supervisor = listen(await as({ role: 'supervisor' }), { projectId: changchunProject });
    await opened(1);
    const latencies: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const paid = await disburse();
      await heardAt(supervisor, paid.position);
      const notice = supervisor.notices.find((n) => n.position === paid.position)!;
      latencies.push(notice.receivedAt - Date.parse(notice.recordedAt));
    }
    console.log(
      `live updates via Kafka (relay in process), 8 disbursements: recordedAt -> notice p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`,
    );
    expect(latencies).toHaveLength(8);
  });
});
