import type { ServerResponse } from 'node:http';

/** A Host header as a browser sends it: a name or an address, and maybe a port. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy of the console and the explorer: everything from this origin
 * only. Inline styles are allowed because ECharts, GraphiQL and monaco set them on elements;
 * scripts never run inline. The live subscription (graphql-ws on /graphql) is named in its
 * ws:/wss: form too, for browsers where 'self' does not yet cover WebSockets. `connectTo`
 * adds origins the page must reach itself (the identity provider's token endpoint).
 */
export function contentSecurityPolicy(
  host: string | undefined,
  connectTo: readonly string[] = [],
): string {
  const sockets = host && HOST.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...sockets, ...connectTo].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every answer of the console host carries (pages, assets, settings). */
export function setSecurityHeaders(
  res: ServerResponse,
  host: string | undefined,
  connectTo: readonly string[] = [],
): void {
  res.setHeader('content-security-policy', contentSecurityPolicy(host, connectTo));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
}
