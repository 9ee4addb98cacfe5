/**
 * Money as the API gives it: exact decimal strings in yuan. Arithmetic here is on BigInt
 * fen (hundredths), never on binary floating point, so a figure shown, summed or exported
 * is the figure the ledger holds.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.5" -> 123450n (fen). Throws on anything that is not a decimal with ≤ 2 places. */
export function toFen(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new Error(`not an amount: "${amount}"`);
  const [, sign, whole, fraction = ''] = match;
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
}

export function fromFen(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}

export function sumAmounts(amounts: readonly string[]): string {
  return fromFen(amounts.reduce((total, a) => total + toFen(a), 0n));
}

export type MoneyUnit = 'yuan' | 'wan' | 'yi';
const UNIT_FEN: Record<MoneyUnit, bigint> = { yuan: 100n, wan: 1_000_000n, yi: 10_000_000_000n };

/**
 * An amount in yuan, wan (万元) or yi (亿元), rounded half away from zero to `decimals`
 * places by integer arithmetic, with thousands separators: "1096200000000.00", 'yi', 2 ->
 * "10,962.00".
 */
export function formatAmount(amount: string, unit: MoneyUnit = 'yi', decimals = 2): string {
  const fen = toFen(amount);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const scale = 10n ** BigInt(decimals);
  const divisor = UNIT_FEN[unit];
  const scaled = (abs * scale * 2n + divisor) / (divisor * 2n);
  const whole = (scaled / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals > 0 ? `.${(scaled % scale).toString().padStart(decimals, '0')}` : '';
  return `${negative && scaled !== 0n ? '-' : ''}${whole}${fraction}`;
}

/**
 * `part / whole` as a percentage with one decimal, by integer arithmetic; "—" when the
 * whole is zero.
 */
export function percentOf(part: string, whole: string, decimals = 1): string {
  const denominator = toFen(whole);
  if (denominator === 0n) return '—';
  const scale = 10n ** BigInt(decimals);
  const numerator = toFen(part) * 100n * scale;
  const negative = numerator < 0n !== denominator < 0n;
  const absN = numerator < 0n ? -numerator : numerator;
  const absD = denominator < 0n ? -denominator : denominator;
  const rounded = (absN * 2n + absD) / (absD * 2n);
  const text = `${rounded / scale}${decimals > 0 ? `.${(rounded % scale).toString().padStart(decimals, '0')}` : ''}`;
  return `${negative && rounded !== 0n ? '-' : ''}${text}%`;
}

/** `part / whole` in thousandths (0-1000+) for bar widths and colour scales; exact input. */
export function permilleOf(part: string, whole: string): number {
  const denominator = toFen(whole);
  if (denominator === 0n) return 0;
  return Number((toFen(part) * 1000n) / denominator);
}
