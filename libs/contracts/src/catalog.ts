import { createGenerator } from 'ts-json-schema-generator';
import { join } from 'node:path';
import { SERVICES } from './services';

export { SERVICES } from './services';

export type JsonSchema = Record<string, unknown>;

export interface EventCatalog {
  catalogVersion: number;
  events: Record<string, { version: number; service: string; topic: string; schema: JsonSchema }>;
}

/** Component names must match ^[a-zA-Z0-9.\-_]+$: Figure<string> becomes Figure_string_. */
const safe = (name: string): string => name.replace(/[^a-zA-Z0-9.\-_]/g, '_');

/** Generates the catalog from the TypeScript event types themselves (event-types.ts). */
export function buildCatalog(root = join(__dirname, '..', '..', '..')): EventCatalog {
  const generated = createGenerator({
    path: join(root, 'libs/contracts/src/event-types.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: '*',
    skipTypeCheck: true,
    expose: 'export',
    additionalProperties: false,
  }).createSchema('*');
  const definitions = (generated.definitions ?? {}) as Record<string, JsonSchema>;
  const shared = Object.fromEntries(
    Object.entries(definitions).map(([name, schema]) => [safe(name), renameRefs(schema)]),
  );
  const events: EventCatalog['events'] = {};
  for (const [service, { topic, types }] of Object.entries(SERVICES)) {
    for (const type of types) {
      const event = definitions[type] as { properties?: { data?: JsonSchema } } | undefined;
      const data = event?.properties?.data;
      if (!data) throw new Error(`the catalog has no schema for ${type}`);
      events[type] = {
        version: 1,
        service,
        topic,
        schema: {
          $schema: 'http://json-schema.org/draft-07/schema#',
          $id: `urn:progress-ledger:event:${type}:v1`,
          title: type,
          ...renameRefs(data),
          definitions: reachable(renameRefs(data), shared),
        },
      };
    }
  }
  return { catalogVersion: 1, events };
}

/** Only the definitions a schema refers to, directly or through others. */
function reachable(
  schema: JsonSchema,
  shared: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  const found: Record<string, JsonSchema> = {};
  const visit = (node: unknown): void => {
    for (const match of JSON.stringify(node).matchAll(/"#\/definitions\/([^"]+)"/g)) {
      const name = match[1]!;
      if (found[name] || !shared[name]) continue;
      found[name] = shared[name];
      visit(shared[name]);
    }
  };
  visit(schema);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function renameRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replace(/"#\/definitions\/([^"]+)"/g, (_m, name: string) =>
      JSON.stringify(`#/definitions/${safe(decodeURIComponent(name))}`),
    ),
  ) as JsonSchema;
}

/** The CloudEvents headers every message carries (binary mode of the Kafka binding). */
export const CLOUD_EVENT_HEADERS: JsonSchema = {
  type: 'object',
  required: [
    'ce_specversion',
    'ce_id',
    'ce_type',
    'ce_source',
    'ce_subject',
    'ce_time',
    'ce_sequence',
    'content-type',
  ],
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string', description: 'Event id (UUID v7): consumers deduplicate by it.' },
    ce_type: { type: 'string' },
    ce_source: { type: 'string' },
    ce_subject: { type: 'string', description: 'Stream id, also the message key.' },
    ce_time: { type: 'string', format: 'date-time', description: 'When the event was recorded.' },
    ce_sequence: {
      type: 'string',
      pattern: '^[0-9]+$',
      description: 'Global position in the log.',
    },
    ce_streamversion: { type: 'string', pattern: '^[0-9]+$' },
    ce_actor: { type: 'string' },
    ce_correlationid: { type: 'string' },
    ce_causationid: { type: 'string' },
    ce_validtime: { type: 'string', description: 'When the fact is about, if not when recorded.' },
    ce_hash: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description:
        "The event's link in its stream's hash chain (libs/event-store/HASH-CHAIN.md): a copy outside the ledger's database, for auditors.",
    },
    ce_previoushash: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'The hash of the event before it in its stream (64 zeros for the first).',
    },
    'content-type': { type: 'string', const: 'application/json' },
  },
};

/** An AsyncAPI 3 document for the topics, keys, headers and messages of the catalog. */
export function buildAsyncApi(catalog: EventCatalog): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { CloudEventHeaders: CLOUD_EVENT_HEADERS };
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [type, entry] of Object.entries(catalog.events)) {
    const {
      definitions,
      $schema: _s,
      $id: _i,
      ...payload
    } = entry.schema as JsonSchema & { definitions: Record<string, JsonSchema> };
    for (const [name, schema] of Object.entries(definitions))
      schemas[name] = toComponentRefs(schema);
    schemas[type] = toComponentRefs(payload);
    messages[type] = {
      name: type,
      title: type,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/CloudEventHeaders' },
      payload: { $ref: `#/components/schemas/${type}` },
      bindings: {
        kafka: { key: { type: 'string', description: 'The stream id: per-stream order holds.' } },
      },
    };
  }
  for (const [service, { topic, types }] of Object.entries(SERVICES)) {
    channels[service] = {
      address: topic,
      description: `Every event the ${service} service records, in log order per stream.`,
      messages: Object.fromEntries(types.map((t) => [t, { $ref: `#/components/messages/${t}` }])),
    };
    operations[`publish${service[0]!.toUpperCase()}${service.slice(1)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${service}` },
      messages: types.map((t) => ({ $ref: `#/channels/${service}/messages/${t}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Progress Ledger events',
      version: `${catalog.catalogVersion}.0.0`,
      description:
        'Every approval, disbursement, milestone, report, score and flag, as CloudEvents on Kafka (binary mode).',
    },
    defaultContentType: 'application/json',
    servers: {
      development: {
        host: '127.0.0.1:19092',
        protocol: 'kafka',
        description: 'tools/kafka/broker.sh',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

function toComponentRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replace(/"#\/definitions\//g, '"#/components/schemas/'),
  ) as JsonSchema;
}
