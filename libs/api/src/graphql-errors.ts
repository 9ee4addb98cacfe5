import { GraphQLError } from 'graphql';
import {
  InvalidAmountError,
  InvalidCommandError,
  InvalidDateError,
  RuleViolation,
} from '@ledger/domain-kernel';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@ledger/event-sourcing';
import { InvalidAppendError, WrongExpectedVersionError } from '@ledger/event-store';

/**
 * The error codes a client can match on (`extensions.code`). A rejected command appends
 * nothing, whatever the code.
 */
export type CommandErrorCode =
  'BAD_USER_INPUT' | 'RULE_VIOLATED' | 'CONFLICT' | 'IDEMPOTENCY_KEY_REUSED' | 'NOT_FOUND';

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
