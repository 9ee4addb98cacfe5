import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { PgliteEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS, currentSchemaVersion, dataSchemaUri } from '@ledger/contracts';
import { pgliteDatabase } from '@ledger/event-sourcing';
import { KafkaRelay } from '@ledger/messaging';
import { kafkaBrokers, requireCommand, requireKafka } from '@ledger/testing';
import { SERVICES, topicFor } from '../../libs/contracts/src/services';
import { catalogValidator } from '../../libs/contracts/src/event-validator';
import { SeedLoader } from '../../apps/planning/src/seed/seed-loader';

const run = promisify(execFile);
const up = requireKafka('kcat outside client') && requireCommand('kcat', 'kcat outside client');

/** One message as `kcat -J` prints it: headers as a flat [name, value, ...] list. */
interface KcatMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

/**
 * An integrating system that is not ours and not Node.js: kcat (librdkafka) reads the
 * planning topic and sees CloudEvents whose data validates against the public catalog.
 */
(up ? describe : describe.skip)('an outside client (kcat) reading a topic', () => {
  it('sees every event with its CloudEvents headers, each value valid against its schema', async () => {
    const prefix = `kcat${process.pid}${Date.now().toString(36)}.`;
    const kafka = new Kafka({
      clientId: 'kcat-test',
      brokers: kafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const raw = await PgliteEventStore.open();
    // As the services write it and the relay publishes it: every type at its current version.
    const store = withVersioning(raw, LEDGER_EVENT_VERSIONS);
    const relay = new KafkaRelay(store, pgliteDatabase(raw.db), kafka, {
      name: 'kcat',
      schema: 'relay',
      topics: Object.values(SERVICES).map((s) => `${prefix}${s.topic}`),
      topicFor: (type) => {
        const topic = topicFor(type);
        return topic === undefined ? undefined : `${prefix}${topic}`;
      },
      source: '/progress-ledger/kcat-test',
    });
    try {
      // The real 761 plan, as planning loads it on first start.
      await new SeedLoader(store, { readModelSchema: 'planning', loadSeed: true }).load();
      const stored = await store.readAll({ maxCount: 10_000 });
      await relay.start();
      const head = stored[stored.length - 1]!.globalPosition;
      while ((relay.checkpoint ?? 0n) < head) await new Promise((r) => setTimeout(r, 100));

      const topic = `${prefix}${SERVICES.planning.topic}`;
      const { stdout } = await run(
        'kcat',
        ['-b', kafkaBrokers().join(','), '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-J'],
        { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 },
      );
      const messages = stdout
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line) => JSON.parse(line) as KcatMessage);
      const planning = stored.filter((e) => topicFor(e.type) === SERVICES.planning.topic);
      expect(messages).toHaveLength(planning.length);
      expect(messages.length).toBeGreaterThan(300);

      const byId = new Map<string, (typeof planning)[number]>(planning.map((e) => [e.eventId, e]));
      const validate = catalogValidator();
      const problems: string[] = [];
      for (const m of messages) {
        const flat = m.headers ?? [];
        const h: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
        const event = byId.get(h.ce_id ?? '');
        if (!event) {
          problems.push(`${m.partition}@${m.offset}: ce_id ${h.ce_id} is no stored event`);
          continue;
        }
        expect(h).toMatchObject({
          ce_specversion: '1.0',
          ce_type: event.type,
          ce_source: '/progress-ledger/kcat-test',
          ce_subject: event.streamId,
          ce_time: event.recordedAt.toISOString(),
          ce_sequence: event.globalPosition.toString(),
          'content-type': 'application/json',
          // The hash chain travels with each event: an outside copy for auditors.
          ce_previoushash: event.chain?.previousHash,
        });
        expect(h.ce_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(h.ce_hash).toBe(event.chain?.hash);
        expect(m.key).toBe(event.streamId);
        const data: unknown = JSON.parse(m.payload ?? 'null');
        expect(h.ce_dataschema).toBe(dataSchemaUri(event.type, currentSchemaVersion(event.type)));
        const invalid = validate(event.type, currentSchemaVersion(event.type), data);
        if (invalid) problems.push(`${event.type} ${event.eventId}: ${invalid}`);
        expect(data).toEqual(event.data);
      }
      expect(problems).toEqual([]);
      expect(new Set(messages.map((m) => m.headers?.[m.headers.indexOf('ce_id') + 1])).size).toBe(
        planning.length,
      );
    } finally {
      await relay.stop();
      await store.close();
      const admin = kafka.admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
  }, 120_000);
});
