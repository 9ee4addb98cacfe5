/**
 * A deadline watcher's timer: a sweep every `intervalMs` (none when 0), one at a time. A first
 * sweep may record every period missed since the plan was issued, longer than a short
 * interval: a tick while one runs joins it instead of racing it for the same appends.
 */
export class SweepSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly sweep: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.run().catch(this.onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The sweep under way, or a new one: how many overdue records it made. */
  run(): Promise<number> {
    this.running ??= this.sweep().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
