import { GraphQLError } from 'graphql';
import { Field, InputType } from '@nestjs/graphql';
import { AsOf } from './as-of-replay';

/**
 * Which past a view is rebuilt for. Exactly one field: a plain input with a check rather
 * than `@oneOf`, which federation composition does not promise to carry.
 */
@InputType('AsOf', {
  description:
    'Exactly one of: recordedAt (what the ledger said at that moment) or validAt (what is known now about the time up to that date, late corrections included).',
})
export class AsOfInput {
  @Field(() => String, {
    nullable: true,
    description:
      'ISO-8601 timestamp with a zone, e.g. 2021-07-10T12:00:00+08:00: only events recorded at or before it; later corrections ignored. Not in the future.',
  })
  recordedAt?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'YYYY-MM-DD: events valid (metadata.validAt, else when recorded) up to the end of that day in Beijing, whenever recorded. Not after today.',
  })
  validAt?: string | null;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function bad(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** Whether the calendar has this day (no 2021-02-30). */
function dayExists(year: string, month: string, day: string): boolean {
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    d.getUTCFullYear() === Number(year) &&
    d.getUTCMonth() === Number(month) - 1 &&
    d.getUTCDate() === Number(day)
  );
}

/** An ISO-8601 timestamp with a zone on a day that exists; `field` names it in the error. */
export function parseTimestamp(value: string, field: string): Date {
  const match = TIMESTAMP.exec(value);
  if (!match || !dayExists(match[1]!, match[2]!, match[3]!) || Number.isNaN(Date.parse(value))) {
    throw bad(
      field,
      `${field} must be an ISO-8601 timestamp with a zone, e.g. 2021-07-10T12:00:00+08:00`,
    );
  }
  return new Date(value);
}

/** A YYYY-MM-DD date that exists. */
export function parseDate(value: string, field: string): string {
  const match = DATE.exec(value);
  if (!match || !dayExists(match[1]!, match[2]!, match[3]!)) {
    throw bad(field, `${field} must be a date that exists, as YYYY-MM-DD`);
  }
  return value;
}

/**
 * Checks an `AsOf` argument. `now` bounds recordedAt (the store stamps recording time with
 * the ledger's clock: the real one, or LEDGER_CLOCK's); `today` bounds validAt (the
 * programme's business date, which tests move).
 */
export function parseAsOf(
  input: AsOfInput | null | undefined,
  now: Date,
  today: string,
  field = 'asOf',
): AsOf {
  // Nest passes omitted nullable input fields as undefined.
  const recordedAt = input?.recordedAt ?? null;
  const validAt = input?.validAt ?? null;
  if ((recordedAt === null) === (validAt === null)) {
    throw bad(field, `${field} takes exactly one of recordedAt or validAt`);
  }
  if (recordedAt !== null) {
    const at = parseTimestamp(recordedAt, `${field}.recordedAt`);
    if (at.getTime() > now.getTime()) {
      throw bad(
        `${field}.recordedAt`,
        `${field}.recordedAt is in the future: nothing is recorded there yet`,
      );
    }
    return { kind: 'recordedAt', at };
  }
  const on = parseDate(validAt!, `${field}.validAt`);
  if (on > today) {
    throw bad(`${field}.validAt`, `${field}.validAt is after today (${today})`);
  }
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { kind: 'validAt', on, before: new Date(`${next}T00:00:00+08:00`) };
}
