import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Parser } from '@asyncapi/parser';
import { Kafka, logLevel } from 'kafkajs';
import { PgliteEventStore, withVersioning } from '@ledger/event-store';
import {
  ADMINISTRATIVE_UNIT_EVENT_TYPES,
  DEAD_LETTER_EVENT_TYPES,
  LEDGER_EVENT_VERSIONS,
  SUPERVISION_EVENT_TYPES,
  currentSchemaVersion,
  dataSchemaUri,
} from '@ledger/contracts';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import { kafkaBrokers, requireKafka } from '@ledger/testing';
import {
  CLOUD_EVENT_HEADERS,
  EventCatalog,
  SERVICES,
  buildAsyncApi,
  buildCatalog,
} from '../../libs/contracts/src/catalog';
import { PROJECT_EVENT_TYPES } from '../../apps/planning/src/project/domain/project.events';
import { PROGRAMME_EVENT_TYPES } from '../../apps/planning/src/programme/domain/programme.events';
import { DISPATCH_REPORT_EVENT_TYPES } from '../../apps/reporting/src/dispatch-report/domain/dispatch-report.events';
import { PROBLEM_EVENT_TYPES } from '../../apps/reporting/src/problem-register/domain/problem.events';
import { NETWORK_REPORT_EVENT_TYPES } from '@ledger/contracts/reporting/network-report.events';
import { RISK_FLAG_EVENT_TYPES } from '../../apps/assessment/src/risk/domain/risk-flags';
import { loadJilin761Seed } from '../../seeds/jilin-761/seed-data';
import {
  establishProgrammeFromSeed,
  listNamedProjectsFromSeed,
} from '../../apps/planning/src/seed/jilin-761-plan';
import { programmeDecider } from '../../apps/planning/src/programme/domain/programme.decider';
import { projectDecider } from '../../apps/planning/src/project/domain/project.decider';
import { syntheticProgramme } from '../../seeds/synthetic/synthetic-programme';

const dir = join(__dirname, '..', '..', 'libs', 'contracts', 'catalog');
const committed = JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as EventCatalog;

