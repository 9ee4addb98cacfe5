import { randomFillSync } from 'node:crypto';
import { EventId } from '../port/ids';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let lastMillis = 0;
let counter = 0;
/** The id's first 14 characters for lastMillis: ids of one batch share their millisecond. */
let millisPrefix = '';
let prefixMillis = -1;

/**
 * Random bytes drawn from the CSPRNG a page at a time: one `randomBytes` call per id was a
 * fifth of an append's CPU in the client (as `crypto.randomUUID` does, keep a cache).
 */
const RANDOM_POOL = Buffer.alloc(8192);
let randomOffset = RANDOM_POOL.length;

function randomByte(): number {
  if (randomOffset === RANDOM_POOL.length) {
    randomFillSync(RANDOM_POOL);
    randomOffset = 0;
  }
  return RANDOM_POOL[randomOffset++]!;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * RFC 9562 UUID version 7: 48-bit Unix milliseconds, then a 12-bit counter (method 1 of
 * section 6.2) so ids made in the same millisecond by this process still sort in creation
 * order, then 62 random bits.
 */
export function uuidV7(now: number = Date.now()): EventId {
  if (now > lastMillis) {
    lastMillis = now;
    // Leave head-room before the 12-bit counter overflows.
    counter = ((randomByte() << 8) | randomByte()) & 0x1ff;
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMillis += 1; // borrow the next millisecond rather than lose ordering
      counter = 0;
    }
  }
  if (prefixMillis !== lastMillis) {
    // Milliseconds stay below 2^48, exact in a double.
    const ms = lastMillis.toString(16).padStart(12, '0');
    millisPrefix = `${ms.slice(0, 8)}-${ms.slice(8)}-7`;
    prefixMillis = lastMillis;
  }
  return (millisPrefix +
    HEX[counter >> 8]!.charAt(1) +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | (randomByte() & 0x3f)]! +
    HEX[randomByte()]! +
    '-' +
    HEX[randomByte()]! +
    HEX[randomByte()]! +
    HEX[randomByte()]! +
    HEX[randomByte()]! +
    HEX[randomByte()]! +
    HEX[randomByte()]!) as EventId;
}

/** Any RFC 9562 UUID in canonical lower-case form (callers may supply v4 ids from older systems). */
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function uuidVersion(value: string): number {
  return parseInt(value.charAt(14), 16);
}
