import { SettingError, ledgerClockFromEnv, listenAddressFromEnv } from '@ledger/domain-kernel';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { projectionSourceFromEnv } from '@ledger/messaging';
import { authConfigFromEnv } from '@ledger/auth';
import { planningOptionsFromEnv } from '../../apps/planning/src/planning.options';
import { reportingOptionsFromEnv } from '../../apps/reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../../apps/assessment/src/assessment.options';
import { relayOptionsFromEnv } from '../../apps/relay/src/relay.options';
import { subgraphUrlsFromEnv } from '../../apps/gateway/src/gateway/gateway-only.module';
import { consoleAuthFromEnv } from '../../apps/gateway/src/console-host/console-auth';
import { runSettingsFromEnv } from '../../tools/distributed/run';

/** What a reader throws for `env`: a SettingError, whose message is returned. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(SettingError);
    return (error as Error).message;
  }
  throw new Error('the setting was accepted');
}

describe('every setting is checked at start, with the variable, the value and what is allowed', () => {
  it('PORT and HOST: a port is a whole number from 1 to 65535', () => {
    expect(refusal(() => listenAddressFromEnv({ PORT: '40o1' }, 4001))).toBe(
      'PORT must be a port, a whole number from 1 to 65535, got "40o1"',
    );
    expect(refusal(() => listenAddressFromEnv({ PORT: '70000' }, 4001))).toMatch(/"70000"/);
    expect(refusal(() => listenAddressFromEnv({ HOST: 'http://0.0.0.0' }, 4001))).toMatch(
      /^HOST must be an address or host name/,
    );
    expect(listenAddressFromEnv({ PORT: '4101', HOST: '0.0.0.0' }, 4001)).toEqual({
      port: 4101,
      host: '0.0.0.0',
    });
  });

  it('the store: a known EVENT_STORE, a PostgreSQL URL (its password never shown), a schema name', () => {
    expect(refusal(() => eventStoreConfigFromEnv({ EVENT_STORE: 'postgresql' }))).toBe(
      'EVENT_STORE must be pglite, embedded-postgres, postgres or eventstoredb, got "postgresql"',
    );
    const url = refusal(() =>
      eventStoreConfigFromEnv({
        EVENT_STORE: 'postgres',
        DATABASE_URL: 'mysql://ledger:s3cret@db/ledger',
      }),
    );
    expect(url).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(url).not.toContain('s3cret');
    expect(
      refusal(() =>
        eventStoreConfigFromEnv({
          EVENT_STORE: 'postgres',
          DATABASE_URL: 'postgres://db/ledger',
          EVENT_STORE_SCHEMA: 'Event-Store',
        }),
      ),
    ).toMatch(/^EVENT_STORE_SCHEMA must be a lower-case SQL identifier.*"Event-Store"/);
    expect(refusal(() => eventStoreConfigFromEnv({ EVENT_STORE: 'postgres' }))).toBe(
      'DATABASE_URL is required when EVENT_STORE=postgres',
    );
    expect(
      refusal(() =>
        eventStoreConfigFromEnv({
          EVENT_STORE: 'eventstoredb',
          EVENTSTORE_URL: 'http://esdb:2113',
        }),
      ),
    ).toMatch(/^EVENTSTORE_URL must be an esdb:\/\//);
  });

  it('Kafka: brokers as host:port with real ports, prefixes Kafka can name topics with', () => {
    expect(
      refusal(() =>
        projectionSourceFromEnv({ PROJECTION_SOURCE: 'kafka', KAFKA_BROKERS: 'kafka:99092' }),
      ),
    ).toMatch(/^KAFKA_BROKERS must be Kafka brokers as host:port.*"kafka:99092"/);
    expect(refusal(() => projectionSourceFromEnv({ PROJECTION_SOURCE: 'kakfa' }))).toBe(
      'PROJECTION_SOURCE must be store or kafka, got "kakfa"',
    );
    expect(
      refusal(() =>
        projectionSourceFromEnv({
          PROJECTION_SOURCE: 'kafka',
          KAFKA_BROKERS: 'kafka:9092',
          KAFKA_TOPIC_PREFIX: 'staging/',
        }),
      ),
    ).toMatch(/^KAFKA_TOPIC_PREFIX must be letters, digits/);
  });

  it('the relay: its brokers, checkpoint schema and port', () => {
    expect(refusal(() => relayOptionsFromEnv({ KAFKA_BROKERS: 'kafka' }))).toMatch(
      /^KAFKA_BROKERS must be/,
    );
    expect(refusal(() => relayOptionsFromEnv({ RELAY_SCHEMA: 'relay;drop' }))).toMatch(
      /^RELAY_SCHEMA must be a lower-case SQL identifier/,
    );
    expect(refusal(() => relayOptionsFromEnv({ PORT: '0' }))).toMatch(/^PORT must be a port/);
    expect(relayOptionsFromEnv({})).toEqual({
      brokers: ['127.0.0.1:19092'],
      topicPrefix: '',
      schema: 'relay',
      listen: { port: 4005, host: '127.0.0.1' },
    });
  });

  it("the services' options: schemas, intervals, the seed switch", () => {
    expect(refusal(() => planningOptionsFromEnv({ LOAD_SEED: 'yes' }))).toBe(
      'LOAD_SEED must be true or false, got "yes"',
    );
    expect(refusal(() => reportingOptionsFromEnv({ DEADLINE_CHECK_INTERVAL_MS: '1h' }))).toMatch(
      /^DEADLINE_CHECK_INTERVAL_MS must be a whole number of ms, got "1h"/,
    );
    expect(refusal(() => assessmentOptionsFromEnv({ ASSESSMENT_SCHEMA: 'a b' }))).toMatch(
      /^ASSESSMENT_SCHEMA must be a lower-case SQL identifier/,
    );
  });

  it('the gateway: every subgraph URL an http(s) URL', () => {
    expect(
      refusal(() =>
        subgraphUrlsFromEnv({
          PLANNING_URL: 'http://planning:4001/graphql',
          REPORTING_URL: 'reporting:4002/graphql',
          ASSESSMENT_URL: 'http://assessment:4003/graphql',
          AUDIT_URL: 'http://audit:4004/graphql',
        }),
      ),
    ).toBe('REPORTING_URL must be a http:// or https:// URL, got "reporting:4002/graphql"');
  });

  it('auth, the clock and the console: their own checks, as SettingErrors', () => {
    expect(refusal(() => authConfigFromEnv({ AUTH_JWKS_URL: 'not a url' }))).toBe(
      'AUTH_JWKS_URL must be a URL, got "not a url"',
    );
    expect(refusal(() => ledgerClockFromEnv({ LEDGER_CLOCK_ADVANCE: 'true' }))).toMatch(
      /^LEDGER_CLOCK_ADVANCE needs LEDGER_CLOCK/,
    );
    expect(
      refusal(() => consoleAuthFromEnv({ CONSOLE_DEV_LOGIN: 'on' }, authConfigFromEnv({}))),
    ).toBe('CONSOLE_DEV_LOGIN must be true or false, got "on"');
  });

  it('the distributed launcher: its database URL and its ports', () => {
    expect(refusal(() => runSettingsFromEnv({ DISTRIBUTED_BASE_PORT: '65533' }))).toMatch(
      /^DISTRIBUTED_BASE_PORT must be a port from 1 to 65529/,
    );
    expect(refusal(() => runSettingsFromEnv({ DATABASE_URL: 'postgres//oops' }))).toMatch(
      /^DATABASE_URL must be a postgres:\/\//,
    );
  });
});