describe('the event catalog', () => {
  const catalog = buildCatalog();

  it('is what the code generates: it cannot drift from the event types (run npm run catalog)', () => {
    expect(committed).toEqual(catalog);
    expect(JSON.parse(readFileSync(join(dir, 'asyncapi.json'), 'utf8'))).toEqual(
      buildAsyncApi(catalog),
    );
  });

  it('covers every event type the services record, each on its service topic', () => {
    const recorded = [
      ...PROJECT_EVENT_TYPES,
      ...PROGRAMME_EVENT_TYPES,
      ...ADMINISTRATIVE_UNIT_EVENT_TYPES,
      ...DISPATCH_REPORT_EVENT_TYPES,
      ...PROBLEM_EVENT_TYPES,
      ...NETWORK_REPORT_EVENT_TYPES,
      ...RISK_FLAG_EVENT_TYPES,
      'AssessmentScored',
      ...SUPERVISION_EVENT_TYPES,
      ...DEAD_LETTER_EVENT_TYPES,
    ].sort();
    expect(catalog.events.CircularIssued?.topic).toBe(SERVICES.assessment.topic);
    expect(catalog.events.SummonsRecorded?.version).toBe(1);
    expect(Object.keys(catalog.events).sort()).toEqual(recorded);
    expect(catalog.events.DispatchReportSubmitted?.topic).toBe(SERVICES.reporting.topic);
  });

  it('has an AsyncAPI 3 document that @asyncapi/parser accepts without errors', async () => {
    const { document, diagnostics } = await new Parser().parse(
      readFileSync(join(dir, 'asyncapi.json'), 'utf8'),
    );
    // Severity 0 is an error (the parser and its diagnostics ship different copies of the enum).
    const errors = diagnostics.filter((d) => Number(d.severity) === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    // One per service, and the operations channel (what operators did to dead letters).
    expect(document?.channels().length).toBe(Object.keys(SERVICES).length);
    expect(Object.keys(SERVICES)).toEqual(['planning', 'reporting', 'assessment', 'operations']);
    const versions = Object.values(catalog.events).reduce(
      (n, e) => n + 1 + Object.keys(e.earlierVersions ?? {}).length,
      0,
    );
    expect(document?.allMessages().length).toBe(versions);
  });

  it('publishes every version of each type: the current one and each earlier one, kept', () => {
    for (const [type, entry] of Object.entries(catalog.events)) {
      expect(entry.version).toBe(currentSchemaVersion(type));
      expect(entry.schema.$id).toBe(dataSchemaUri(type, entry.version));
      const earlier = Object.keys(entry.earlierVersions ?? {}).map(Number);
      expect(earlier).toEqual(
        LEDGER_EVENT_VERSIONS.versionsOf(type).filter((v) => v < entry.version),
      );
      for (const v of earlier)
        expect(entry.earlierVersions![String(v)]!.$id).toBe(dataSchemaUri(type, v));
    }
    // The two evolutions: dated planning facts, listed projects with their funding.
    expect(catalog.events.FundsDisbursed?.version).toBe(2);
    expect(catalog.events.ProjectListedInPlan?.earlierVersions?.['1']).toBeDefined();
  });
});

const kafkaUp = requireKafka('published messages against the catalog');

(kafkaUp ? describe : describe.skip)('real published messages validate against the catalog', () => {
  it('every message the relay publishes has CloudEvents headers and a value its schema accepts', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // The relay publishes every type at its current version: that schema, named in dataschema.
    const validators = Object.fromEntries(
      Object.entries(committed.events).map(([type, e]) => [type, ajv.compile(e.schema)]),
    );
    const headersValid = ajv.compile(CLOUD_EVENT_HEADERS);

    // Real domain events: the 761 plan and its named projects, through the deciders, and a
    // small SYNTHETIC programme (projects, disbursements, dispatch reports).
    const raw = await PgliteEventStore.open();
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    const seed = loadJilin761Seed();
    const append = (stream: string, events: Array<{ type: string; data: object }>) =>
      store.appendToStream(
        stream,
        events.map((e) => ({ type: e.type, data: e.data as never, metadata: { actor: 'test' } })),
      );
    await append(
      'programme',
      programmeDecider.decide(establishProgrammeFromSeed(seed), programmeDecider.initialState),
    );
    for (const command of listNamedProjectsFromSeed(seed).slice(0, 20)) {
      await append(
        `project-${command.projectId}`,
        projectDecider.decide(command, projectDecider.initialState),
      );
    }
    for (const stream of syntheticProgramme({
      projects: 7,
      months: 3,
      disbursementsPerMonth: 1,
      seed: 1,
      dueOn: (p) => `${p}-12`,
    })) {
      await append(stream.streamId, stream.events);
    }
    const head = (await store.headPosition())!;

    const run = `c${process.pid}${Date.now().toString(36)}`;
    const topicOf = (type: string) => `${run}.${committed.events[type]?.service ?? 'none'}`;
    const topics = Object.keys(SERVICES).map((s) => `${run}.${s}`);
    const kafka = new Kafka({
      clientId: 'catalog-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const relay = new KafkaRelay(store, pgliteDatabase(raw.db), kafka, {
      name: 'catalog',
      schema: 'relay',
      topics,
      topicFor: topicOf,
      source: '/progress-ledger/test',
    });
    const problems: string[] = [];
    const seen = new Set<string>();
    const consumer = kafka.consumer({ groupId: `${run}-group` });
    try {
      await relay.start();
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          if (!headersValid(headers))
            problems.push(`headers: ${ajv.errorsText(headersValid.errors)}`);
          const type = headers.ce_type ?? '';
          if (headers.ce_dataschema !== committed.events[type]?.schema.$id)
            problems.push(`${type}: dataschema ${headers.ce_dataschema}`);
          const validate = validators[headers.ce_type ?? ''];
          if (!validate) problems.push(`no schema for ${headers.ce_type}`);
          else if (!validate(JSON.parse(String(message.value)))) {
            problems.push(`${headers.ce_type}: ${ajv.errorsText(validate.errors)}`);
          }
          seen.add(headers.ce_id ?? '');
        },
      });
      const deadline = Date.now() + 30_000;
      while (seen.size < Number(head) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      await consumer.disconnect();
      await relay.stop();
      await store.close();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
    expect(seen.size).toBe(Number(head));
    expect(problems).toEqual([]);
  }, 90_000);
});
