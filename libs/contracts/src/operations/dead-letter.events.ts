/**
 * What operators did to dead letters: events a read model could not take in, set aside so
 * the rest of the log kept flowing. Each action is recorded on the operations stream, with
 * the operator as the event's actor; the dead letter's own record (and its error) lives in
 * the read model's `dead_letters` table.
 */

/**
 * `projection_event`: an event of the store's log a projection failed on repeatedly;
 * `kafka_message`: a message a Kafka-fed read model could not read as an event (parked).
 */
export type DeadLetterKind = 'projection_event' | 'kafka_message';

/** Which dead letter, as the operator saw it: enough to find it without the table. */
export interface DeadLetterIdentity {
  /** As listed: `<projection>@<position>` or `<projection>@<topic>/<partition>/<offset>`. */
  deadLetterId: string;
  kind: DeadLetterKind;
  /** The projection (read model) it is a dead letter of. */
  projection: string;
  /** The event it carries, when known (a message that is not an event has none). */
  eventId: string | null;
  eventType: string | null;
  /** Global position in the log, as a decimal string (JSON has no bigint). */
  globalPosition: string | null;
}

export interface DeadLetterReplayed {
  type: 'DeadLetterReplayed';
  data: DeadLetterIdentity & {
    /**
     * `applied`: in the read model now, with its checkpoint or dedup record; `already_applied`:
     * the read model held the event already (a redelivery got there first), nothing changed;
     * `failed`: it still fails, and stays a dead letter with `error` as its reason.
     */
    outcome: 'applied' | 'already_applied' | 'failed';
    /** Why the operator replayed it (the fix), if they said. */
    note: string | null;
    error: string | null;
  };
}

export interface DeadLetterDiscarded {
  type: 'DeadLetterDiscarded';
  data: DeadLetterIdentity & {
    /** Why it will never be applied: required. */
    reason: string;
  };
}

export type DeadLetterEvent = DeadLetterReplayed | DeadLetterDiscarded;

export const DEAD_LETTER_EVENT_TYPES = ['DeadLetterReplayed', 'DeadLetterDiscarded'] as const;

/** The one stream every dead-letter action is recorded on. */
export const DEAD_LETTER_OPERATIONS_STREAM = 'operations-dead-letters';
