import {
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  collectDefaultMetrics,
  register,
} from 'prom-client';

/**
 * The process's one registry: prom-client's default, so that every lib of the process (and
 * the dead-letter gauge) lands on the same /metrics without being handed a registry.
 */
export const metricsRegistry = register;

/**
 * A metric is made once per process, whoever asks first: libs are loaded once, but a test
 * file may start several applications, and prom-client refuses a second metric of a name.
 */
function once<T>(name: string, make: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? make();
}

export function counter<L extends string>(config: CounterConfiguration<L>): Counter<L> {
  return once(config.name, () => new Counter(config));
}

export function gauge<L extends string>(config: GaugeConfiguration<L>): Gauge<L> {
  return once(config.name, () => new Gauge(config));
}

export function histogram<L extends string>(config: HistogramConfiguration<L>): Histogram<L> {
  return once(config.name, () => new Histogram(config));
}

let processMetrics = false;

/** The Node process's own figures (CPU, memory, event-loop lag) under ledger_, once. */
export function enableProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'ledger_' });
}

/** The registry in Prometheus's text format, as /metrics answers it. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/**
 * `work` shared by every caller while it runs: a scrape reads several gauges of the same
 * figures at once (prom-client starts their collects together), and readiness may ask in the
 * same moment. Each new scrape measures afresh; a failure is not kept either.
 */
export function shared<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    if (running) return running;
    const value = work();
    running = value;
    const done = () => {
      if (running === value) running = undefined;
    };
    value.then(done, done);
    return value;
  };
}
