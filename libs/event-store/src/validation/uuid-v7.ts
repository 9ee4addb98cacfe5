import { randomBytes } from 'node:crypto';
import { EventId } from '../port/ids';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let lastMillis = 0;
let counter = 0;

/**
 * RFC 9562 UUID version 7: 48-bit Unix milliseconds, then a 12-bit counter (method 1 of
 * section 6.2) so ids made in the same millisecond by this process still sort in creation
 * order, then 62 random bits.
 */
export function uuidV7(now: number = Date.now()): EventId {
  if (now > lastMillis) {
    lastMillis = now;
    counter = randomBytes(2).readUInt16BE(0) & 0x1ff; // leave head-room before the 12-bit counter overflows
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMillis += 1; // borrow the next millisecond rather than lose ordering
      counter = 0;
    }
  }
  const bytes = randomBytes(16);
  const ms = BigInt(lastMillis);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as EventId;
}

/** Any RFC 9562 UUID in canonical lower-case form (callers may supply v4 ids from older systems). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function uuidVersion(value: string): number {
  return parseInt(value.charAt(14), 16);
}
