/** The values an event's data may hold: exactly what survives a JSON round trip. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * JSON.stringify throws on bigint and silently loses precision if a caller first turns one
 * into a number. Positions and versions are 64-bit, so every serialiser goes through this.
 */
export function stringifyWithBigInt(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    space,
  );
}
