/**
 * RFC 4180 CSV with a UTF-8 byte-order mark (so that Excel opens Chinese text as UTF-8).
 * A cell that starts like a formula (= + - @, tab, CR) is prefixed with ' so a spreadsheet
 * never evaluates it (OWASP's CSV injection advice); amounts that start with "-" are
 * numbers, not formulas, and are kept as they are.
 */
const AMOUNT = /^-?\d{1,3}(,?\d{3})*(\.\d+)?%?$/;

function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !AMOUNT.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
