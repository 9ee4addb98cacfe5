/**
 * Lets readers sleep until an append in this process or a timeout, whichever comes
 * first. Appends by other processes are picked up by the timeout (polling). The
 * generation counter closes the window between a reader's last read and its wait.
 */
export class Wakeup {
  private waiters = new Set<() => void>();
  private generationCounter = 0;

  get generation(): number {
    return this.generationCounter;
  }

  notify(): void {
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
