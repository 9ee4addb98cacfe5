import {
  InvalidAmountError,
  InvalidCommandError,
  InvalidDateError,
  RuleViolation,
} from '@ledger/domain-kernel';
import {
  IdempotencyConflictError,
  InvalidAppendError,
  WrongExpectedVersionError,
  isDatabaseUnavailable,
} from '@ledger/event-store';
import { CommandOutcome, outcomeOfErrorCode } from '@ledger/observability/metrics';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';

/**
 * What became of a command that threw `error`, as ledger_commands_total counts it and its
 * log line says: the client's (rejected, conflict), the database's (unavailable: it may
 * succeed if sent again) or ours (failed).
 */
export function commandOutcomeOf(error: unknown): Exclude<CommandOutcome, 'accepted'> {
  if (error instanceof ConcurrencyConflictError || error instanceof WrongExpectedVersionError) {
    return 'conflict';
  }
  if (
    error instanceof RuleViolation ||
    error instanceof InvalidCommandError ||
    error instanceof InvalidAmountError ||
    error instanceof InvalidDateError ||
    error instanceof InvalidAppendError ||
    error instanceof IdempotencyKeyReusedError ||
    error instanceof IdempotencyConflictError
  ) {
    return 'rejected';
  }
  if (isDatabaseUnavailable(error)) return 'unavailable';
  // A refusal prepared at the edge (bad input, no right to send it) is a typed GraphQL error.
  const extensions = (error as { extensions?: { code?: unknown } } | null)?.extensions;
  if (extensions !== undefined) return outcomeOfErrorCode(extensions.code);
  return 'failed';
}

/** Why a command was refused, for its log line: the rule or the field, when it names one. */
export function commandRefusalOf(error: unknown): string | undefined {
  if (error instanceof RuleViolation) return error.rule;
  if (error instanceof InvalidCommandError || error instanceof InvalidAppendError) {
    return error.field;
  }
  if (error instanceof IdempotencyKeyReusedError) return 'IDEMPOTENCY_KEY_REUSED';
  return undefined;
}

/** The command's type, when it names one (every service's commands carry `type`). */
export function commandNameOf(command: unknown): string {
  if (typeof command === 'object' && command !== null && 'type' in command) {
    const type = command.type;
    if (typeof type === 'string') return type;
  }
  return 'unknown';
}
