/**
 * Polls until `check` holds, or fails naming what never happened. For tests of things that
 * converge in the background (consumers, relays, other processes); `why` may add what was
 * seen (a process's last output) to the failure.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number; why?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 40_000);
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${what}${options.why ? `\n${options.why()}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
