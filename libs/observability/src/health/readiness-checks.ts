import { Lag, consumerProbes, projectionProbes, relayProbes, storeProbes } from '../metrics';
import { gauge } from '../metrics/registry';
import { ReadinessLimits } from './readiness-limits';

/** One line of /health/ready: a key (`store`, `projection:<name>`, ...) and what was seen. */
export interface CheckResult {
  key: string;
  up: boolean;
  data: Record<string, string | number | boolean | null>;
}

/** A readiness check gives one result per thing it looked at (none: nothing to look at). */
export type ReadinessCheck = () => Promise<CheckResult[]>;

/** How long the store may take to answer a head query before it counts as down. */
export const STORE_TIMEOUT_MS = 2000;

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a lag keeps a reader from being ready, or null when it is within the limits. */
export function lagProblem(lag: Lag, limits: ReadinessLimits): string | null {
  if (lag.events > limits.maxLagEvents) {
    return `${lag.events} events behind (READY_MAX_LAG_EVENTS=${limits.maxLagEvents})`;
  }
  if (lag.seconds > limits.maxLagSeconds) {
    return `${Math.round(lag.seconds)} s behind (READY_MAX_LAG_SECONDS=${limits.maxLagSeconds})`;
  }
  return null;
}

/** The store answers a cheap query (its head) in time. */
export function storeAnswers(timeoutMs = STORE_TIMEOUT_MS): ReadinessCheck {
  return () =>
    Promise.all(
      storeProbes.all().map(async (probe): Promise<CheckResult> => {
        try {
          const head = await withTimeout(probe.headPosition(), timeoutMs, 'the event store');
          return {
            key: 'store',
            up: true,
            data: { adapter: probe.adapter, head: head === null ? null : head.toString() },
          };
        } catch (error) {
          return {
            key: 'store',
            up: false,
            data: { adapter: probe.adapter, message: message(error) },
          };
        }
      }),
    );
}

/** Each projection runs, has replayed the history it started with, and is within the limits. */
export function projectionsCaughtUp(
  limits: ReadinessLimits,
  timeoutMs = STORE_TIMEOUT_MS,
): ReadinessCheck {
  return () =>
    Promise.all(
      projectionProbes.all().map(async (probe): Promise<CheckResult> => {
        const key = `projection:${probe.name}`;
        const state = probe.state();
        const position = state.position === null ? null : state.position.toString();
        if (!state.running) {
          return {
            key,
            up: false,
            data: { position, message: 'not running', lastError: state.lastError },
          };
        }
        if (state.catchingUp) {
          return { key, up: false, data: { position, message: 'catching up with the history' } };
        }
        return lagResult(key, position, () => probe.lag(), limits, timeoutMs);
      }),
    );
}

/** A reader of the log (a projection, the relay) up, or down with why, by its lag. */
async function lagResult(
  key: string,
  position: string | null,
  lagOf: () => Promise<Lag>,
  limits: ReadinessLimits,
  timeoutMs: number,
): Promise<CheckResult> {
  try {
    const lag = await withTimeout(lagOf(), timeoutMs, 'the event store');
    const problem = lagProblem(lag, limits);
    const data = { position, lagEvents: lag.events, lagSeconds: lag.seconds };
    return problem === null
      ? { key, up: true, data }
      : { key, up: false, data: { ...data, message: problem } };
  } catch (error) {
    return { key, up: false, data: { position, message: message(error) } };
  }
}

/**
 * The relay runs and is within the limits. `expected`: this process is the relay, so no
 * relay registered yet (still connecting to the broker) is not ready either.
 */
