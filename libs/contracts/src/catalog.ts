import { createGenerator } from 'ts-json-schema-generator';
import { join } from 'node:path';
import { SERVICES } from './services';
import { LEDGER_EVENT_VERSIONS, dataSchemaUri } from './versioning';

export { SERVICES } from './services';

export type JsonSchema = Record<string, unknown>;

export interface EventCatalog {
  catalogVersion: number;
  events: Record<
    string,
    {
      /** The version writers record and the relay publishes. */
      version: number;
      service: string;
      topic: string;
      /** The schema of `version`. */
      schema: JsonSchema;
      /** Every earlier version's schema, by version: stores and topics still hold them. */
      earlierVersions?: Record<string, JsonSchema>;
    }
  >;
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
  const schemaOf = (type: string, version: number, definition: string): JsonSchema => {
    const event = definitions[definition] as { properties?: { data?: JsonSchema } } | undefined;
    const data = event?.properties?.data;
    if (!data) {
      throw new Error(
        `the catalog has no schema for ${type} v${version}: export ${definition} from event-types.ts`,
      );
    }
    return {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: dataSchemaUri(type, version),
      title: version === 1 ? type : `${type} v${version}`,
      ...renameRefs(data),
      definitions: reachable(renameRefs(data), shared),
    };
  };
  for (const [service, { topic, types }] of Object.entries(SERVICES)) {
    for (const type of types) {
      const version = LEDGER_EVENT_VERSIONS.currentVersion(type);
      const earlier = LEDGER_EVENT_VERSIONS.versionsOf(type).filter((v) => v < version);
      events[type] = {
        version,
        service,
        topic,
        schema: schemaOf(type, version, type),
        ...(earlier.length === 0
          ? {}
          : {
              earlierVersions: Object.fromEntries(
                earlier.map((v) => [String(v), schemaOf(type, v, `${type}V${v}`)]),
              ),
            }),
      };
    }
  }
  // 2: every version of each type, and dataschema on every message.
  return { catalogVersion: 2, events };
}

/** A message name per published version: the type for the current one, `Type.v1` for older. */
export function messageName(type: string, version: number, current: number): string {
  return version === current ? type : `${type}.v${version}`;
}

/** Every (type, version, schema) of the catalog, current versions first within a type. */
function allVersions(
  catalog: EventCatalog,
): Array<{ type: string; version: number; name: string; schema: JsonSchema }> {
  return Object.entries(catalog.events).flatMap(([type, entry]) => [
    { type, version: entry.version, name: type, schema: entry.schema },
    ...Object.entries(entry.earlierVersions ?? {}).map(([v, schema]) => ({
      type,
      version: Number(v),
      name: messageName(type, Number(v), entry.version),
      schema,
    })),
  ]);
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
    ce_dataschema: {
      type: 'string',
      pattern: '^urn:progress-ledger:event:[A-Za-z][A-Za-z0-9]*:v[1-9][0-9]*$',
      description:
        "The $id of the catalog schema the value follows: the event type's version as published. Absent on messages published before versions, which are version 1.",
    },
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
  const names = new Map<string, string[]>();
  for (const { type, version, name, schema: full } of allVersions(catalog)) {
    const {
      definitions,
      $schema: _s,
      $id: _i,
      ...payload
    } = full as JsonSchema & { definitions: Record<string, JsonSchema> };
    for (const [definition, schema] of Object.entries(definitions))
      schemas[definition] = toComponentRefs(schema);
    schemas[name] = toComponentRefs(payload);
    names.set(type, [...(names.get(type) ?? []), name]);
    messages[name] = {
      name,
      title: version === 1 ? type : `${type} v${version}`,
      summary: `${type}, schema version ${version} (dataschema ${dataSchemaUri(type, version)})${
        version === catalog.events[type]!.version ? ': what is published now' : ''
      }`,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/CloudEventHeaders' },
      payload: { $ref: `#/components/schemas/${name}` },
      bindings: {
        kafka: { key: { type: 'string', description: 'The stream id: per-stream order holds.' } },
      },
    };
  }
  for (const [service, { topic, types }] of Object.entries(SERVICES)) {
    channels[service] = {
      address: topic,
      description: `Every event the ${service} service records, in log order per stream.`,
      messages: Object.fromEntries(
        types
          .flatMap((t) => names.get(t) ?? [])
          .map((n) => [n, { $ref: `#/components/messages/${n}` }]),
      ),
    };
    operations[`publish${service[0]!.toUpperCase()}${service.slice(1)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${service}` },
      messages: types
        .flatMap((t) => names.get(t) ?? [])
        .map((n) => ({ $ref: `#/channels/${service}/messages/${n}` })),
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
