/**
 * When and how a process exports traces, from the standard OpenTelemetry variables. Off
 * unless an OTLP endpoint is named: an operator who set nothing pays nothing (the SDK is
 * not even loaded).
 */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export type TracingSettings =
  | { enabled: false }
  | { enabled: true; serviceName: string; endpoint: string; protocol: OtlpProtocol };

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json'];

/** A setting the process cannot start with, naming the variable and what it takes. */
export class TracingSettingError extends Error {
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'TracingSettingError';
  }
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function checkUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TracingSettingError(
      variable,
      `"${value}" is not a URL (http://host:4318 or https://...)`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TracingSettingError(
      variable,
      `"${value}" must be an http:// or https:// URL (OTLP over HTTP)`,
    );
  }
  return value;
}

/**
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the full URL of the traces receiver) or
 * OTEL_EXPORTER_OTLP_ENDPOINT (its base; /v1/traces is added) switches tracing on;
 * OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL picks protobuf (default) or JSON; OTEL_SERVICE_NAME
 * names the process, the process's own name by default.
 */
export function tracingSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  processName: string,
): TracingSettings {
  const traces = present(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const base = present(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (traces === undefined && base === undefined) return { enabled: false };
  const endpoint =
    traces !== undefined
      ? checkUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces)
      : `${checkUrl('OTEL_EXPORTER_OTLP_ENDPOINT', base!).replace(/\/+$/, '')}/v1/traces`;
  const protocolVariable = present(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL)
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = present(env[protocolVariable]) ?? 'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new TracingSettingError(
      protocolVariable,
      `"${protocol}" is not supported: use ${PROTOCOLS.join(' or ')} (OTLP over HTTP)`,
    );
  }
  return {
    enabled: true,
    serviceName: present(env.OTEL_SERVICE_NAME) ?? processName,
    endpoint,
    protocol: protocol as OtlpProtocol,
  };
}
