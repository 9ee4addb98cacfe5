import { createHash } from 'node:crypto';

/**
 * The idempotency key of a row: its template and its values (every column, in the template's
 * order, as the reader canonicalised them), hashed. The same row in the same file, or in a
 * file saved again, gives the same key: importing it again replays instead of recording. A
 * row changed in any cell is another command (and the decider judges it on the history).
 */
export function rowIdempotencyKey(
  template: string,
  columns: readonly string[],
  values: Readonly<Record<string, string | undefined>>,
): string {
  const canonical = JSON.stringify(columns.map((key) => [key, values[key] ?? null]));
  const hash = createHash('sha256').update(`${template}\n${canonical}`).digest('hex');
  return `xlsx-${template}-${hash.slice(0, 40)}`;
}
