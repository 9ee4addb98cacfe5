import { createHash } from 'node:crypto';

/**
 * A stable digest of a command's content: keys sorted, bigints as decimal strings. Two
 * commands with the same fingerprint ask for the same thing.
 */
export function commandFingerprint(command: unknown): string {
  return createHash('sha256').update(canonical(command)).digest('hex').slice(0, 24);
}

function canonical(value: unknown): string {
  if (typeof value === 'bigint') return `"${value.toString()}n"`;
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
