/**
 * Lets readers sleep until an append in this process or a timeout, whichever comes
 * first. Appends by other processes are picked up by the timeout (polling). The
 * generation counter closes the window between a reader's last read and its wait.
 */
export class Wakeup {
  private waiters = new Set<() => void>();
  private generationCounter = 0;
  private appended: bigint | undefined;

  get generation(): number {
    return this.generationCounter;
  }

  /**
   * The last position this process appended. A reader behind it knows an event is committed
   * that its read did not return yet (PostgreSQL shows it once older transactions end), and
   * looks again soon rather than sleeping a whole poll interval.
   */
  get appendedUpTo(): bigint | undefined {
    return this.appended;
  }

  /** An append committed, up to `position` when the caller knows it. */
  notify(position?: bigint): void {
    if (position !== undefined && (this.appended === undefined || position > this.appended)) {
      this.appended = position;
    }
    this.generationCounter += 1;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  /** Resolves at once if anything was appended since `seenGeneration`. */
  wait(timeoutMs: number, seenGeneration: number): Promise<void> {
    if (seenGeneration !== this.generationCounter) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
