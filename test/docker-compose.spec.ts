import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { planningOptionsFromEnv } from '../apps/planning/src/planning.options';
import { reportingOptionsFromEnv } from '../apps/reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../apps/assessment/src/assessment.options';
import { projectionSourceFromEnv } from '@ledger/messaging';

/**
 * docker-compose.yml cannot run here (no Docker engine): this keeps it honest by reading
 * every service's environment with the very functions the apps read their settings with.
 */
interface Compose {
  services: Record<
    string,
    {
      command?: string[];
      environment?: Record<string, string>;
      depends_on?: Record<string, unknown>;
    }
  >;
}
const compose = load(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as Compose;
const apps = ['gateway', 'planning', 'reporting', 'assessment', 'relay'];

describe('docker-compose.yml', () => {
  it('has the production topology: PostgreSQL, Kafka, KurrentDB and every app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'assessment',
        'eventstoredb',
        'gateway',
        'kafka',
        'planning',
        'postgres',
        'relay',
        'reporting',
      ].sort(),
    );
  });

  it.each(apps)('%s: its environment is a valid configuration for the apps', (name) => {
    const service = compose.services[name]!;
    const env = service.environment ?? {};
    expect(() => eventStoreConfigFromEnv(env)).not.toThrow();
    expect(() => planningOptionsFromEnv(env)).not.toThrow();
    expect(() => reportingOptionsFromEnv(env)).not.toThrow();
    expect(() => assessmentOptionsFromEnv(env)).not.toThrow();
    expect(() => projectionSourceFromEnv(env)).not.toThrow();
    expect(eventStoreConfigFromEnv(env).adapter).toBe('postgres');
    const host = new URL(env.DATABASE_URL!).hostname;
    expect(compose.services[host]).toBeDefined();
    expect(Object.keys(service.depends_on ?? {})).toContain(host);
  });

  it.each(apps)('%s: runs a file the build produces', (name) => {
    const command = compose.services[name]!.command ?? [];
    expect(command[0]).toBe('node');
    const target = command[1] ?? '';
    expect(target).toMatch(
      /^dist\/apps\/(gateway|planning|reporting|assessment|relay)\/src\/main\.js$/,
    );
    // The source of that file exists (the build compiles apps/<app>/src/main.ts).
    expect(() =>
      readFileSync(join(__dirname, '..', target.replace(/^dist\//, '').replace(/\.js$/, '.ts'))),
    ).not.toThrow();
  });

  it.each(['reporting', 'assessment'])('%s: its read models consume the Kafka service', (name) => {
    const env = compose.services[name]!.environment ?? {};
    const source = projectionSourceFromEnv(env);
    expect(source.kind).toBe('kafka');
    if (source.kind === 'kafka') expect(source.brokers[0]!.split(':')[0]).toBe('kafka');
    expect(Object.keys(compose.services[name]!.depends_on ?? {})).toContain('kafka');
  });

  it('points the relay at the Kafka service', () => {
    const brokers = compose.services.relay!.environment!.KAFKA_BROKERS!;
    expect(brokers.split(':')[0]).toBe('kafka');
  });
});
