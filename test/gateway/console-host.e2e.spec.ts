import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthConfig, AuthModule, DEFAULT_AUDIENCE, LOCAL_ISSUER } from '@ledger/auth';
import type { ConsoleConfig } from '../../apps/console/src/app/config';
import { ConsoleHostModule } from '../../apps/gateway/src/console-host/console-host.module';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../support/console-build';
import { RunningApp, startStandalone } from '../support/standalone-app';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

function expectSecurityHeaders(response: Response, host: string): void {
  const csp = directives(response.headers.get('content-security-policy'));
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp.get('worker-src')).toEqual(["'self'", 'blob:']);
  expect(csp.get('font-src')).toEqual(["'self'", 'data:']);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
}

/** Every script and stylesheet a page names, and whether any script is inline. */
function referencesOf(html: string): { urls: string[]; inlineScripts: number } {
  const urls: string[] = [];
  let inlineScripts = 0;
  for (const [, attributes = '', body = ''] of html.matchAll(
    /<script\b([^>]*)>([\s\S]*?)<\/script>/gi,
  )) {
    const src = /\bsrc="([^"]*)"/i.exec(attributes)?.[1];
    if (src) urls.push(src);
    else if (body.trim() !== '') inlineScripts++;
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = /\brel="([^"]*)"/i.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
    if (href && /stylesheet|modulepreload|preload|icon/.test(rel)) urls.push(href);
  }
  return { urls, inlineScripts };
}

const distFile = (name: string) => readFileSync(join(CONSOLE_DIST, name), 'utf8');

