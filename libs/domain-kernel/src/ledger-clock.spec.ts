import { Clock, FixedClock, LocalDate, SetClock, readSetting, systemClock } from './index';
import { LedgerClockError, ledgerClockFromEnv, parseLedgerInstant } from './ledger-clock';

const SINCE = new Date('2030-01-01T00:00:00.000Z');

function refusal(action: () => unknown): LedgerClockError {
  try {
    action();
  } catch (error) {
    if (error instanceof LedgerClockError) return error;
    throw error;
  }
  throw new Error('expected a LedgerClockError');
}

describe('parseLedgerInstant', () => {
  it.each([
    ['2021-07-13T09:00+08:00', '2021-07-13T01:00:00.000Z'],
    ['2021-07-13T09:00:30+08:00', '2021-07-13T01:00:30.000Z'],
    ['2021-07-13T09:00:30.25+08:00', '2021-07-13T01:00:30.250Z'],
    ['2021-07-13T01:00Z', '2021-07-13T01:00:00.000Z'],
    ['2021-07-12T20:00-05:00', '2021-07-13T01:00:00.000Z'],
    ['2021-12-31T23:59:59.999+14:00', '2021-12-31T09:59:59.999Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseLedgerInstant(value).toISOString()).toBe(iso);
  });

  it.each([
    ['2021-07-13', 'UTC offset'],
    ['2021-07-13T09:00', 'UTC offset'],
    ['2021-07-13 09:00+08:00', 'UTC offset'],
    ['2021-07-13T09:00+0800', 'UTC offset'],
    ['13/07/2021 09:00', 'UTC offset'],
    ['yesterday', 'UTC offset'],
    ['', 'UTC offset'],
    ['2021-02-29T09:00+08:00', 'date that exists'],
    ['2021-13-01T09:00+08:00', 'date that exists'],
    ['2021-07-13T24:00+08:00', 'time that exists'],
    ['2021-07-13T09:60+08:00', 'time that exists'],
    ['2021-07-13T09:00:60+08:00', 'time that exists'],
    ['2021-07-13T09:00+15:00', 'within ±14:00'],
    ['2021-07-13T09:00+08:60', 'within ±14:00'],
    ['1989-12-31T09:00+08:00', 'between 1990 and 2100'],
    ['2101-01-01T09:00+08:00', 'between 1990 and 2100'],
  ])('refuses %j, naming the variable and the form', (value, why) => {
    const error = refusal(() => parseLedgerInstant(value));
    expect(error.message).toContain('LEDGER_CLOCK');
    expect(error.message).toContain(why);
    expect(error.message).toContain('2021-07-13T09:00+08:00');
    expect(error.message).toContain(`got "${value}"`);
  });
});

describe('ledgerClockFromEnv', () => {
  it('is the system clock when nothing is set', () => {
    expect(ledgerClockFromEnv({})).toBe(systemClock);
    expect(ledgerClockFromEnv({ LEDGER_CLOCK: '', NODE_ENV: 'production' })).toBe(systemClock);
    expect(systemClock.setting).toBeUndefined();
  });

  it('freezes at LEDGER_CLOCK by default: date and instant, and tells the store so', () => {
    let real = SINCE.getTime();
    const clock = ledgerClockFromEnv({ LEDGER_CLOCK: '2021-07-13T09:00+08:00' }, SINCE);
    expect(clock.setting).toEqual({
      at: new Date('2021-07-13T01:00:00.000Z'),
      since: SINCE,
      advancing: false,
    });
    const reading = new SetClock(clock.setting!, () => real);
    real += 3 * 86_400_000;
    expect(reading.now().toISOString()).toBe('2021-07-13T01:00:00.000Z');
    expect(reading.today()).toBe('2021-07-13');
  });

  it('advances from LEDGER_CLOCK in real time with LEDGER_CLOCK_ADVANCE=true', () => {
    let real = SINCE.getTime();
    const setting = ledgerClockFromEnv(
      { LEDGER_CLOCK: '2021-07-13T23:59:59+08:00', LEDGER_CLOCK_ADVANCE: 'true' },
      SINCE,
    ).setting!;
    expect(setting.advancing).toBe(true);
    const clock = new SetClock(setting, () => real);
    expect(clock.now().toISOString()).toBe('2021-07-13T15:59:59.000Z');
    expect(clock.today()).toBe('2021-07-13');
    real += 1500;
    // Past midnight in Beijing: the next day, though it is still the 13th in UTC.
    expect(clock.now().toISOString()).toBe('2021-07-13T16:00:00.500Z');
    expect(clock.today()).toBe('2021-07-14');
  });

  it('counts from the same start in every part of a process, so they all read one clock', () => {
    const env = { LEDGER_CLOCK: '2021-07-13T09:00+08:00', LEDGER_CLOCK_ADVANCE: 'true' };
    const a = ledgerClockFromEnv(env).setting!;
    const b = ledgerClockFromEnv(env).setting!;
    expect(a.since.getTime()).toBe(b.since.getTime());
    expect(readSetting(a, 1e12).getTime()).toBe(readSetting(b, 1e12).getTime());
  });

  it('reads the date in Beijing, not in the server zone or UTC', () => {
    const clock = ledgerClockFromEnv({ LEDGER_CLOCK: '2021-07-12T20:00-05:00' }, SINCE);
    expect(clock.today()).toBe('2021-07-13');
  });

  it('takes LEDGER_CLOCK_ADVANCE=false as frozen and refuses anything else', () => {
    const frozen = ledgerClockFromEnv(
      { LEDGER_CLOCK: '2021-07-13T09:00+08:00', LEDGER_CLOCK_ADVANCE: 'false' },
      SINCE,
    );
    expect(frozen.setting?.advancing).toBe(false);
    expect(
      refusal(() =>
        ledgerClockFromEnv({ LEDGER_CLOCK: '2021-07-13T09:00+08:00', LEDGER_CLOCK_ADVANCE: '1' }),
      ).message,
    ).toBe('LEDGER_CLOCK_ADVANCE must be true or false, got "1"');
    expect(refusal(() => ledgerClockFromEnv({ LEDGER_CLOCK_ADVANCE: 'true' })).message).toContain(
      'LEDGER_CLOCK_ADVANCE needs LEDGER_CLOCK',
    );
  });

  it('refuses a malformed LEDGER_CLOCK with the form it wants', () => {
    expect(refusal(() => ledgerClockFromEnv({ LEDGER_CLOCK: '2021-07-13' })).message).toBe(
      'LEDGER_CLOCK must be an instant with its UTC offset (YYYY-MM-DDTHH:MM[:SS[.mmm]] with Z or ±HH:MM, e.g. 2021-07-13T09:00+08:00), got "2021-07-13"',
    );
  });

  it('refuses any setting with NODE_ENV=production, well formed or not', () => {
    for (const env of [
      { LEDGER_CLOCK: '2021-07-13T09:00+08:00' },
      { LEDGER_CLOCK: '2021-07-13T09:00+08:00', LEDGER_CLOCK_ADVANCE: 'true' },
      { LEDGER_CLOCK: 'nonsense' },
      { LEDGER_CLOCK_ADVANCE: 'true' },
    ]) {
      const error = refusal(() => ledgerClockFromEnv({ ...env, NODE_ENV: 'production' }));
      expect(error.message).toMatch(/^LEDGER_CLOCK is refused with NODE_ENV=production/);
    }
  });
});

describe('the test clock', () => {
  it('sets the date only: its instant is real, as the store records beside it', () => {
    const clock: Clock = new FixedClock('2021-06-03' as LocalDate);
    const before = Date.now();
    expect(clock.today()).toBe('2021-06-03');
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before);
    expect(clock.setting).toBeUndefined();
  });
});
