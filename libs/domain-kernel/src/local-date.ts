import { Branded } from './branded';

/** A calendar date (YYYY-MM-DD) with no time zone: the day a document was signed or money paid. */
export type LocalDate = Branded<string, 'LocalDate'>;

export class InvalidDateError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(`${field} must be a real calendar date as YYYY-MM-DD, got ${describe(value)}`);
    this.name = 'InvalidDateError';
  }
}

export function parseLocalDate(value: unknown, field: string): LocalDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new InvalidDateError(field, value);
  }
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2021-02-30 over to March: a real date survives the round trip.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new InvalidDateError(field, value);
  }
  if (y < 1990 || y > 2100) throw new InvalidDateError(field, value);
  return value as LocalDate;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** JSON.stringify throws on a bigint; an error message must never throw. */
function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
}
