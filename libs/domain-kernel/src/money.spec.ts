import { InvalidCommandError, RuleViolation, assertNever, fold } from './decider';
import { InvalidDateError, parseLocalDate, yearOf } from './local-date';
import {
  Fen,
  InvalidAmountError,
  fen,
  formatYi,
  formatYuan,
  parseYi,
  parseYuan,
  sumFen,
} from './money';

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseYuan', () => {
  it.each<[string, bigint]>([
    ['0', 0n],
    ['12', 1200n],
    ['12.5', 1250n],
    ['12.34', 1234n],
    ['0.01', 1n],
    ['0.5', 50n],
    ['0.00', 0n],
    ['100', 10000n],
    ['1234567.89', 123456789n],
    ['999999999999999999.99', 99999999999999999999n],
  ])('parses %j as %p fen', (text, expected) => {
    expect(parseYuan(text, 'amount')).toBe(expected);
  });

  it('is exact where a float is not: 0.1 + 0.2 yuan is 30 fen', () => {
    expect(parseYuan('0.1', 'a') + parseYuan('0.2', 'b')).toBe(parseYuan('0.3', 'c'));
  });

  it.each<[string, unknown]>([
    ['a negative amount', '-1'],
    ['an exponent', '1e3'],
    ['a leading space', ' 1'],
    ['a trailing space', '1 '],
    ['three decimals', '1.234'],
    ['a leading zero', '01'],
    ['an empty string', ''],
    ['a trailing dot', '1.'],
    ['a bare fraction', '.5'],
    ['a plus sign', '+1'],
    ['thousands separators', '1,000'],
    ['a full-width digit', '１'],
    ['19 integer digits', '1000000000000000000'],
    ['a number', 12],
    ['null', null],
    ['undefined', undefined],
  ])('rejects %s (%p) with InvalidAmountError', (_what, value) => {
    const error = caught(() => parseYuan(value, 'plannedTotalInvestment'));
    expect(error).toBeInstanceOf(InvalidAmountError);
    expect(error).toMatchObject({
      name: 'InvalidAmountError',
      field: 'plannedTotalInvestment',
      value,
    });
  });

  // Bug: InvalidAmountError builds its message with JSON.stringify(value), which throws a
  // TypeError for a bigint, so an already-parsed Fen passed by mistake escapes as a TypeError.
  it('rejects a bigint, such as an already-parsed Fen, with InvalidAmountError', () => {
    const error = caught(() => parseYuan(1200n, 'amount'));
    expect(error).toBeInstanceOf(InvalidAmountError);
    expect(error).toMatchObject({ field: 'amount', value: 1200n });
  });

  it('names the field and the value in the message', () => {
    expect(() => parseYuan('1.234', 'amount')).toThrow(
      'amount must be a non-negative amount of yuan as a decimal string with at most 2 decimals, got "1.234"',
    );
  });
});

describe('formatYuan', () => {
  it.each<[bigint, string]>([
    [0n, '0.00'],
    [1n, '0.01'],
    [10n, '0.10'],
    [99n, '0.99'],
    [100n, '1.00'],
    [1250n, '12.50'],
    [123456n, '1234.56'],
    [21168500000000n, '211685000000.00'],
    [99999999999999999999n, '999999999999999999.99'],
  ])('formats %p fen as %j', (amount, expected) => {
    expect(formatYuan(fen(amount))).toBe(expected);
  });

  it('puts the sign in front of a negative amount', () => {
    expect(formatYuan(fen(-1n))).toBe('-0.01');
    expect(formatYuan(fen(-12345n))).toBe('-123.45');
  });

  it.each(['0', '12', '12.5', '12.34', '0.07', '1000000.1'])(
    'round-trips %j through parseYuan to its canonical two-decimal form',
    (text) => {
      const amount = parseYuan(text, 'amount');
      const formatted = formatYuan(amount);
      expect(formatted).toMatch(/^\d+\.\d{2}$/);
      expect(parseYuan(formatted, 'amount')).toBe(amount);
    },
  );
});

describe('parseYi and formatYi', () => {
  it('reads 2116.85 亿元 as 211,685,000,000.00 yuan', () => {
    const amount = parseYi('2116.85', 'total');
    expect(amount).toBe(21168500000000n);
    expect(formatYuan(amount)).toBe('211685000000.00');
    expect(formatYi(amount)).toBe('2116.85');
  });

  it.each<[string, bigint]>([
    ['0', 0n],
    ['1', 10000000000n],
    ['0.0001', 1000000n], // 1 万元
    ['12.3456', 123456000000n],
    ['0.00000001', 100n], // 1 元, the smallest step
    ['761', 7610000000000n],
  ])('parses %j 亿元 as %p fen', (text, expected) => {
    expect(parseYi(text, 'total')).toBe(expected);
  });

  it.each(['0', '1', '0.0001', '12.3456', '2116.85', '0.00000001', '761', '10.5'])(
    'round-trips %j through formatYi',
    (text) => {
      expect(formatYi(parseYi(text, 'total'))).toBe(text);
    },
  );

  it('drops trailing zeros when formatting', () => {
    expect(parseYi('2116.8500', 'total')).toBe(21168500000000n);
    expect(formatYi(parseYi('2116.8500', 'total'))).toBe('2116.85');
    expect(formatYi(parseYi('3.0', 'total'))).toBe('3');
  });

  it('keeps amounts smaller than one yuan exact', () => {
    expect(formatYi(fen(1n))).toBe('0.0000000001');
    expect(formatYi(fen(10000000001n))).toBe('1.0000000001');
  });

  it.each(['-1', '1e3', '', ' 1', '1.', '.5', '1.123456789', '1,5', '一'])(
    'rejects %j with InvalidAmountError',
    (text) => {
      const error = caught(() => parseYi(text, 'total'));
      expect(error).toBeInstanceOf(InvalidAmountError);
      expect(error).toMatchObject({ field: 'total', value: text });
    },
  );
});

