import {
  InvalidAmountError,
  InvalidCommandError,
  InvalidDateError,
  RuleViolation,
} from '@ledger/domain-kernel';
import {
  EventStoreClosedError,
  IdempotencyConflictError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '@ledger/event-store';
import { CommandOutcome, outcomeOfErrorCode } from '@ledger/observability';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';

/**
 * Error codes of a database that cannot answer now (node's socket errors, PostgreSQL's
 * connection-exception class 08, shutdown 57P0x, too many connections): the command may
 * succeed if sent again, so it is `unavailable`, not a fault of the ledger.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

function isUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  if (error instanceof EventStoreClosedError) return true;
  const { code, cause, message } = error as { code?: unknown; cause?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) {
    return true;
  }
  // pg says so in words only when the server closes the connection under a query.
  if (typeof message === 'string' && /Connection terminated/i.test(message)) return true;
  return isUnavailable(cause, depth + 1);
}

/** What became of a command that threw `error`, as ledger_commands_total counts it. */
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
  if (isUnavailable(error)) return 'unavailable';
  // A refusal prepared at the edge (bad input, no right to send it) is a typed GraphQL error.
  const extensions = (error as { extensions?: { code?: unknown } } | null)?.extensions;
  if (extensions !== undefined) return outcomeOfErrorCode(extensions.code);
  return 'failed';
}

/** The command's type, when it names one (every service's commands carry `type`). */
export function commandNameOf(command: unknown): string {
  if (typeof command === 'object' && command !== null && 'type' in command) {
    const type = command.type;
    if (typeof type === 'string') return type;
  }
  return 'unknown';
}
