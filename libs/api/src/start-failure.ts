import { SettingError } from '@ledger/domain-kernel';

/**
 * How a process ends when it cannot start: a setting that is wrong is one line naming the
 * variable (no stack: the code is not at fault), exit code 78 (EX_CONFIG, as a supervisor
 * reads it: starting again will not help); anything else with its stack, exit code 1.
 */
export function failedToStart(processName: string, error: unknown): never {
  if (error instanceof SettingError) {
    process.stderr.write(`${processName}: configuration: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(
    `${processName}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
