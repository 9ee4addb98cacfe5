import { InvalidCommandError, RuleViolation } from '@ledger/domain-kernel';
import { InvalidAppendError, WrongExpectedVersionError } from '@ledger/event-store';
import type { CommandOutcome } from '@ledger/observability/logging';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './command-errors';

/** A command's type as its log line and span name it (`ProposeProject`). */
export function commandNameOf(command: unknown): string {
  const type =
    typeof command === 'object' && command !== null
      ? (command as { type?: unknown }).type
      : undefined;
  return typeof type === 'string' ? type : 'Command';
}

/** What a command's failure was: the client's (rejected, conflict) or ours (failed). */
export function commandOutcomeOf(error: unknown): { outcome: CommandOutcome; reason?: string } {
  if (error instanceof RuleViolation) return { outcome: 'rejected', reason: error.rule };
  if (error instanceof InvalidCommandError || error instanceof InvalidAppendError) {
    return { outcome: 'rejected', reason: error.field };
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return { outcome: 'rejected', reason: 'IDEMPOTENCY_KEY_REUSED' };
  }
  if (error instanceof ConcurrencyConflictError || error instanceof WrongExpectedVersionError) {
    return { outcome: 'conflict' };
  }
  return { outcome: 'failed' };
}
