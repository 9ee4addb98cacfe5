import { AppendOutcome, recordAppend } from '@ledger/observability';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from './errors';
import { AppendResult } from './events';

function appendOutcomeOf(error: unknown): AppendOutcome {
  if (error instanceof WrongExpectedVersionError) return 'wrong_expected_version';
  if (error instanceof InvalidAppendError || error instanceof IdempotencyConflictError) {
    return 'invalid';
  }
  return 'failed';
}

/**
 * An adapter's append, counted (ledger_store_appends_total, _appended_events_total, the
 * head gauge): a few counter increments in memory, no I/O, on every write.
 */
export async function meteredAppend(
  eventCount: number,
  append: () => Promise<AppendResult>,
): Promise<AppendResult> {
  let result: AppendResult;
  try {
    result = await append();
  } catch (error) {
    recordAppend(appendOutcomeOf(error), 0, null);
    throw error;
  }
  if (result.alreadyAppended) recordAppend('already_appended', 0, result.lastPosition);
  else recordAppend('appended', eventCount, result.lastPosition);
  return result;
}
