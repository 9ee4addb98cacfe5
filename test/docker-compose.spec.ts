import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { planningOptionsFromEnv } from '../apps/planning/src/planning.options';
import { reportingOptionsFromEnv } from '../apps/reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../apps/assessment/src/assessment.options';
import { projectionSourceFromEnv } from '@ledger/messaging';
import { authConfigFromEnv } from '@ledger/auth';
import { listenAddressFromEnv } from '@ledger/domain-kernel';
import { relayOptionsFromEnv } from '../apps/relay/src/relay.options';
import { subgraphUrlsFromEnv } from '../apps/gateway/src/gateway/gateway-only.module';
import { consoleAuthFromEnv } from '../apps/gateway/src/console-host/console-auth';

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
      depends_on?: Record<string, { condition?: string }>;
      healthcheck?: { test?: string[]; interval?: string; retries?: number };
    }
  >;
}
const compose = load(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as Compose;
const apps = ['gateway', 'planning', 'reporting', 'assessment', 'audit', 'relay'];
/** The port each process listens on when PORT is not set (the relay's HTTP server: 4005). */
const DEFAULT_PORTS: Record<string, number> = {
  gateway: 4000,
  planning: 4001,
  reporting: 4002,
  assessment: 4003,
  audit: 4004,
  relay: 4005,
};
/** The services that hold data (everything but the gateway, which only routes). */
const stateful = apps.filter((a) => a !== 'gateway');
/** The services that answer GraphQL and so verify tokens. */
const graphql = apps.filter((a) => a !== 'relay');

describe('docker-compose.yml', () => {
  it('has the production topology: PostgreSQL, Kafka, KurrentDB and every app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'assessment',
        'audit',
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

  it.each(stateful)('%s: its environment is a valid configuration for the apps', (name) => {
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
      /^dist\/apps\/(gateway|planning|reporting|assessment|audit|relay)\/src\/main\.js$/,
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

  it.each(graphql)('%s: verifies tokens against a JWKS URL, as production', (name) => {
    const env = compose.services[name]!.environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    const auth = authConfigFromEnv(env);
    expect(auth.kind).toBe('jwks');
  });

  it('routes the gateway to every subgraph service it depends on', () => {
    const gateway = compose.services.gateway!;
    const env = gateway.environment ?? {};
    for (const name of ['planning', 'reporting', 'assessment', 'audit']) {
      const url = new URL(env[`${name.toUpperCase()}_URL`]!);
      expect(url.hostname).toBe(name);
      expect(url.port).toBe(compose.services[name]!.environment!.PORT);
      expect(Object.keys(gateway.depends_on ?? {})).toContain(name);
    }
  });

  it('points the relay at the Kafka service', () => {
    const brokers = compose.services.relay!.environment!.KAFKA_BROKERS!;
    expect(brokers.split(':')[0]).toBe('kafka');
  });

  it.each(apps)('%s: its listening and operating settings pass the apps’ own checks', (name) => {
    const env = compose.services[name]!.environment ?? {};
    const address = listenAddressFromEnv(env, DEFAULT_PORTS[name]!);
    expect(address.port).toBe(DEFAULT_PORTS[name]);
    // Reachable from the other containers (and the health check's loopback alike).
    expect(address.host).toBe('0.0.0.0');
    if (name === 'relay') expect(() => relayOptionsFromEnv(env)).not.toThrow();
    if (name === 'gateway') {
      expect(subgraphUrlsFromEnv(env)).not.toBeNull();
      expect(() => consoleAuthFromEnv(env, authConfigFromEnv(env))).not.toThrow();
    }
    // The contract's operating settings (LOG_LEVEL, readiness thresholds), on every process.
    expect(['error', 'warn', 'info', 'debug']).toContain(env.LOG_LEVEL);
    for (const threshold of ['READY_MAX_LAG_EVENTS', 'READY_MAX_LAG_SECONDS']) {
      expect(env[threshold]).toMatch(/^[1-9]\d*$/);
    }
  });

  it.each(apps)('%s: its health check asks its own port for /health/ready', (name) => {
    const service = compose.services[name]!;
    const test = service.healthcheck?.test ?? [];
    // node's fetch, not curl: the image is node's, with no curl in it.
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    const port = listenAddressFromEnv(service.environment ?? {}, DEFAULT_PORTS[name]!).port;
    expect(test[3]).toContain(`fetch('http://127.0.0.1:${port}/health/ready')`);
    // Healthy only on a 2xx answer; unhealthy when it cannot be reached at all.
    expect(test[3]).toMatch(/process\.exit\(r\.ok \? 0 : 1\)/);
    expect(test[3]).toMatch(/\(\) => process\.exit\(1\)\)$/);
  });

  it('starts what depends on a service only once that service is healthy', () => {
    const conditions = (name: string) =>
      Object.fromEntries(
        Object.entries(compose.services[name]!.depends_on ?? {}).map(([k, v]) => [k, v.condition]),
      );
    for (const name of apps) {
      for (const [dependency, condition] of Object.entries(conditions(name))) {
        // Every dependency has a health check, so each waits for health, not a mere start.
        expect(compose.services[dependency]!.healthcheck).toBeDefined();
        expect(`${name} -> ${dependency}: ${condition}`).toBe(
          `${name} -> ${dependency}: service_healthy`,
        );
      }
    }
    // The consumers subscribe to topics the relay creates.
    for (const name of ['reporting', 'assessment']) expect(conditions(name).relay).toBeDefined();
  });
});
