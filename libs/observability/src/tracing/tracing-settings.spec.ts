import { processNameOf } from './process-name';
import { TracingSettingError, tracingSettingsFromEnv } from './tracing-settings';

describe('tracing settings', () => {
  it('are off unless an OTLP endpoint is named', () => {
    expect(tracingSettingsFromEnv({}, 'planning')).toEqual({ enabled: false });
    expect(tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, 'planning')).toEqual({
      enabled: false,
    });
  });

  it('take the traces endpoint as is, or the base endpoint with /v1/traces', () => {
    expect(
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'relay'),
    ).toEqual({
      enabled: true,
      serviceName: 'relay',
      endpoint: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
    });
    expect(
      tracingSettingsFromEnv(
        {
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otel.example/traces',
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_SERVICE_NAME: 'planning-eu',
        },
        'planning',
      ),
    ).toEqual({
      enabled: true,
      serviceName: 'planning-eu',
      endpoint: 'https://otel.example/traces',
      protocol: 'http/json',
    });
  });

  it('refuse what OTLP over HTTP cannot do, naming the variable', () => {
    expect(() =>
      tracingSettingsFromEnv(
        {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317',
          OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
        },
        'gateway',
      ),
    ).toThrow(/^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "grpc" is not supported/);
    expect(() =>
      tracingSettingsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'gateway'),
    ).toThrow(TracingSettingError);
  });

  it('name a process by its entry file', () => {
    expect(processNameOf('/srv/ledger/apps/planning/src/main.ts', {})).toBe('planning');
    expect(processNameOf('/srv/ledger/dist/apps/relay/src/main.js', {})).toBe('relay');
    expect(processNameOf('/srv/ledger/dist/apps/gateway/src/main.js', {})).toBe('standalone');
    expect(processNameOf('apps/gateway/src/main.ts', { PLANNING_URL: 'http://p/graphql' })).toBe(
      'gateway',
    );
  });
});
