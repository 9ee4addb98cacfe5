import { describeExpectedVersion, ExpectedVersion } from './expected-version';
import { StreamVersion } from './ids';

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'IDEMPOTENCY_CONFLICT'
  | 'INVALID_APPEND'
  | 'INVALID_READ'
  | 'STORE_CLOSED';

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

/** Another writer got there first: re-read the stream, decide again, retry. */
export class WrongExpectedVersionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** -1 when the stream does not exist; null when the store cannot tell. */
    readonly actual: StreamVersion | null,
  ) {
    super(
      `Stream "${streamId}": expected ${describeExpectedVersion(expected)}, ` +
        `but it is at ${actual === null ? 'an unknown version' : actual === -1n ? 'no stream' : `version ${actual}`}`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

/** Some event ids of this append are already stored, but not as this exact append. */
export class IdempotencyConflictError extends EventStoreError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(
      `Stream "${streamId}": event id(s) ${eventIds.join(', ')} are already stored as part of a different append`,
    );
    this.name = 'IdempotencyConflictError';
  }
}

export type InvalidAppendReason =
  | 'INVALID_STREAM_ID'
  | 'NO_EVENTS'
  | 'MISSING_EVENT_TYPE'
  | 'INVALID_EVENT_TYPE'
  | 'INVALID_EVENT_ID'
  | 'DUPLICATE_EVENT_ID'
  | 'DATA_NOT_JSON'
  | 'INVALID_METADATA'
  | 'EVENT_TOO_LARGE'
  | 'INVALID_SCHEMA_VERSION'
  | 'INVALID_EXPECTED_VERSION';

/** The append was refused before anything was written. `field` points at the offending input. */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'INVALID_APPEND';
  constructor(
    readonly reason: InvalidAppendReason,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidAppendError';
  }
}

export class InvalidReadError extends EventStoreError {
  readonly code = 'INVALID_READ';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidReadError';
  }
}

export class EventStoreClosedError extends EventStoreError {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('The event store has been closed');
    this.name = 'EventStoreClosedError';
  }
}
