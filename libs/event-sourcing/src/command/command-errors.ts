/** Another command changed the stream between our read and our write: retry with fresh state. */
export class ConcurrencyConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: bigint | null,
    readonly actualVersion: bigint | null,
  ) {
    super(
      `${streamId} changed while this command ran (expected version ${expectedVersion ?? 'none'}, found ${actualVersion ?? 'none'}): read it again and retry`,
    );
    this.name = 'ConcurrencyConflictError';
  }
}

/** The idempotency key was already used for a different command on this stream. */
export class IdempotencyKeyReusedError extends Error {
  constructor(
    readonly streamId: string,
    readonly idempotencyKey: string,
  ) {
    super(
      `idempotency key "${idempotencyKey}" was already used for a different command on ${streamId}: use a new key for a new command`,
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}
