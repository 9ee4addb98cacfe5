import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { IncomingMessage, Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER, loadOrCreateLocalKey, mintLocalToken } from '@ledger/auth';
import {
  databaseUrl,
  kafkaBrokers,
  requireKafka,
  requirePostgres,
  uniqueSchemaName,
} from '@ledger/testing';
import { heatingProjectProposal } from '../support/heating-project';
import {
  AppProcess,
  dropSchemas,
  freePort,
  graphqlAt,
  spawnApp,
  stopApp,
  until,
} from '../support/processes';

const up = requireKafka('tracing') && requirePostgres('tracing');

/** A span as the test reads it from an OTLP/JSON export. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  links: Array<{ traceId: string; spanId: string }>;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        links?: Array<{ traceId: string; spanId: string }>;
      }>;
    }>;
  }>;
}

/** The JSON encoding writes ids in hex; base64 is accepted too, as some exporters send it. */
function hexId(id: string | undefined): string {
  if (!id) return '';
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
}

/** An OTLP/HTTP traces receiver (JSON protocol) that keeps every span it is sent. */
class TraceReceiver {
  readonly spans: ReceivedSpan[] = [];
  requests = 0;
  private server: Server | undefined;

  async listen(port = 0): Promise<number> {
    this.server = createServer((req, res) => void this.receive(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  private async receive(req: IncomingMessage, res: import('node:http').ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.requests++;
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
    for (const resource of body.resourceSpans ?? []) {
      const service =
        resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ??
        '';
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            traceId: hexId(span.traceId),
            spanId: hexId(span.spanId),
            parentSpanId: hexId(span.parentSpanId),
            name: span.name,
            kind: span.kind,
            links: (span.links ?? []).map((l) => ({
              traceId: hexId(l.traceId),
              spanId: hexId(l.spanId),
            })),
          });
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The chain of parents from `span` up to its trace's root, or the id of the missing parent. */
function ancestry(span: ReceivedSpan, trace: ReceivedSpan[]): ReceivedSpan[] | string {
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const chain = [span];
  for (let at = span; at.parentSpanId !== '';) {
    const parent = byId.get(at.parentSpanId);
    if (!parent) return at.parentSpanId;
    chain.push(parent);
    at = parent;
  }
  return chain;
}

/** The environment of a child process with no tracing settings inherited from ours. */
function withoutOtel(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => !entry[0].startsWith('OTEL_') && entry[1] !== undefined,
    ),
  );
}

(up ? describe : describe.skip)('traces: one mutation is one trace, across Kafka', () => {
  const schema = uniqueSchemaName('trace');
  const receiver = new TraceReceiver();
  const apps: AppProcess[] = [];
  const kafka = new Kafka({
    clientId: 'trace-e2e',
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  let gatewayUrl = '';
  let office = '';
  let db: Client;

  beforeAll(async () => {
    const receiverPort = await receiver.listen();
    const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-trace-auth-'));
    const key = await loadOrCreateLocalKey(keyDirectory);
    office = await mintLocalToken(key, LOCAL_ISSUER, DEFAULT_AUDIENCE, {
      subject: 'trace-e2e',
      role: 'planning_office',
    });
    const [planningPort, reportingPort, gatewayPort, unusedPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env = {
      ...withoutOtel(process.env),
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl(),
      EVENT_STORE_SCHEMA: schema,
      RELAY_SCHEMA: `${schema}_relay`,
      PLANNING_SCHEMA: `${schema}_planning`,
      REPORTING_SCHEMA: `${schema}_reporting`,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${schema}.`,
      KAFKA_GROUP_PREFIX: `${schema}.`,
      PROJECTION_SOURCE: 'kafka',
      AUTH_KEY_DIR: keyDirectory,
      DEADLINE_CHECK_INTERVAL_MS: '0',
      RISK_SWEEP_INTERVAL_MS: '0',
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiverPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Spans reach the receiver a fifth of a second after they end, not five seconds.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
    // The relay first: it creates the topics the consumers subscribe to.
    apps.push(spawnApp('relay', { ...env, PORT: String(await freePort()) }));
    await admin.connect();
    await until(
      async () => (await admin.listTopics()).filter((t) => t.startsWith(`${schema}.`)).length === 4,
      // One per service, and the operations topic (dead letters' audit events).
      'the relay to create the topics',
      60_000,
      apps,
    );
    apps.push(spawnApp('planning', { ...env, PORT: String(planningPort), LOAD_SEED: 'true' }));
    apps.push(spawnApp('reporting', { ...env, PORT: String(reportingPort) }));
    apps.push(
      spawnApp('gateway', {
        ...env,
        PORT: String(gatewayPort),
        PLANNING_URL: url(planningPort),
        REPORTING_URL: url(reportingPort),
        // Not started: the mutation's query plan reaches only planning.
        ASSESSMENT_URL: url(unusedPort),
        AUDIT_URL: url(unusedPort),
      }),
    );
    gatewayUrl = url(gatewayPort);
    await until(
      async () =>
        (await graphqlAt(gatewayUrl, '{ __typename }', {}, office)).data?.__typename === 'Query',
      'the gateway to answer',
      60_000,
      apps,
    );
    db = new Client({ connectionString: databaseUrl() });
    await db.connect();
    // The seed published and applied before the mutation: the relay's next batch is its own.
    await until(
      async () => {
        const { rows } = await db.query<{ behind: boolean }>(
          `SELECT (SELECT max(global_position) FROM "${schema}".events) >
                  coalesce((SELECT max(position) FROM "${schema}_relay".relay_checkpoints), -1) AS behind`,
        );
        return rows[0]?.behind === false;
      },
      'the relay to publish the seed',
      60_000,
      apps,
    );
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await stopApp(app, 'SIGTERM');
    await receiver.close();
    await db?.end();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${schema}.`));
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
    await dropSchemas(schema);
  });

  it('runs gateway -> subgraph -> command -> append -> relay publish -> consumer apply in one trace', async () => {
    const projectId = `trace-${process.pid}`;
    const answer = await graphqlAt(
      gatewayUrl,
      `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      { input: heatingProjectProposal(projectId, `${schema}-propose`) },
      office,
    );
    expect(answer.errors).toBeUndefined();

    const find = (trace: string, service: string, test: (s: ReceivedSpan) => boolean) =>
      receiver.spans.find((s) => s.traceId === trace && s.service === service && test(s));
    let traceId = '';
    const chainOf = () => {
      const command = receiver.spans.find(
        (s) => s.service === 'planning' && s.name === 'command ProposeProject',
      );
      if (!command) return null;
      traceId = command.traceId;
      const spans = {
        gateway: find(traceId, 'gateway', (s) => s.kind === 2),
        subgraph: find(traceId, 'planning', (s) => s.kind === 2),
        command,
        append: find(traceId, 'planning', (s) => s.name === 'event-store append'),
        publish: find(traceId, 'relay', (s) => s.name === 'relay publish'),
        apply: find(traceId, 'reporting', (s) => s.name.startsWith('apply ')),
      };
      return Object.values(spans).every((s) => s !== undefined)
        ? (spans as Record<keyof typeof spans, ReceivedSpan>)
        : null;
    };
    await until(
      async () => chainOf() !== null,
      'every span of the mutation to reach the receiver',
      30_000,
      apps,
    );
    const spans = chainOf()!;
    const trace = receiver.spans.filter((s) => s.traceId === traceId);
    const names = (chain: ReceivedSpan[] | string) =>
      typeof chain === 'string'
        ? `missing parent ${chain}`
        : chain.map((s) => `${s.service}:${s.name}`).reverse();

    // The consumer's apply leads back, parent by parent, through Kafka and the relay, the
    // command and the subgraph, to the gateway's request: the trace's one root.
    const applyChain = ancestry(spans.apply, trace);
    expect(typeof applyChain).not.toBe('string');
    const chain = applyChain as ReceivedSpan[];
    expect(chain[chain.length - 1]).toBe(spans.gateway);
    expect(spans.gateway.parentSpanId).toBe('');
    for (const step of [spans.subgraph, spans.command, spans.publish]) {
      expect(names(chain)).toContain(`${step.service}:${step.name}`);
    }
    // The append is the command's own child; relay and consumer are below the command too.
    expect(spans.append.parentSpanId).toBe(spans.command.spanId);
    expect(spans.publish.parentSpanId).toBe(spans.command.spanId);
    const order = names(chain);
    const at = (span: ReceivedSpan) => order.indexOf(`${span.service}:${span.name}`);
    expect(at(spans.gateway)).toBeLessThan(at(spans.subgraph));
    expect(at(spans.subgraph)).toBeLessThan(at(spans.command));
    expect(at(spans.command)).toBeLessThan(at(spans.publish));
    expect(at(spans.publish)).toBeLessThan(at(spans.apply));
    // Every span the processes sent for this trace has its parent in it: nothing dangles.
    // Children end, and are exported, before their parents (and every read model's consumer
    // adds its own), so the last parents may still be on their way: wait for them, bounded.
    let whole = receiver.spans.filter((s) => s.traceId === traceId);
    const deadline = Date.now() + 15_000;
    while (whole.some((s) => typeof ancestry(s, whole) === 'string') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      whole = receiver.spans.filter((s) => s.traceId === traceId);
    }
    for (const span of whole) expect(names(ancestry(span, whole))).not.toContain('missing');

    // The context crossed the store in the event's metadata and Kafka in the CloudEvents
    // extension (ce_traceparent), naming the command's span.
    const { rows } = await db.query<{ traceparent: string | null }>(
      `SELECT metadata->>'traceparent' AS traceparent FROM "${schema}".events
        WHERE stream_id = $1`,
      [`project-${projectId}`],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.traceparent).toBe(`00-${traceId}-${spans.command.spanId}-01`);
    }
  }, 60_000);

  it('exports nothing and loads no SDK when no endpoint is set (tracing is off by default)', async () => {
    // A process entry's first import, then what instrumentation would hook: nothing of the
    // SDK may be loaded, and pg must be pg's own.
    const probe = `
      require('./libs/observability/src/tracing/register');
      require('pg'); require('kafkajs'); require('graphql');
      const loaded = Object.keys(require.cache).filter((k) => k.includes('@opentelemetry/') && !k.includes('@opentelemetry/api/'));
      const { tracingIsOn } = require('./libs/observability/src/tracing/spans');
      process.stdout.write(JSON.stringify({ loaded, on: tracingIsOn(), wrapped: '__wrapped' in require('pg').Client.prototype.query }));`;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', probe],
        { cwd: join(__dirname, '..', '..'), env: withoutOtel(process.env) },
      );
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('error', reject);
      child.once('exit', () => resolve(out));
    });
    expect(JSON.parse(output)).toEqual({ loaded: [], on: false, wrapped: false });

    // A real process without the setting starts, works and sends the receiver nothing,
    // even with the OTLP default port (4318) being this receiver.
    const quiet = new TraceReceiver();
    const port = await quiet.listen(4318);
    const relay = spawnApp('relay', {
      ...withoutOtel(process.env),
      PORT: String(await freePort()),
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl(),
      EVENT_STORE_SCHEMA: schema,
      RELAY_SCHEMA: `${schema}_quiet_relay`,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `${schema}.quiet.`,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    try {
      expect(port).toBe(4318);
      // It published the whole store (seed and mutation) again, under a prefix of its own.
      await until(
        async () => {
          const { rows } = await db.query<{ caught: boolean }>(
            `SELECT (SELECT max(position) FROM "${schema}_quiet_relay".relay_checkpoints) =
                    (SELECT max(global_position) FROM "${schema}".events) AS caught`,
          );
          return rows[0]?.caught === true;
        },
        'the untraced relay to publish the store',
        60_000,
        [relay],
      );
      // Longer than a traced process takes to export (200 ms): a span would have arrived.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(quiet.requests).toBe(0);
    } finally {
      await stopApp(relay, 'SIGTERM');
      await quiet.close();
    }
  }, 60_000);
});
