import { Branded } from './branded';

/**
 * An exact amount of money in fen (分, 0.01 yuan). Never a binary float: amounts travel as
 * decimal strings of yuan ("1234.56") and are added and compared as bigint fen.
 */
export type Fen = Branded<bigint, 'Fen'>;

const YUAN_PATTERN = /^(0|[1-9]\d{0,17})(\.\d{1,2})?$/;
const FEN_PER_YI = 10_000_000_000n; // 1 亿元 = 100,000,000 yuan = 10,000,000,000 fen

export class InvalidAmountError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {
    super(
      `${field} must be a non-negative amount of yuan as a decimal string with at most 2 decimals, got ${describe(value)}`,
    );
    this.name = 'InvalidAmountError';
  }
}

/** Parses "1234.5" yuan into fen. Rejects signs, exponents, spaces and more than 2 decimals. */
export function parseYuan(value: unknown, field: string): Fen {
  if (typeof value !== 'string' || !YUAN_PATTERN.test(value)) {
    throw new InvalidAmountError(field, value);
  }
  const [whole, fraction = ''] = value.split('.');
  return (BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'))) as Fen;
}

/** Amounts in the plan are stated in 亿元 ("2116.85"); up to 8 decimals keep it exact to the fen. */
export function parseYi(value: string, field: string): Fen {
  const match = /^(\d+)(?:\.(\d{1,8}))?$/.exec(value);
  if (!match) throw new InvalidAmountError(field, value);
  const fraction = (match[2] ?? '').padEnd(8, '0');
  return (BigInt(match[1]!) * FEN_PER_YI + BigInt(fraction) * 100n) as Fen;
}

/** fen -> "1234.56" (always two decimals: a canonical form, so equal amounts compare equal as text). */
export function formatYuan(amount: Fen): string {
  const negative = amount < 0n;
  const abs: bigint = negative ? -(amount as bigint) : amount;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** fen -> 亿元 with as many decimals as needed ("2116.85"). */
export function formatYi(amount: Fen): string {
  const whole = amount / FEN_PER_YI;
  const rest = (amount % FEN_PER_YI).toString().padStart(10, '0').replace(/0+$/, '');
  return rest ? `${whole}.${rest}` : `${whole}`;
}

export function fen(value: bigint): Fen {
  return value as Fen;
}

export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total as Fen;
}

/** JSON.stringify throws on a bigint; an error message must never throw. */
function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
}
