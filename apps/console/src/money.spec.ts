import { describe, expect, it } from '@jest/globals';
import { formatAmount, fromFen, percentOf, permilleOf, sumAmounts, toFen } from './money';

/** A small deterministic generator, so a failing case can be reproduced from its seed. */
function* amounts(seed: number, count: number): Generator<string> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const whole = BigInt(state) * BigInt(state % 100_000);
    const fen = state % 100;
    yield `${state % 3 === 0 ? '-' : ''}${whole}.${String(fen).padStart(2, '0')}`;
  }
}

describe('toFen and fromFen', () => {
  it.each([
    ['0', 0n],
    ['0.00', 0n],
    ['-0.00', 0n],
    ['1', 100n],
    ['1.5', 150n],
    ['1.05', 105n],
    ['-0.01', -1n],
    ['1096200000000.00', 109620000000000n],
    ['  12.30 ', 1230n],
    // Beyond 2^53: the reason these are BigInt, not Number.
    ['9007199254740993.01', 900719925474099301n],
  ])('%j is %s fen', (amount, fen) => {
    expect(toFen(amount)).toBe(fen);
  });

  it.each(['', '1.234', '1,000.00', '1e5', '.5', '5.', '+5', 'NaN', '--1', '1.2.3', '０.１'])(
    'refuses %j',
    (amount) => {
      expect(() => toFen(amount)).toThrow(/not an amount/);
    },
  );

  it('writes two decimals and a sign only below zero', () => {
    expect(fromFen(0n)).toBe('0.00');
    expect(fromFen(-1n)).toBe('-0.01');
    expect(fromFen(-100n)).toBe('-1.00');
    expect(fromFen(109620000000000n)).toBe('1096200000000.00');
    expect(fromFen(900719925474099301n)).toBe('9007199254740993.01');
  });

  it('round-trips every amount exactly', () => {
    for (const amount of amounts(761, 500)) expect(fromFen(toFen(amount))).toBe(amount);
  });
});

describe('sumAmounts', () => {
  it('adds exactly where binary floating point does not', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumAmounts([])).toBe('0.00');
    expect(sumAmounts(['-0.01', '0.01'])).toBe('0.00');
    expect(sumAmounts(['9007199254740993.00', '0.01'])).toBe('9007199254740993.01');
  });

  it('agrees with BigInt arithmetic on many amounts', () => {
    const all = [...amounts(2020, 300)];
    const expected = all.reduce((total, a) => {
      const [whole, fraction] = a.replace('-', '').split('.') as [string, string];
      const fen = BigInt(whole) * 100n + BigInt(fraction);
      return total + (a.startsWith('-') ? -fen : fen);
    }, 0n);
    expect(sumAmounts(all)).toBe(fromFen(expected));
  });
});

describe('formatAmount', () => {
  it('shows the programme total in 亿元 and 万元', () => {
    expect(formatAmount('1096200000000.00')).toBe('10,962.00');
    expect(formatAmount('1096200000000.00', 'yi', 0)).toBe('10,962');
    expect(formatAmount('1096200000000.00', 'wan', 2)).toBe('109,620,000.00');
    expect(formatAmount('1096200000000.00', 'yuan', 2)).toBe('1,096,200,000,000.00');
  });

  it('rounds half away from zero, by integer arithmetic', () => {
    // 0.005 亿元 = 500,000 yuan: half of the last place, rounded away from zero.
    expect(formatAmount('500000.00', 'yi', 2)).toBe('0.01');
    expect(formatAmount('499999.99', 'yi', 2)).toBe('0.00');
    expect(formatAmount('-500000.00', 'yi', 2)).toBe('-0.01');
    expect(formatAmount('-499999.99', 'yi', 2)).toBe('0.00');
    expect(formatAmount('5000.00', 'wan', 0)).toBe('1');
    expect(formatAmount('4999.99', 'wan', 0)).toBe('0');
    expect(() => formatAmount('0.005', 'yuan', 2)).toThrow(/not an amount/);
    expect(formatAmount('130767000000.00', 'yi', 2)).toBe('1,307.67');
    expect(formatAmount('1460237500.00', 'yi', 2)).toBe('14.60');
    expect(formatAmount('1460237500.00', 'yi', 4)).toBe('14.6024');
  });

  it('never writes "-0"', () => {
    expect(formatAmount('-0.01', 'yi', 2)).toBe('0.00');
    expect(formatAmount('-0.01', 'yuan', 2)).toBe('-0.01');
    expect(formatAmount('-0.00', 'yuan', 2)).toBe('0.00');
  });

  it('groups thousands of the whole part only', () => {
    expect(formatAmount('1234567.89', 'yuan', 2)).toBe('1,234,567.89');
    expect(formatAmount('999.99', 'yuan', 2)).toBe('999.99');
    expect(formatAmount('1000.00', 'yuan', 0)).toBe('1,000');
    expect(formatAmount('-1234567.89', 'yuan', 2)).toBe('-1,234,567.89');
  });

  it('in yuan with two decimals shows exactly the amount', () => {
    for (const amount of amounts(9, 300))
      expect(formatAmount(amount, 'yuan', 2).replace(/,/g, '')).toBe(
        amount === '-0.00' ? '0.00' : amount,
      );
  });
});

describe('percentOf', () => {
  it('rounds half away from zero to the decimals asked', () => {
    expect(percentOf('1', '3')).toBe('33.3%');
    expect(percentOf('2', '3')).toBe('66.7%');
    expect(percentOf('2', '3', 2)).toBe('66.67%');
    expect(percentOf('1', '8', 1)).toBe('12.5%');
    expect(percentOf('1', '16', 1)).toBe('6.3%');
    expect(percentOf('1', '3', 0)).toBe('33%');
    expect(percentOf('1', '2', 0)).toBe('50%');
  });

  it('handles whole, over and negative shares', () => {
    expect(percentOf('10', '10')).toBe('100.0%');
    expect(percentOf('15', '10')).toBe('150.0%');
    expect(percentOf('-1', '3')).toBe('-33.3%');
    expect(percentOf('1', '-3')).toBe('-33.3%');
    expect(percentOf('-1', '-3')).toBe('33.3%');
    expect(percentOf('0', '3')).toBe('0.0%');
    expect(percentOf('-0.01', '1000000')).toBe('0.0%');
  });

  it('says "—" when there is nothing to divide by', () => {
    expect(percentOf('5', '0')).toBe('—');
    expect(percentOf('5', '0.00')).toBe('—');
  });

  it('keeps precision on amounts beyond 2^53', () => {
    expect(percentOf('1096200000000.00', '1096200000000.01', 2)).toBe('100.00%');
    expect(percentOf('548100000000.00', '1096200000000.00', 2)).toBe('50.00%');
  });
});

describe('permilleOf', () => {
  it('is the share in thousandths, rounded toward zero', () => {
    expect(permilleOf('1', '3')).toBe(333);
    expect(permilleOf('2', '3')).toBe(666);
    expect(permilleOf('3', '3')).toBe(1000);
    expect(permilleOf('6', '3')).toBe(2000);
    expect(permilleOf('0', '3')).toBe(0);
    expect(permilleOf('5', '0')).toBe(0);
    expect(permilleOf('-1', '3')).toBe(-333);
  });
});
