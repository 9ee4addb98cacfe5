declare const brand: unique symbol;
/** A nominal type: a string that has been checked to be a T. */
export type Branded<T, B extends string> = T & { readonly [brand]: B };

export type StreamId = Branded<string, 'StreamId'>;
export type EventId = Branded<string, 'EventId'>;

/** Position of an event in the store's global log. 64-bit: always a bigint. */
export type GlobalPosition = bigint;
/** Zero-based version of an event within its stream. 64-bit: always a bigint. */
export type StreamVersion = bigint;
