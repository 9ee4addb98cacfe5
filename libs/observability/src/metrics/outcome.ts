import { CommandOutcome } from './ledger-metrics';

/** A GraphQL request's outcome: a command's vocabulary, with `ok` for an answer without error. */
export type RequestOutcome = 'ok' | Exclude<CommandOutcome, 'accepted'>;

/** Codes a client caused (its input, its token, its rights): the request was refused. */
const REJECTED = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'RULE_VIOLATED',
  'NOT_FOUND',
  'IDEMPOTENCY_KEY_REUSED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
]);

/**
 * The outcome an `extensions.code` stands for. A code nobody declared is a failure: the
 * alert on failures must hear of what nobody expected.
 */
export function outcomeOfErrorCode(code: unknown): Exclude<CommandOutcome, 'accepted'> {
  if (code === 'CONFLICT') return 'conflict';
  if (code === 'UNAVAILABLE') return 'unavailable';
  if (typeof code === 'string' && REJECTED.has(code)) return 'rejected';
  return 'failed';
}

const SEVERITY: Record<RequestOutcome, number> = {
  ok: 0,
  rejected: 1,
  conflict: 2,
  unavailable: 3,
  failed: 4,
};

/** A response's outcome from its errors' codes: the gravest one counts. */
export function outcomeOfErrors(codes: readonly unknown[]): RequestOutcome {
  let outcome: RequestOutcome = 'ok';
  for (const code of codes) {
    const next = outcomeOfErrorCode(code);
    if (SEVERITY[next] > SEVERITY[outcome]) outcome = next;
  }
  return outcome;
}
