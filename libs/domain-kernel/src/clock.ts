import { LocalDate } from './local-date';

/**
 * Where the programme is in time. Injected (CLOCK), so tests and training runs can set it:
 * deadlines, risk checks, scores and the as-of bounds read it, never the system clock.
 */
export interface Clock {
  /** Today's date in Beijing: what deadlines and rules count from. */
  today(): LocalDate;
  /** The current instant: what bounds questions about recorded time. */
  now(): Date;
  /**
   * Only on a clock set by LEDGER_CLOCK (ledgerClockFromEnv): the event store then records
   * its time too. A test clock that sets only the date leaves the store on real time.
   */
  readonly setting?: ClockSetting;
}

export const CLOCK = Symbol('Clock');

/**
 * A clock set by hand: it read `at` at the real instant `since`, and stays there (frozen) or
 * moves on with the real clock (advancing). The event store applies the same setting under
 * its own lock, so it is data, not a function.
 */
export interface ClockSetting {
  readonly at: Date;
  readonly since: Date;
  readonly advancing: boolean;
}

const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Deadlines are Beijing working days: the date is taken in Asia/Shanghai, not the server's zone. */
export function beijingDate(instant: Date): LocalDate {
  return BEIJING.format(instant) as LocalDate;
}

export const systemClock: Clock = {
  today: () => beijingDate(new Date()),
  now: () => new Date(),
};

/**
 * A clock tests set by hand. It sets the date only: its instant stays the real one, as the
 * store still records real time beside it (SetClock sets both).
 */
export class FixedClock implements Clock {
  constructor(private date: LocalDate) {}
  today(): LocalDate {
    return this.date;
  }
  now(): Date {
    return new Date();
  }
  set(date: LocalDate): void {
    this.date = date;
  }
}

/** What a set clock reads when the real clock reads `realNowMs`. */
export function readSetting(setting: ClockSetting, realNowMs: number): Date {
  return setting.advancing
    ? new Date(setting.at.getTime() + (realNowMs - setting.since.getTime()))
    : new Date(setting.at.getTime());
}

/** The clock LEDGER_CLOCK sets (see ledgerClockFromEnv): date and instant both follow it. */
export class SetClock implements Clock {
  constructor(
    readonly setting: ClockSetting,
    private readonly realNow: () => number = Date.now,
  ) {}
  now(): Date {
    return readSetting(this.setting, this.realNow());
  }
  today(): LocalDate {
    return beijingDate(this.now());
  }
}
