/**
 * The progress bar of every audit command, on stderr only: stdout may be the NDJSON an
 * auditor pipes elsewhere. The bar itself is `npm run rebuild`'s, so both tools look alike.
 */
import { bar } from '../../gateway/src/rebuild';

export interface ProgressOptions {
  /** Where it goes; stderr by default. */
  stream?: NodeJS.WriteStream;
  /** Milliseconds between redraws on a terminal. */
  intervalMs?: number;
  /** Milliseconds between lines when stderr is a file or pipe (CI logs, tests). */
  logIntervalMs?: number;
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly started = performance.now();
  private lastDrawn = 0;
  private done = 0n;
  private readonly intervalMs: number;

  /** `total` is in the same unit as `update`'s argument (positions or versions from the start). */
  constructor(
    private readonly label: string,
    private total: bigint,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    // A redrawn line costs nothing on a terminal; in a log every line stays, so fewer of them.
    this.intervalMs = this.tty ? (options.intervalMs ?? 250) : (options.logIntervalMs ?? 2000);
  }

  update(done: bigint): void {
    this.done = done > this.total ? this.total : done;
    const now = performance.now();
    if (now - this.lastDrawn < this.intervalMs) return;
    this.lastDrawn = now;
    this.draw();
  }

  /** Draws the bar at its end (whatever the last update said) and ends the line. */
  finish(): void {
    this.done = this.total;
    this.draw();
    if (this.tty) this.stream.write('\n');
  }

  private draw(): void {
    const line = `${this.label}  ${bar(this.done, this.total, this.started)}`;
    this.stream.write(this.tty ? `\r${line}` : `${line}\n`);
  }
}

/** Seconds since `started` (a performance.now() value), for summaries. */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

export function perSecond(count: number, seconds: number): string {
  return seconds > 0 ? Math.round(count / seconds).toLocaleString('en-US') : '-';
}
