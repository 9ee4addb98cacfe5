import { LocalDate } from './local-date';

/** Today's date where the programme runs. Injected, so tests can move time. */
export interface Clock {
  today(): LocalDate;
}

export const CLOCK = Symbol('Clock');

const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Deadlines are Beijing working days: the date is taken in Asia/Shanghai, not the server's zone. */
export const systemClock: Clock = {
  today: () => BEIJING.format(new Date()) as LocalDate,
};

/** A clock tests set by hand. */
export class FixedClock implements Clock {
  constructor(private date: LocalDate) {}
  today(): LocalDate {
    return this.date;
  }
  set(date: LocalDate): void {
    this.date = date;
  }
}
