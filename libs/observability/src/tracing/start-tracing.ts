import type { NodeSDK } from '@opentelemetry/sdk-node';
import { markTracingStarted } from './spans';
import { TracingSettings, tracingSettingsFromEnv } from './tracing-settings';

/** Paths whose requests are the operator's own polling, not the ledger's work. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

let sdk: NodeSDK | undefined;

/**
 * Starts the OpenTelemetry SDK with the http, graphql, pg and kafkajs instrumentations
 * when the settings say so, and does nothing otherwise: the SDK and the instrumentations
 * are required here, lazily, so a process without an endpoint never loads them. Must run
 * before those modules are first required (instrumentation hooks `require`): every process
 * entry imports `register` as its very first line.
 */
export function startTracing(
  processName: string,
  env: NodeJS.ProcessEnv = process.env,
): TracingSettings {
  const settings = tracingSettingsFromEnv(env, processName);
  if (!settings.enabled || sdk !== undefined) return settings;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } =
    require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { KafkaJsInstrumentation } =
    require('@opentelemetry/instrumentation-kafkajs') as typeof import('@opentelemetry/instrumentation-kafkajs');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: settings.serviceName,
    // Traces only: metrics are prom-client's (/metrics), logs are JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Resolver spans for the operation's own fields only; argument values stay masked.
      new GraphQLInstrumentation({ depth: 2, ignoreTrivialResolveSpans: true, mergeItems: true }),
      // A query outside any span is a poll (a subscription tailing the log, a relay waiting
      // for events): thousands of one-span traces that say nothing.
      new PgInstrumentation({ requireParentSpan: true }),
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  markTracingStarted();
  return settings;
}

/** Exports what is still buffered and stops the SDK; nothing to do while tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}
