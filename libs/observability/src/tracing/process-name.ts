/**
 * The name a process is known by (OTEL_SERVICE_NAME's default, the `service` of its log
 * lines), from its entry file: apps/planning/src/main.ts (or its build in dist/) is
 * `planning`. The host's entry is `gateway` when it fronts subgraphs at URLs and
 * `standalone` when it hosts them itself.
 */
export function processNameOf(entry: string, env: NodeJS.ProcessEnv): string {
  const app = /apps[/\\]([a-z][a-z-]*)[/\\]src[/\\]main\.[jt]s$/.exec(entry)?.[1];
  if (app === undefined) return 'progress-ledger';
  if (app !== 'gateway') return app;
  return env.PLANNING_URL ? 'gateway' : 'standalone';
}
