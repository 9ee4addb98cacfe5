import {
  Attributes,
  Context,
  Link,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  context,
  createTraceState,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';

/**
 * The spans the ledger makes itself, where no instrumentation sees the work: a command, a
 * store append, a relay batch, a projection's apply. Only @opentelemetry/api is loaded here
 * (a few kB of no-op objects); while tracing is off every helper returns at its first line,
 * so the write path pays one boolean test per command.
 */
let on = false;

/** Set once by startTracing, after the SDK registered its tracer provider. */
export function markTracingStarted(): void {
  on = true;
}

export function tracingIsOn(): boolean {
  return on;
}

/** A W3C trace context as text: what an event's metadata and a message's headers carry. */
export interface TraceContextFields {
  traceparent: string;
  tracestate?: string;
}

const TRACER = 'progress-ledger';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** Links kept on one batch span: enough to find every command of an ordinary batch. */
const MAX_LINKS = 128;

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context when absent. */
  parent?: Context;
  links?: Link[];
}

/**
 * Runs `work` inside a span named `name` (its children and anything it logs see it as the
 * active span), ends it when the work settles, and marks it failed with the exception when
 * the work throws. `work` is given the span, or undefined while tracing is off.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!on) return work(undefined);
  const tracer = trace.getTracer(TRACER);
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    options.parent ?? context.active(),
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** The active span's context as text, for an event's metadata; undefined without one. */
export function activeTraceContext(): TraceContextFields | undefined {
  if (!on) return undefined;
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  const state = spanContext.traceState?.serialize();
  return {
    traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
    ...(state ? { tracestate: state } : {}),
  };
}

/** A context whose (remote) parent is the one `fields` name; undefined when they name none. */
export function contextFromFields(
  fields: Partial<TraceContextFields> | undefined,
): Context | undefined {
  const match = fields?.traceparent ? TRACEPARENT.exec(fields.traceparent) : null;
  if (!match) return undefined;
  const spanContext = {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: parseInt(match[3]!, 16),
    isRemote: true,
    ...(fields?.tracestate ? { traceState: createTraceState(fields.tracestate) } : {}),
  };
  if (!isSpanContextValid(spanContext)) return undefined;
  return trace.setSpanContext(ROOT_CONTEXT, spanContext);
}

/**
 * Where a span over a batch of events belongs. A span has one parent: when the batch's
 * events came from one traced command (the common case: one command's events are read
 * together), the span is that command's child and joins its trace. A batch of several
 * commands' events (a busy store, a catch-up) cannot be in all their traces: it starts a
 * trace of its own, linked to each command's span (OpenTelemetry's rule for batches), and
 * never to whatever happened to be active when the batch was read.
 */
export function batchPlacement(
  origins: Iterable<Partial<TraceContextFields> | undefined>,
): Pick<SpanOptions, 'parent' | 'links'> {
  const distinct = new Map<string, Context>();
  for (const origin of origins) {
    if (!origin?.traceparent || distinct.has(origin.traceparent)) continue;
    const parent = contextFromFields(origin);
    if (parent) distinct.set(origin.traceparent, parent);
    if (distinct.size > MAX_LINKS) break;
  }
  const parents = [...distinct.values()];
  if (parents.length === 1) return { parent: parents[0]! };
  return {
    parent: ROOT_CONTEXT,
    links: parents.slice(0, MAX_LINKS).map((c) => ({ context: trace.getSpanContext(c)! })),
  };
}

/**
 * For a span under the active context (a consumer's, below the Kafka instrumentation's
 * span): a link to the event's own origin when that is another trace, so that a message a
 * relay batched with others still leads back to the command that caused it.
 */
export function originLinks(origin: Partial<TraceContextFields> | undefined): Link[] {
  if (!on) return [];
  const originContext = trace.getSpanContext(contextFromFields(origin) ?? ROOT_CONTEXT);
  if (!originContext) return [];
  const active = trace.getActiveSpan()?.spanContext();
  if (active && active.traceId === originContext.traceId) return [];
  return [{ context: originContext }];
}

export { SpanKind };
