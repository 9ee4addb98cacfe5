import { GraphQLError } from 'graphql';
import {
  InvalidAmountError,
  InvalidCommandError,
  InvalidDateError,
  RuleViolation,
} from '@ledger/domain-kernel';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@ledger/event-sourcing';
import {
  InvalidAppendError,
  WrongExpectedVersionError,
  isDatabaseUnavailable,
} from '@ledger/event-store';

/**
 * The error codes a client can match on (`extensions.code`). A rejected command appends
 * nothing, whatever the code.
 */
export type CommandErrorCode =
  | 'BAD_USER_INPUT'
  | 'RULE_VIOLATED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'NOT_FOUND'
  | 'UNAVAILABLE';

/**
 * The code of a request the ledger could not carry out because its database cannot be
 * reached: nothing was recorded, and the same request (with the same idempotency key) may be
 * sent again. Answered with HTTP 503 and Retry-After (see unavailablePlugin).
 */
export const UNAVAILABLE = 'UNAVAILABLE';
/** Seconds a client is asked to wait before sending the request again. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

export function unavailableError(): GraphQLError {
  return commandError(
    UNAVAILABLE,
    'the ledger cannot reach its database or one of its services just now: nothing was recorded; send the same request again in a moment',
    { retryable: true },
  );
}

/** Whether a thrown error, or the one a GraphQL error wraps, means the database is out of reach. */
export function isUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    if (e instanceof GraphQLError) {
      if (e.extensions.code === UNAVAILABLE) return true;
      e = e.originalError;
      continue;
    }
    return isDatabaseUnavailable(e);
  }
  return false;
}

export function commandError(
  code: CommandErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Turns what the domain and the store throw into typed GraphQL errors; anything else is a bug. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (isDatabaseUnavailable(error)) return unavailableError();
  if (error instanceof InvalidCommandError) {
    return commandError('BAD_USER_INPUT', error.message, { field: error.field });
  }
  if (error instanceof InvalidAmountError || error instanceof InvalidDateError) {
    return commandError('BAD_USER_INPUT', error.message, { field: error.field });
  }
  if (error instanceof InvalidAppendError) {
    return commandError('BAD_USER_INPUT', error.message, { field: error.field });
  }
  if (error instanceof RuleViolation) {
    return commandError(
      error.rule === 'PROJECT_NOT_FOUND' ? 'NOT_FOUND' : 'RULE_VIOLATED',
      error.message,
      { rule: error.rule },
    );
  }
  if (error instanceof ConcurrencyConflictError || error instanceof WrongExpectedVersionError) {
    return commandError('CONFLICT', error.message, {
      streamId: error.streamId,
    });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return commandError('IDEMPOTENCY_KEY_REUSED', error.message, {
      idempotencyKey: error.idempotencyKey,
    });
  }
  return error;
}

/** Runs a command and rethrows its failure as a typed GraphQL error. */
export async function asGraphQL<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toGraphQLError(error);
  }
}