export function relayCaughtUp(
  limits: ReadinessLimits,
  {
    expected = false,
    timeoutMs = STORE_TIMEOUT_MS,
  }: { expected?: boolean; timeoutMs?: number } = {},
): ReadinessCheck {
  return async () => {
    if (expected && relayProbes.all().length === 0) {
      return [{ key: 'relay', up: false, data: { message: 'not started: connecting to Kafka' } }];
    }
    return Promise.all(
      relayProbes.all().map(async (probe): Promise<CheckResult> => {
        const key = `relay:${probe.name}`;
        const position = probe.position()?.toString() ?? null;
        if (!probe.running()) return { key, up: false, data: { position, message: 'not running' } };
        return lagResult(key, position, () => probe.lag(), limits, timeoutMs);
      }),
    );
  };
}

/** Each Kafka consumer is in its group, and its committed offsets are within the event limit. */
export function consumersConnected(
  limits: ReadinessLimits,
  timeoutMs = STORE_TIMEOUT_MS,
): ReadinessCheck {
  return () =>
    Promise.all(
      consumerProbes.all().map(async (probe): Promise<CheckResult> => {
        const key = `consumer:${probe.group}`;
        if (!probe.connected()) return { key, up: false, data: { message: 'not connected' } };
        try {
          const partitions = await withTimeout(probe.lag(), timeoutMs, 'the Kafka broker');
          const behind = partitions.reduce((n, p) => n + p.messages, 0);
          if (behind > limits.maxLagEvents) {
            return {
              key,
              up: false,
              data: {
                lagMessages: behind,
                message: `${behind} messages behind (READY_MAX_LAG_EVENTS=${limits.maxLagEvents})`,
              },
            };
          }
          return { key, up: true, data: { lagMessages: behind } };
        } catch (error) {
          return { key, up: false, data: { message: message(error) } };
        }
      }),
    );
}

/** Every check of a process whose parts register themselves (store, projections, relay, consumers). */
export function registeredChecks(limits: ReadinessLimits): ReadinessCheck[] {
  return [
    storeAnswers(),
    projectionsCaughtUp(limits),
    relayCaughtUp(limits),
    consumersConnected(limits),
  ];
}

/** Whatever answers at `url`'s /health/live within the timeout (a subgraph, seen from the gateway). */
export function reachable(name: string, url: string, timeoutMs = STORE_TIMEOUT_MS): ReadinessCheck {
  const live = new URL('/health/live', url).toString();
  return async (): Promise<CheckResult[]> => {
    const key = `subgraph:${name}`;
    try {
      const response = await fetch(live, { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      return [
        response.ok
          ? { key, up: true, data: { url: live } }
          : { key, up: false, data: { url: live, message: `answered ${response.status}` } },
      ];
    } catch (error) {
      return [{ key, up: false, data: { url: live, message: message(error) } }];
    }
  };
}

/** The terminus answer's shape, for a process without Nest (the relay). */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, Record<string, unknown>>;
  error: Record<string, Record<string, unknown>>;
  details: Record<string, Record<string, unknown>>;
}

let readinessOfProcess: readonly ReadinessCheck[] = [];

/**
 * ledger_ready: 1 when /health/ready would answer 200, so that Prometheus (which does not
 * probe /health/ready) can alert on a process that is up but not ready.
 */
export function exposeReadiness(checks: readonly ReadinessCheck[]): void {
  readinessOfProcess = checks;
  gauge({
    name: 'ledger_ready',
    help: '1 when the process is ready (/health/ready answers 200), 0 when not.',
    async collect() {
      const report = await runChecks(readinessOfProcess).catch(() => null);
      this.set(report?.status === 'ok' ? 1 : 0);
    },
  });
}

export async function runChecks(checks: readonly ReadinessCheck[]): Promise<HealthReport> {
  const results = (await Promise.all(checks.map((check) => check()))).flat();
  const report: HealthReport = { status: 'ok', info: {}, error: {}, details: {} };
  for (const result of results) {
    const entry = { status: result.up ? 'up' : 'down', ...result.data };
    report.details[result.key] = entry;
    if (result.up) report.info[result.key] = entry;
    else {
      report.error[result.key] = entry;
      report.status = 'error';
    }
  }
  return report;
}
