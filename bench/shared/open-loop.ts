import { Agent, request } from 'node:http';

export interface OpenLoopFigures {
  sent: number;
  completed: number;
  failures: number;
  /** How many failed for each reason (status, error code and message). */
  failureReasons: Record<string, number>;
  achievedPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Sends requests on a fixed schedule (one every 1000/rate ms) whether or not earlier ones
 * have answered, and times each from its scheduled start. A closed-loop tool waits for
 * answers before sending more and so hides queueing ("coordinated omission"); this does not.
 */
export async function openLoop(options: {
  url: string;
  rate: number;
  seconds: number;
  headers: Record<string, string>;
  body: (i: number) => string;
  isFailure: (status: number, body: string) => boolean;
}): Promise<OpenLoopFigures> {
  const target = new URL(options.url);
  // Connections are kept alive and reused, as a real client's would be; the pool is large
  // enough that a slow answer never delays the next request's start.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let failures = 0;
  const reasons = new Map<string, number>();
  const failed = (reason: string): void => {
    failures += 1;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  };
  const start = performance.now();
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = options.body(i);
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(
          {
            hostname: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              latencies.push(performance.now() - scheduled);
              const text = Buffer.concat(chunks).toString('utf8');
              if (options.isFailure(res.statusCode ?? 0, text))
                failed(reasonOf(res.statusCode, text));
              resolve();
            });
          },
        );
        req.on('error', (error) => {
          failed(`no answer: ${error.message}`);
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    sent: total,
    completed: latencies.length,
    failures,
    failureReasons: Object.fromEntries(reasons),
    achievedPerSecond: latencies.length / elapsed,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** A failure in a few words: the status and the GraphQL error's code and message. */
function reasonOf(status: number | undefined, body: string): string {
  const code = /"code":"([A-Z_]+)"/.exec(body)?.[1];
  const message = /"message":"([^"]{0,120})/.exec(body)?.[1];
  return `HTTP ${status ?? '?'}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
}
