import type { Metric } from 'prom-client';
import { metricsRegistry } from './registry';

/** One label set's figures, kept as plain numbers on the write path. */
interface Series<L extends string> {
  labels: Record<L, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  buckets: number[];
}

/**
 * A counter and a histogram over the same labels, fed by one observation: what a command
 * costs the write path is a map lookup and a few additions (prom-client's own children
 * validate and hash their labels on every call, a few microseconds). prom-client renders
 * both at scrape time from these numbers.
 */
export class Tally<L extends string> {
  private readonly series = new Map<string, Series<L>>();

  constructor(
    counter: { name: string; help: string },
    histogram: { name: string; help: string },
    private readonly bounds: readonly number[],
  ) {
    register(counter.name, () => ({
      name: counter.name,
      help: counter.help,
      type: 'counter',
      aggregator: 'sum',
      values: [...this.series.values()].map((s) => ({ labels: s.labels, value: s.count })),
    }));
    register(histogram.name, () => ({
      name: histogram.name,
      help: histogram.help,
      type: 'histogram',
      aggregator: 'sum',
      values: [...this.series.values()].flatMap((s) => this.histogramLines(histogram.name, s)),
    }));
  }

  /** Counts one observation of `seconds` under the label set `key` names. */
  observe(key: string, labels: () => Record<L, string>, seconds: number): void {
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels: labels(), count: 0, sum: 0, buckets: this.bounds.map(() => 0).concat(0) };
      this.series.set(key, series);
    }
    series.count += 1;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < this.bounds.length && seconds > this.bounds[bucket]!) bucket++;
    series.buckets[bucket]! += 1;
  }

  private histogramLines(name: string, s: Series<L>): Line[] {
    let cumulative = 0;
    const lines: Line[] = s.buckets.map((n, i) => {
      cumulative += n;
      const le = i < this.bounds.length ? String(this.bounds[i]) : '+Inf';
      return { metricName: `${name}_bucket`, labels: { ...s.labels, le }, value: cumulative };
    });
    lines.push({ metricName: `${name}_sum`, labels: s.labels, value: s.sum });
    lines.push({ metricName: `${name}_count`, labels: s.labels, value: s.count });
    return lines;
  }
}

/** A line of the text format, as the registry renders it. */
interface Line {
  metricName?: string;
  labels: Record<string, string>;
  value: number;
}

type Rendered = {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: Line[];
};

/** A metric prom-client renders from what `render` reads (the registry calls get()). */
function register(name: string, render: () => Rendered): void {
  if (metricsRegistry.getSingleMetric(name)) return;
  const metric = { name, get: () => Promise.resolve(render()), reset: () => undefined };
  metricsRegistry.registerMetric(metric as unknown as Metric);
}
