import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { ConsoleAuth } from './console-auth';
import { ConsoleFiles, FileAnswer, NOT_BUILT } from './console-files';
import { DevLogin, DevLoginRefusal } from './dev-login';
import { setSecurityHeaders } from './security-headers';

export const CONSOLE_HOST = Symbol('CONSOLE_HOST');

/** What the host serves, settled at start (console-host.module.ts). */
export interface ConsoleHost {
  files: ConsoleFiles;
  auth: ConsoleAuth;
  /** Null when dev login is off: its path is then unknown, as any other. */
  devLogin: DevLogin | null;
  /** The explorer at GET /graphql: outside production only, as introspection is. */
  explorer: boolean;
}

/** Express sets it; a middleware mounted on a path sees `url` with the mount cut off. */
type Request = IncomingMessage & { originalUrl?: string };
type Next = (error?: unknown) => void;

/** The console's URLs (apps/console/src/main.tsx and its login page): each is index.html. */
const PAGE =
  /^\/(?:|map|risk|scores|stages|problems|supervision|deadlines|import|units|login|login\/callback|projects\/[^/]+)$/;
const ASSET = /^\/assets\/([^/]+)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The supervisors' console, its explorer and its sign-in settings, on the origin of /graphql.
 * One middleware in front of everything: a request it does not know goes on untouched
 * (Apollo for /graphql, Nest's 404 for the rest).
 */
@Injectable()
export class ConsoleHostMiddleware implements NestMiddleware<Request, ServerResponse> {
  private readonly logger = new Logger('Console');

  constructor(@Inject(CONSOLE_HOST) private readonly host: ConsoleHost) {}

  use(req: Request, res: ServerResponse, next: Next): void {
    this.route(req, res, next).catch((error: unknown) => {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      if (res.headersSent) res.destroy();
      else plain(res, 500, 'internal error');
    });
  }

  private async route(req: Request, res: ServerResponse, next: Next): Promise<void> {
    const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://host');
    const path = url.pathname;
    const read = req.method === 'GET' || req.method === 'HEAD';

    if (path === '/auth/dev-login' && req.method === 'POST' && this.host.devLogin)
      return this.devLogin(this.host.devLogin, req, res);
    if (!read) return next();
    if (path === '/console/config.json') return this.config(req, res);
    if (path === '/graphql') {
      if (!this.host.explorer || url.searchParams.has('query') || !prefersHtml(req.headers.accept))
        return next();
      return this.page('explorer.html', req, res);
    }
    if (PAGE.test(path)) return this.page('index.html', req, res);
    const asset = ASSET.exec(path);
    if (asset) return this.asset(asset[1]!, req, res, next);
    return next();
  }

  private headers(req: Request, res: ServerResponse): void {
    const { auth } = this.host;
    // The OIDC login page exchanges the code at the provider's token endpoint itself.
    setSecurityHeaders(
      res,
      req.headers.host,
      auth.kind === 'oidc' ? [new URL(auth.tokenEndpoint).origin] : [],
    );
  }

  private async page(
    name: 'index.html' | 'explorer.html',
    req: Request,
    res: ServerResponse,
  ): Promise<void> {
    this.headers(req, res);
    const file = await this.host.files.page(name);
    if (!file) return plain(res, 503, `${NOT_BUILT}\n`, req.method === 'HEAD');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('etag', file.etag);
    if (req.headers['if-none-match'] === file.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    send(res, 200, file, req.method === 'HEAD');
  }

  private async asset(name: string, req: Request, res: ServerResponse, next: Next): Promise<void> {
    const file = await this.host.files.asset(name, acceptsGzip(req.headers['accept-encoding']));
    if (!file) return next();
    this.headers(req, res);
    res.setHeader('cache-control', IMMUTABLE);
    res.setHeader('vary', 'accept-encoding');
    send(res, 200, file, req.method === 'HEAD');
  }

  private config(req: Request, res: ServerResponse): void {
    this.headers(req, res);
    res.setHeader('cache-control', 'no-cache');
    json(res, 200, { auth: this.host.auth }, req.method === 'HEAD');
  }

  private async devLogin(login: DevLogin, req: Request, res: ServerResponse): Promise<void> {
    this.headers(req, res);
    res.setHeader('cache-control', 'no-store');
    try {
      json(res, 200, { token: await login.mint(req) });
    } catch (error) {
      if (!(error instanceof DevLoginRefusal)) throw error;
      json(res, error.status, { error: error.message });
    }
  }
}

function send(res: ServerResponse, status: number, file: FileAnswer, head: boolean): void {
  res.statusCode = status;
  res.setHeader('content-type', file.contentType);
  if (file.encoding) res.setHeader('content-encoding', file.encoding);
  res.setHeader('content-length', file.body.length);
  res.end(head ? undefined : file.body);
}

function json(res: ServerResponse, status: number, body: unknown, head = false): void {
  const text = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', text.length);
  res.end(head ? undefined : text);
}

function plain(res: ServerResponse, status: number, text: string, head = false): void {
  const body = Buffer.from(text);
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', body.length);
  res.end(head ? undefined : body);
}

/** The quality an Accept header gives to any of `types` (exact, `type/*` or `*\/*`). */
function quality(accept: string, types: readonly string[]): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    const matches = types.some(
      (type) => range === type || range === '*/*' || range === `${type.split('/')[0]}/*`,
    );
    if (matches && Number.isFinite(value)) best = Math.max(best, value);
  }
  return best;
}

/**
 * A browser's navigation: text/html named, and preferred to JSON. `*\/*` alone (curl, fetch)
 * or a tie goes to the GraphQL endpoint, as before the explorer.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept || !/text\/html/i.test(accept)) return false;
  return (
    quality(accept, ['text/html']) >
    quality(accept, ['application/json', 'application/graphql-response+json'])
  );
}

function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  return header.split(',').some((part) => {
    const [coding = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
