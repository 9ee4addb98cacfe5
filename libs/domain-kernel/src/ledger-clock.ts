import { SettingError } from './settings';
import { Clock, SetClock, systemClock } from './clock';

/** A LEDGER_CLOCK setting that cannot be used; processes refuse to start with it. */
export class LedgerClockError extends SettingError {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerClockError';
  }
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const FORM = 'YYYY-MM-DDTHH:MM[:SS[.mmm]] with Z or ±HH:MM, e.g. 2021-07-13T09:00+08:00';

/**
 * An instant with its UTC offset. A time without one is refused: the server's zone would
 * decide which day it is in Beijing, and deadlines fall on Beijing days.
 */
export function parseLedgerInstant(value: string, name = 'LEDGER_CLOCK'): Date {
  const bad = (why: string) => new LedgerClockError(`${name} ${why} (${FORM}), got "${value}"`);
  const match = INSTANT.exec(value);
  if (!match) throw bad('must be an instant with its UTC offset');
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map((part) => Number(part ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // ".25" is 250 ms, not 25.
  const ms = Number((match[7] ?? '').padEnd(3, '0'));
  const day = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 2021-02-30 over to March: a real date survives the round trip.
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) {
    throw bad('must name a date that exists');
  }
  // The ledger's dates run from 1990 to 2100 (parseLocalDate): today must be one of them.
  if (y < 1990 || y > 2100) throw bad('must be between 1990 and 2100');
  if (h > 23 || mi > 59 || s > 59) throw bad('must name a time that exists');
  let offsetMinutes = 0;
  if (match[8] !== 'Z') {
    const oh = Number(match[10]);
    const om = Number(match[11]);
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) throw bad('must have an offset within ±14:00');
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000);
}

/**
 * The ledger's clock from the environment: the system clock, or the one LEDGER_CLOCK sets.
 *
 * LEDGER_CLOCK=2021-07-13T09:00+08:00        frozen: it reads that instant until the process ends
 * LEDGER_CLOCK_ADVANCE=true (with it)        advancing: from that instant, in real time, counted
 *                                            from the process's start (`since`)
 *
 * For standalone and test runs only: refused with NODE_ENV=production, where recorded time
 * must be real. Every part of a process calls this with the same `since` (the default, the
 * process's start), so every part reads the same clock.
 */
export function ledgerClockFromEnv(
  env: NodeJS.ProcessEnv,
  since: Date = new Date(Math.floor(performance.timeOrigin)),
): Clock {
  const value = env.LEDGER_CLOCK ?? '';
  const advance = env.LEDGER_CLOCK_ADVANCE ?? '';
  if (value === '' && advance === '') return systemClock;
  if (env.NODE_ENV === 'production') {
    throw new LedgerClockError(
      'LEDGER_CLOCK is refused with NODE_ENV=production: a production ledger keeps real time ' +
        '(the setting is for standalone and test runs). Unset LEDGER_CLOCK and LEDGER_CLOCK_ADVANCE.',
    );
  }
  if (value === '') {
    throw new LedgerClockError(
      'LEDGER_CLOCK_ADVANCE needs LEDGER_CLOCK: the instant to start from',
    );
  }
  if (advance !== '' && advance !== 'true' && advance !== 'false') {
    throw new LedgerClockError(`LEDGER_CLOCK_ADVANCE must be true or false, got "${advance}"`);
  }
  return new SetClock({ at: parseLedgerInstant(value), since, advancing: advance === 'true' });
}
