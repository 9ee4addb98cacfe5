import { Fen, formatYuan } from '@ledger/domain-kernel';
import { Oc4idsValue } from './oc4ids.types';

/**
 * Below 10^15 fen (10 trillion yuan, ~90 times the whole 761 programme) an amount has at
 * most 15 significant digits, and every decimal with at most 15 significant digits survives
 * a round trip through an IEEE-754 double: Number("1234.56") prints back as "1234.56".
 */
const EXACT_LIMIT = 10n ** 15n;

/**
 * fen -> the JSON number OC4IDS wants (Value.amount is `type: number`). This is the one place
 * money becomes a float, and only for output: the number is made from the exact two-decimal
 * text, never computed with, and JSON.stringify writes the same decimal digits back out, so
 * a reader sees exactly the ledger's figure. Beyond 15 digits that would no longer hold:
 * refuse rather than publish a rounded figure.
 */
export function toOc4idsAmount(amount: Fen): number {
  const magnitude: bigint = amount < 0n ? -(amount as bigint) : amount;
  if (magnitude >= EXACT_LIMIT) {
    throw new RangeError(
      `${formatYuan(amount)} yuan has more than 15 significant digits: it cannot be published as an exact JSON number`,
    );
  }
  return Number(formatYuan(amount));
}

export function cny(amount: Fen): Oc4idsValue {
  return { amount: toOc4idsAmount(amount), currency: 'CNY' };
}

/**
 * part / whole as a percentage with two decimals, rounded half up, computed in bigint so
 * 0.1 + 0.2 of 0.3 is 100.00, not 99.99999999999999. Null when there is no whole to divide by.
 */
export function percentOf(part: Fen, whole: Fen | null): string | null {
  if (whole === null || whole <= 0n || part < 0n) return null;
  const hundredths = (part * 10_000n * 2n + whole) / (whole * 2n);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}
