import { EventStoreClosedError } from './errors';

/**
 * Network-level failures a node-postgres client reports (its own or the socket's `code`):
 * the server is not there, or went away under the query.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that cannot answer now but may in a moment: class 08 (connection
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting
 * up, shutting down, in recovery), 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** What node-postgres and PGlite say when a connection or the database is gone. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^timeout expired$/,
  /^timeout exceeded when trying to connect$/,
  /^PGlite is clos(ed|ing)$/,
];

/**
 * Whether an error means that the database cannot be reached right now, as opposed to a
 * fault of the request or of the code: the command was not carried out (a transaction cut
 * off mid-way is rolled back by the server) and the same command may be sent again once
 * the database is back. Follows `cause` (and an AggregateError's errors: node-postgres
 * reports a refused connection to "localhost" as one per address).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  if (error instanceof EventStoreClosedError) return true;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code)))
    return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message))) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))
  )
    return true;
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1);
}
