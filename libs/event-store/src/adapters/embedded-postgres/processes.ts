import { readFileSync, readlinkSync } from 'node:fs';

/** Whether a process with this id exists (EPERM: it does, and belongs to another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started, in clock ticks since boot (Linux /proc), to tell a process from a
 * later one that was given the same id; null where there is no /proc.
 */
export function startTicks(pid: number): string | null {
  const fields = statFields(pid);
  // Field 22 of /proc/<pid>/stat; the list here starts at field 3.
  return fields?.[19] ?? null;
}

/** The parent's id (Linux /proc), or null where there is no /proc. */
export function parentOf(pid: number): number | null {
  const ppid = statFields(pid)?.[1];
  return ppid === undefined ? null : Number(ppid);
}

/** The program a process runs (Linux /proc), or null where it cannot be read. */
export function executableOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/** Its command line, arguments joined by spaces (Linux /proc), or null. */
export function commandLineOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
