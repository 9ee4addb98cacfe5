import { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Logger } from '@nestjs/common';
import { DEFAULT_QUERY_LIMITS, QueryLimits, queryLimitsRule } from './query-limits';
import { edgeHygienePlugin } from './edge-hygiene.plugin';
import { requestLogPlugin } from './request-log.plugin';
import { REQUEST_ERRORS, tableCode } from '../graphql-http';
import {
  UNAVAILABLE,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  isUnavailable,
  unavailableError,
} from '../graphql-errors';

const logger = new Logger('GraphQL');

/** Codes that are answers to the client; anything else is a fault whose details stay here. */
const CLIENT_CODES = new Set<string>([
  ...Object.values(REQUEST_ERRORS)
    .filter((row) => row.status < 500)
    .map((row) => row.code),
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RULE_VIOLATED',
  'IDEMPOTENCY_KEY_REUSED',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
]);

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production';
}

/**
 * Masks what a client must not see: a fault's message may carry SQL or a file path, so it
 * becomes "internal error" with only its code; the original goes to the log. Answers
 * (bad input, a rule, a conflict, no right) pass unchanged.
 */
export function maskError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const raw = formatted.extensions?.code;
  // Apollo files a refused method or Accept under BAD_REQUEST: the table's code says which.
  const code = typeof raw === 'string' ? tableCode(raw, error) : 'INTERNAL_SERVER_ERROR';
  // Apollo files every validation error under GRAPHQL_VALIDATION_FAILED; a limit keeps its
  // own code (in `limit`) so that a client can tell "too deep" from "no such field".
  const limit = formatted.extensions?.limit;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && typeof limit === 'string') {
    return { ...formatted, extensions: { ...formatted.extensions, code: limit } };
  }
  // The database out of reach is no bug to hide but an answer to retry on, whatever raised it
  // (a command, a read model's query, a subgraph behind the gateway).
  if (code === UNAVAILABLE || isUnavailable(error)) {
    if (code !== UNAVAILABLE) logger.warn(`${UNAVAILABLE}: ${describe(error)}`);
    const answer = unavailableError();
    return {
      message: answer.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { ...answer.extensions },
    };
  }
  // A subgraph's answer passed on by the gateway was logged where it arose (the subgraph,
  // perhaps this very process): once is enough.
  const fromSubgraph = typeof formatted.extensions?.serviceName === 'string';
  if (CLIENT_CODES.has(code)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    void _stack;
    logClientError(code, formatted.message, fromSubgraph);
    return { ...formatted, extensions: { ...extensions, code } };
  }
  const refusedBySubgraph = subgraphRefusal(error);
  if (refusedBySubgraph !== null) {
    // A subgraph refused the request the gateway sent it (a body over its limit: 413): the
    // client's request, not our fault. One WARN line without a stack; the answer is masked.
    logClientError(refusedBySubgraph, formatted.message, false);
  } else if (fromSubgraph) {
    logger.debug(`${code} from subgraph ${String(formatted.extensions?.serviceName)}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    logger.error(
      { msg: `${code}: ${message}`, code, outcome: 'failed' },
      error instanceof Error ? error.stack : undefined,
    );
  }
  return {
    message: 'internal error',
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function logClientError(code: string, message: string, fromSubgraph: boolean): void {
  const line = { msg: `${code}: ${message}`, code, outcome: 'rejected' };
  if (fromSubgraph) logger.debug(line);
  else logger.warn(line);
}

/**
 * The subgraph's own code when the gateway's fetch got a 4xx answer (RemoteGraphQLDataSource
 * turns it into an error without a code, `extensions.response` holding the answer).
 */
function subgraphRefusal(error: unknown): string | null {
  if (!(error instanceof GraphQLError)) return null;
  const response = error.extensions.response as
    | { status?: unknown; body?: { errors?: Array<{ extensions?: { code?: unknown } }> } }
    | undefined;
  const status = response?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const code = response?.body?.errors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : `HTTP_${status}`;
}

/** The original error's message, for one log line (no stack: the cause is the database). */
function describe(error: unknown): string {
  const original = error instanceof Error && 'originalError' in error ? error.originalError : error;
  return original instanceof Error ? original.message : String(original);
}

/**
 * A response that carries UNAVAILABLE is a 503 with Retry-After, as an HTTP client or a
 * proxy expects of a service that cannot answer now: never 200 or 500. Runs after formatError
 * (which gives every database-out-of-reach error that code), whatever raised the error.
 */
export const unavailablePlugin: ApolloServerPlugin<BaseContext> = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({ response }) {
        if (response.body.kind !== 'single') return Promise.resolve();
        const errors = response.body.singleResult.errors ?? [];
        if (errors.some((e) => e.extensions?.code === UNAVAILABLE)) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
        return Promise.resolve();
      },
    });
  },
};

/** The Apollo options every GraphQL endpoint of the ledger shares (gateway and subgraphs). */
export function hardenedApolloOptions(
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
  production = isProduction(),
): Pick<
  ApolloServerOptions<BaseContext>,
  | 'validationRules'
  | 'introspection'
  | 'csrfPrevention'
  | 'includeStacktraceInErrorResponses'
  | 'hideSchemaDetailsFromClientErrors'
  | 'formatError'
  | 'plugins'
> {
  return {
    validationRules: [queryLimitsRule(limits)],
    introspection: !production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    formatError: maskError,
    plugins: [edgeHygienePlugin, requestLogPlugin, unavailablePlugin],
  };
}