describe('the console host, standalone', () => {
  let running: RunningApp;
  let base: string;
  let host: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    running = await startStandalone();
    base = running.url.replace(/\/graphql$/, '');
    host = new URL(base).host;
  }, 240_000);

  afterAll(async () => {
    await running?.close();
  });

  it("serves the console's HTML at each of its pages, revalidated, with the CSP", async () => {
    for (const path of [
      '/',
      '/map',
      '/risk',
      '/scores',
      '/problems',
      '/supervision',
      '/deadlines',
      '/projects/x',
      '/login',
      '/login/callback',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expectSecurityHeaders(response, host);
      expect(await response.text()).toBe(distFile('index.html'));
    }
  });

  it('answers a page again with 304 when it has not changed', async () => {
    const first = await fetch(`${base}/`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the assets the pages name, cached for good, compressed when asked', async () => {
    // The favicon is an empty data: URL (no request); every other reference is an asset here.
    const urls = referencesOf(distFile('index.html')).urls.filter((u) => u !== 'data:,');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toMatch(/^\/assets\/[^/]+$/);
      const response = await fetch(`${base}${url}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      // fetch undoes the gzip: what arrives is the file as built.
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(readFileSync(join(CONSOLE_DIST, url)))).toBe(true);
    }
    const script = urls.find((u) => u.endsWith('.js'))!;
    const raw = await fetch(`${base}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(raw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for what is neither a page nor an asset', async () => {
    for (const path of [
      '/nope',
      '/projects',
      '/projects/a/b',
      '/map/extra',
      '/assets/nope.js',
      '/assets/',
      '/index.html',
      '/explorer.html',
      '/assets/..%2Findex.html',
    ]) {
      const response = await fetch(`${base}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });

  it('serves the explorer at /graphql to a browser, with same-origin scripts only', async () => {
    const response = await fetch(running.url, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(response.status).toBe(200);
    expectSecurityHeaders(response, host);
    const html = await response.text();
    expect(html).toBe(distFile('explorer.html'));
    const { urls, inlineScripts } = referencesOf(html);
    expect(inlineScripts).toBe(0);
    expect(urls.some((u) => u.endsWith('.js'))).toBe(true);
    for (const url of urls) {
      if (url.startsWith('data:')) continue;
      // A path on this origin: not `//host/...`, not `https://...`.
      expect(url).toMatch(/^\/(?!\/)/);
      expect(new URL(url, running.url).origin).toBe(new URL(running.url).origin);
      expect((await fetch(new URL(url, running.url))).status).toBe(200);
    }
  });

  it('keeps /graphql a GraphQL endpoint for everything but a browser', async () => {
    const expected = await running.graphql<{ programme: { code: string } }>(
      '{ programme { code } }',
    );
    expect(expected.data?.programme.code).toBeTruthy();
    const token = await running.token({ role: 'supervisor' });
    const get = await fetch(
      `${running.url}?query=${encodeURIComponent('{ programme { code } }')}`,
      {
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          'apollo-require-preflight': 'true',
        },
      },
    );
    expect(get.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await get.json()).toEqual(expected);
    // curl's and fetch's `*/*`, and a tie between HTML and JSON, are GraphQL requests.
    for (const accept of ['*/*', 'text/html, application/json']) {
      const answer = await fetch(running.url, { headers: { accept } });
      expect(answer.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('tells the console how readers sign in', async () => {
    const response = await fetch(`${base}/console/config.json`);
    expect(response.status).toBe(200);
    const config: ConsoleConfig = (await response.json()) as ConsoleConfig;
    expect(config).toEqual({ auth: { kind: 'local', devLogin: true } });
  });

  const devLogin = (body: unknown, type = 'application/json') =>
    fetch(`${base}/auth/dev-login`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('mints a development token the API accepts', async () => {
    const response = await devLogin({ role: 'supervisor' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token } = (await response.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      role: string;
      iat: number;
      exp: number;
    };
    expect(claims).toMatchObject({ sub: 'console-dev', role: 'supervisor' });
    expect(claims.exp - claims.iat).toBe(3600);

    const expected = await running.graphql('{ programme { code } }');
    const answer = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ programme { code } }' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual(expected);
  });

  it('mints nothing for a request addressed to another name, or from another origin', async () => {
    // What a DNS-rebinding page would send: its own name as Host, its own origin.
    const post = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = httpRequest(
          `${base}/auth/dev-login`,
          { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end(JSON.stringify({ role: 'auditor' }));
      });
    const rebound = await post({ host: 'attacker.example:4000' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain('token":"ey');
    const foreign = await post({ origin: 'http://attacker.example' });
    expect(foreign.status).toBe(403);
  });

  it('mints a scoped token that carries its unit and that the API accepts', async () => {
    const answer = await running.graphql<{ programme: { regions: Array<{ code: string }> } }>(
      '{ programme { regions { code } } }',
    );
    const region = answer.data?.programme.regions[0]?.code;
    expect(region).toBeTruthy();
    const response = await devLogin({ role: 'region', region });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      region: string;
    };
    expect(claims.region).toBe(region);
    const read = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ programme { code } }' }),
    });
    expect(((await read.json()) as { data?: unknown }).data).toEqual(
      (await running.graphql('{ programme { code } }')).data,
    );
  });

  it('refuses what npm run token refuses, with 400 and a reason', async () => {
    for (const body of [
      { role: 'boss' },
      {},
      [],
      { role: 'region' },
      { role: 'lead_department' },
      { role: 'region', region: 'Not A Code' },
    ]) {
      const response = await devLogin(body);
      expect([body, response.status]).toEqual([body, 400]);
      const answer = (await response.json()) as { error?: string };
      expect(typeof answer.error).toBe('string');
    }
    expect((await devLogin('{not json')).status).toBe(400);
    expect((await devLogin('role=supervisor', 'application/x-www-form-urlencoded')).status).toBe(
      415,
    );
    expect((await devLogin({ role: 'supervisor', pad: 'x'.repeat(5000) })).status).toBe(413);
  });
});

/** The host module alone, behind its settings: no services, no store, a second to start. */
async function hostAlone(
  auth: AuthConfig,
  env: NodeJS.ProcessEnv,
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot(auth), ConsoleHostModule.forRoot(auth, env)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'], bodyParser: false });
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

describe('the console host, by its settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
  const local: AuthConfig = {
    kind: 'local',
    keyDirectory: join(dataDir, 'auth'),
    issuer: LOCAL_ISSUER,
    audience: DEFAULT_AUDIENCE,
  };
  let provider: Server;
  let issuer: string;

  beforeAll(async () => {
    ensureConsoleBuilt();
    // A real HTTP server standing for the identity provider's discovery document.
    provider = createServer((req, res) => {
      if (req.url !== '/realm/.well-known/openid-configuration') {
        res.statusCode = 404;
        return res.end();
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `http://localhost:${(provider.address() as AddressInfo).port}/realm/token`,
        }),
      );
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/realm`;
  }, 240_000);

  afterAll(async () => {
    await new Promise((resolve) => provider?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has no dev login when CONSOLE_DEV_LOGIN=false', async () => {
    const { app, base } = await hostAlone(local, { CONSOLE_DEV_LOGIN: 'false' });
    try {
      expect(await (await fetch(`${base}/console/config.json`)).json()).toEqual({
        auth: { kind: 'local', devLogin: false },
      });
      const response = await fetch(`${base}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'supervisor' }),
      });
      expect(response.status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('sends readers to the identity provider, its endpoints read from discovery', async () => {
    const jwks: AuthConfig = {
      kind: 'jwks',
      jwksUrl: `${issuer}/jwks`,
      issuer,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['ES256'],
    };
    const { app, base } = await hostAlone(jwks, {
      CONSOLE_OIDC_ISSUER: issuer,
      CONSOLE_OIDC_CLIENT_ID: 'ledger-console',
      CONSOLE_OIDC_SCOPE: 'openid profile',
    });
    try {
      const response = await fetch(`${base}/console/config.json`);
      const config = (await response.json()) as ConsoleConfig;
      const port = (provider.address() as AddressInfo).port;
      expect(config).toEqual({
        auth: {
          kind: 'oidc',
          issuer,
          authorizationEndpoint: `${issuer}/authorize`,
          tokenEndpoint: `http://localhost:${port}/realm/token`,
          clientId: 'ledger-console',
          scope: 'openid profile',
        },
      });
      // The login page exchanges the code there itself: the CSP lets it, and only it.
      const connect = directives(response.headers.get('content-security-policy')).get(
        'connect-src',
      );
      expect(connect).toContain(`http://localhost:${port}`);
      expect(connect).not.toContain(new URL(issuer).origin);
      const login = await fetch(`${base}/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'supervisor' }),
      });
      expect(login.status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('refuses to start when discovery names another issuer', async () => {
    const jwks: AuthConfig = {
      kind: 'jwks',
      jwksUrl: `${issuer}/jwks`,
      issuer: `${issuer}-other`,
      audience: DEFAULT_AUDIENCE,
      algorithms: ['ES256'],
    };
    await expect(
      hostAlone(jwks, { CONSOLE_OIDC_ISSUER: `${issuer}/`, CONSOLE_OIDC_CLIENT_ID: 'c' }),
    ).rejects.toThrow(/CONSOLE_OIDC_ISSUER is ".*\/" but .* names the issuer/);
  });

  it('says how to build the console when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ledger-no-console-'));
    const { app, base } = await hostAlone(local, { CONSOLE_DIR: empty });
    try {
      for (const path of ['/', '/map']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toContain('npm run build:console');
      }
      expect((await fetch(`${base}/assets/console.js`)).status).toBe(404);
      // The settings do not depend on the build.
      expect((await fetch(`${base}/console/config.json`)).status).toBe(200);
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a CONSOLE_DIR that is not a folder', () => {
    expect(() =>
      ConsoleHostModule.forRoot(local, { CONSOLE_DIR: join(dataDir, 'absent') }),
    ).toThrow(/CONSOLE_DIR/);
  });
});
