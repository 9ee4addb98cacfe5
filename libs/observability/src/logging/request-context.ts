import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What every log line of a request says about it: the correlation id (the client's, or one
 * made here), and once known the GraphQL operation and the acting principal. Kept in
 * AsyncLocalStorage for the request's whole async life: a command handler deep below the
 * resolver logs with it without being handed it.
 */
export interface RequestContext {
  correlationId: string;
  operation?: string;
  actor?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The header the id is answered in and forwarded to subgraphs under. */
export const CORRELATION_HEADER = 'x-request-id';
const INCOMING_HEADERS = [CORRELATION_HEADER, 'x-correlation-id'] as const;
/**
 * What a client's id may be: it lands in log lines and in events' metadata (at most 200
 * characters there), so anything longer or stranger is replaced, never trusted.
 */
const CORRELATION_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The client's correlation id if it sent a usable one, else a new one. */
export function correlationIdFrom(headers: Record<string, string | string[] | undefined>): string {
  for (const name of INCOMING_HEADERS) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && CORRELATION_ID.test(value)) return value;
  }
  return randomUUID();
}

/**
 * First middleware of every process: the request runs in its context from here on, and
 * the response carries the id whatever answers it (a refusal before GraphQL included).
 */
export function requestContextMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void {
  return (req, res, next) => {
    const correlationId = correlationIdFrom(req.headers);
    res.setHeader(CORRELATION_HEADER, correlationId);
    storage.run({ correlationId }, next);
  };
}