describe('sumFen', () => {
  it('adds nothing up to zero', () => {
    expect(sumFen([])).toBe(0n);
  });

  it('adds amounts exactly', () => {
    expect(sumFen([fen(1n), fen(2n), fen(3n)])).toBe(6n);
    expect(sumFen(['0.1', '0.2'].map((t) => parseYuan(t, 'a')))).toBe(30n);
  });

  it('stays exact beyond Number.MAX_SAFE_INTEGER', () => {
    const big = fen(BigInt(Number.MAX_SAFE_INTEGER));
    expect(sumFen([big, fen(1n), fen(1n)])).toBe(9007199254740993n);
  });

  it('takes any iterable, including a generator', () => {
    function* amounts(): Generator<Fen> {
      yield fen(100n);
      yield fen(250n);
    }
    expect(sumFen(amounts())).toBe(350n);
    expect(sumFen(new Set([fen(5n), fen(7n)]))).toBe(12n);
  });
});

describe('fen', () => {
  it('brands a bigint without changing it', () => {
    expect(fen(42n)).toBe(42n);
  });
});

describe('parseLocalDate', () => {
  it.each(['2024-02-29', '2021-12-31', '2021-01-01', '2000-02-29', '1990-01-01', '2100-12-31'])(
    'accepts %j as it is',
    (text) => {
      expect(parseLocalDate(text, 'date')).toBe(text);
    },
  );

  it.each<[string, unknown]>([
    ['a 30th of February', '2021-02-30'],
    ['a 29th of February outside a leap year', '2023-02-29'],
    ['a 29th of February in 2100, a century year that is not leap', '2100-02-29'],
    ['unpadded month and day', '2021-2-3'],
    ['month 13', '2021-13-01'],
    ['month 00', '2021-00-10'],
    ['day 00', '2021-01-00'],
    ['day 32', '2021-01-32'],
    ['a 31st of April', '2021-04-31'],
    ['a time', '2021-01-01T00:00:00Z'],
    ['slashes', '2021/01/01'],
    ['a leading space', ' 2021-01-01'],
    ['a year before 1990', '1989-12-31'],
    ['a year after 2100', '2101-01-01'],
    ['an empty string', ''],
    ['a number', 20210101],
    ['a Date', new Date('2021-01-01')],
    ['null', null],
  ])('rejects %s (%p) with InvalidDateError', (_what, value) => {
    const error = caught(() => parseLocalDate(value, 'approvedOn'));
    expect(error).toBeInstanceOf(InvalidDateError);
    expect(error).toMatchObject({ name: 'InvalidDateError', field: 'approvedOn', value });
  });

  // Same bug as parseYuan: InvalidDateError's JSON.stringify(value) throws on a bigint.
  it('rejects a bigint with InvalidDateError', () => {
    const error = caught(() => parseLocalDate(20210101n, 'date'));
    expect(error).toBeInstanceOf(InvalidDateError);
    expect(error).toMatchObject({ field: 'date', value: 20210101n });
  });

  it('names the field and the value in the message', () => {
    expect(() => parseLocalDate('2021-02-30', 'paidOn')).toThrow(
      'paidOn must be a real calendar date as YYYY-MM-DD, got "2021-02-30"',
    );
  });

  it('gives dates that order correctly as text', () => {
    const dates = ['2024-10-01', '2024-02-29', '2023-12-31'].map((t) => parseLocalDate(t, 'd'));
    expect([...dates].sort()).toEqual(['2023-12-31', '2024-02-29', '2024-10-01']);
  });
});

describe('yearOf', () => {
  it('is the calendar year of a date', () => {
    expect(yearOf(parseLocalDate('2024-02-29', 'date'))).toBe(2024);
    expect(yearOf(parseLocalDate('1990-01-01', 'date'))).toBe(1990);
  });
});

// decider.ts has no spec of its own; its small helpers are checked here.
describe('decider kernel', () => {
  it('fold applies events in order from the initial state', () => {
    const counter = {
      initialState: '',
      evolve: (state: string, event: string) => state + event,
    };
    expect(fold(counter, ['a', 'b', 'c'])).toBe('abc');
    expect(fold(counter, [])).toBe('');
  });

  it('RuleViolation carries a stable rule code and a message', () => {
    const error = new RuleViolation('SOME_RULE', 'explained');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RuleViolation', rule: 'SOME_RULE', message: 'explained' });
  });

  it('InvalidCommandError carries the field', () => {
    const error = new InvalidCommandError('amount', 'bad amount');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'InvalidCommandError',
      field: 'amount',
      message: 'bad amount',
    });
  });

  it('assertNever throws naming the unhandled value', () => {
    expect(() => assertNever({ type: 'Unknown' } as never)).toThrow(
      'unhandled case: {"type":"Unknown"}',
    );
  });
});
