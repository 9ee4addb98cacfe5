import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { counter, histogram } from './registry';
import { RequestOutcome, outcomeOfErrors } from './outcome';

const requests = counter({
  name: 'ledger_gateway_requests_total',
  help: 'GraphQL requests the gateway answered, by operation name and outcome.',
  labelNames: ['operation', 'outcome'] as const,
});

const requestSeconds = histogram({
  name: 'ledger_gateway_request_duration_seconds',
  help: 'Time the gateway took to answer a GraphQL request, by operation name.',
  labelNames: ['operation'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Names a client sends are bounded: past this many, a new name counts as `other`. */
const MAX_OPERATION_NAMES = 200;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const seen = new Set<string>();

/** The label an operation name gets: its name, `anonymous`, or `other` (unbounded names). */
export function operationLabel(name: string | null | undefined): string {
  if (name === null || name === undefined || name === '') return 'anonymous';
  if (!NAME.test(name)) return 'other';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_NAMES) return 'other';
  seen.add(name);
  return name;
}

/**
 * Counts and times every request the gateway answers, as the client sees it: the outcome
 * is the gravest of its errors' codes (`ok` without any).
 */
export function gatewayMetricsPlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      const codes: unknown[] = [];
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) codes.push(error.extensions?.code);
        },
        async willSendResponse({ request, operationName, response }) {
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              codes.push(error.extensions?.code);
            }
          }
          const operation = operationLabel(operationName ?? request.operationName);
          const outcome: RequestOutcome = outcomeOfErrors(codes);
          requests.inc({ operation, outcome });
          requestSeconds.observe({ operation }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
