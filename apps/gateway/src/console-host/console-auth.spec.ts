import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AuthConfig, DEFAULT_AUDIENCE, LOCAL_ISSUER } from '@ledger/auth';
import { consoleAuthFromEnv, resolveConsoleAuth } from './console-auth';

const local: AuthConfig = {
  kind: 'local',
  keyDirectory: '/nowhere',
  issuer: LOCAL_ISSUER,
  audience: DEFAULT_AUDIENCE,
};
const jwks: AuthConfig = {
  kind: 'jwks',
  jwksUrl: 'https://id.example.org/jwks',
  issuer: 'https://id.example.org',
  audience: DEFAULT_AUDIENCE,
  algorithms: ['ES256'],
};
const oidc = { CONSOLE_OIDC_ISSUER: 'https://id.example.org', CONSOLE_OIDC_CLIENT_ID: 'ledger' };

describe('the console sign-in settings', () => {
  it('offer dev login in standalone outside production, unless switched off', () => {
    expect(consoleAuthFromEnv({}, local)).toEqual({ kind: 'local', devLogin: true });
    expect(consoleAuthFromEnv({ NODE_ENV: 'test' }, local)).toEqual({
      kind: 'local',
      devLogin: true,
    });
    expect(consoleAuthFromEnv({ NODE_ENV: 'production' }, local)).toEqual({
      kind: 'local',
      devLogin: false,
    });
    expect(consoleAuthFromEnv({ CONSOLE_DEV_LOGIN: 'false' }, local)).toEqual({
      kind: 'local',
      devLogin: false,
    });
    // Tokens from the identity provider, pasted: no minting without the local key.
    expect(consoleAuthFromEnv({}, jwks)).toEqual({ kind: 'local', devLogin: false });
    // Listening beyond loopback, anyone on the network could mint a token: off unless asked.
    expect(consoleAuthFromEnv({ HOST: '0.0.0.0' }, local)).toEqual({
      kind: 'local',
      devLogin: false,
    });
    expect(consoleAuthFromEnv({ HOST: '0.0.0.0', CONSOLE_DEV_LOGIN: 'true' }, local)).toEqual({
      kind: 'local',
      devLogin: true,
    });
  });

  it('refuse a dev login setting that cannot hold', () => {
    expect(() => consoleAuthFromEnv({ CONSOLE_DEV_LOGIN: 'yes' }, local)).toThrow(
      'CONSOLE_DEV_LOGIN must be true or false, got "yes"',
    );
    expect(() => consoleAuthFromEnv({ CONSOLE_DEV_LOGIN: 'true' }, jwks)).toThrow(
      /CONSOLE_DEV_LOGIN=true needs the standalone signing key/,
    );
    expect(() =>
      consoleAuthFromEnv({ CONSOLE_DEV_LOGIN: 'true', NODE_ENV: 'production' }, local),
    ).toThrow(/NODE_ENV=production/);
    expect(() => consoleAuthFromEnv({ ...oidc, CONSOLE_DEV_LOGIN: 'true' }, jwks)).toThrow(
      /choose one way to sign in/,
    );
  });

  it('read the identity provider, with openid as the default scope', () => {
    expect(consoleAuthFromEnv(oidc, jwks)).toEqual({
      kind: 'oidc',
      issuer: 'https://id.example.org',
      clientId: 'ledger',
      scope: 'openid',
    });
    expect(
      consoleAuthFromEnv(
        {
          ...oidc,
          CONSOLE_OIDC_SCOPE: 'openid profile ledger:read',
          CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: 'https://id.example.org/auth',
          CONSOLE_OIDC_TOKEN_ENDPOINT: 'http://127.0.0.1:8080/token',
        },
        jwks,
      ),
    ).toEqual({
      kind: 'oidc',
      issuer: 'https://id.example.org',
      clientId: 'ledger',
      scope: 'openid profile ledger:read',
      authorizationEndpoint: 'https://id.example.org/auth',
      tokenEndpoint: 'http://127.0.0.1:8080/token',
    });
  });

  it.each<[string, NodeJS.ProcessEnv, AuthConfig, RegExp]>([
    [
      'an issuer without a client',
      { CONSOLE_OIDC_ISSUER: 'https://id.example.org' },
      jwks,
      /needs both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID/,
    ],
    [
      'a client without an issuer',
      { CONSOLE_OIDC_CLIENT_ID: 'ledger' },
      jwks,
      /CONSOLE_OIDC_CLIENT_ID set: .*needs both/,
    ],
    [
      'an endpoint alone',
      { CONSOLE_OIDC_TOKEN_ENDPOINT: 'https://id.example.org/token' },
      jwks,
      /CONSOLE_OIDC_TOKEN_ENDPOINT set/,
    ],
    ['the standalone key', oidc, local, /CONSOLE_OIDC_ISSUER needs AUTH_JWKS_URL/],
    [
      'an issuer that is no URL',
      { ...oidc, CONSOLE_OIDC_ISSUER: 'id.example.org' },
      jwks,
      /CONSOLE_OIDC_ISSUER must be a URL, got "id.example.org"/,
    ],
    [
      'plain http to another machine',
      { ...oidc, CONSOLE_OIDC_ISSUER: 'http://id.example.org' },
      jwks,
      /CONSOLE_OIDC_ISSUER must use https/,
    ],
    [
      'an endpoint with credentials',
      { ...oidc, CONSOLE_OIDC_TOKEN_ENDPOINT: 'https://user:pw@id.example.org/token' },
      jwks,
      /CONSOLE_OIDC_TOKEN_ENDPOINT must carry no credentials/,
    ],
    [
      'an authorization endpoint over http',
      { ...oidc, CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: 'http://id.example.org/auth' },
      jwks,
      /CONSOLE_OIDC_AUTHORIZATION_ENDPOINT must use https/,
    ],
    [
      'a client id with a line break',
      { ...oidc, CONSOLE_OIDC_CLIENT_ID: 'led\nger' },
      jwks,
      /CONSOLE_OIDC_CLIENT_ID must be visible ASCII/,
    ],
    [
      'scopes with a double space',
      { ...oidc, CONSOLE_OIDC_SCOPE: 'openid  profile' },
      jwks,
      /CONSOLE_OIDC_SCOPE must be scope names separated by single spaces/,
    ],
    [
      'a scope with a quote',
      { ...oidc, CONSOLE_OIDC_SCOPE: 'openid "x"' },
      jwks,
      /CONSOLE_OIDC_SCOPE/,
    ],
  ])('refuse %s with the variable named', (_case, env, auth, message) => {
    expect(() => consoleAuthFromEnv(env, auth)).toThrow(message);
  });
});

describe("the identity provider's discovery document", () => {
  let server: Server;
  let origin: string;
  /** What the provider answers at each path: a real HTTP server, as a provider is one. */
  const documents = new Map<string, { status: number; body: unknown }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = documents.get(req.url ?? '');
      res.statusCode = answer?.status ?? 404;
      res.setHeader('content-type', 'application/json');
      res.end(answer ? JSON.stringify(answer.body) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const setting = (issuer: string, env: NodeJS.ProcessEnv = {}) =>
    consoleAuthFromEnv(
      { CONSOLE_OIDC_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: 'ledger', ...env },
      jwks,
    );

  it('fills the endpoints the environment left out', async () => {
    const issuer = `${origin}/good`;
    documents.set('/good/.well-known/openid-configuration', {
      status: 200,
      body: {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
      },
    });
    expect(await resolveConsoleAuth(setting(issuer))).toEqual({
      kind: 'oidc',
      issuer,
      clientId: 'ledger',
      scope: 'openid',
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
    });
    // One given, one discovered.
    const mixed = await resolveConsoleAuth(
      setting(issuer, { CONSOLE_OIDC_TOKEN_ENDPOINT: `${origin}/elsewhere/token` }),
    );
    expect(mixed).toMatchObject({
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${origin}/elsewhere/token`,
    });
  });

  it('is not read when both endpoints are given', async () => {
    const unreachable = async (): Promise<Response> => {
      throw new Error('no request was to be made');
    };
    const given = setting('https://id.example.org', {
      CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: 'https://id.example.org/a',
      CONSOLE_OIDC_TOKEN_ENDPOINT: 'https://id.example.org/t',
    });
    expect(await resolveConsoleAuth(given, unreachable)).toMatchObject({
      authorizationEndpoint: 'https://id.example.org/a',
      tokenEndpoint: 'https://id.example.org/t',
    });
  });

  it('refuses a document for another issuer', async () => {
    documents.set('/other/.well-known/openid-configuration', {
      status: 200,
      body: { issuer: 'https://somebody.else', authorization_endpoint: 'x', token_endpoint: 'y' },
    });
    await expect(resolveConsoleAuth(setting(`${origin}/other`))).rejects.toThrow(
      /names the issuer "https:\/\/somebody.else"/,
    );
  });

  it('says which document it could not read, and how to do without it', async () => {
    await expect(resolveConsoleAuth(setting(`${origin}/missing`))).rejects.toThrow(
      /missing\/.well-known\/openid-configuration failed \(HTTP 404\); set CONSOLE_OIDC_AUTHORIZATION_ENDPOINT and CONSOLE_OIDC_TOKEN_ENDPOINT/,
    );
  });

  it('refuses a document without a token endpoint, or with one over plain http', async () => {
    const issuer = `${origin}/partial`;
    documents.set('/partial/.well-known/openid-configuration', {
      status: 200,
      body: { issuer, authorization_endpoint: `${issuer}/authorize` },
    });
    await expect(resolveConsoleAuth(setting(issuer))).rejects.toThrow(
      /has no token_endpoint: set CONSOLE_OIDC_TOKEN_ENDPOINT/,
    );
    const insecure = `${origin}/insecure`;
    documents.set('/insecure/.well-known/openid-configuration', {
      status: 200,
      body: {
        issuer: insecure,
        authorization_endpoint: 'http://id.example.org/authorize',
        token_endpoint: `${insecure}/token`,
      },
    });
    await expect(resolveConsoleAuth(setting(insecure))).rejects.toThrow(
      /authorization_endpoint must use https/,
    );
  });
});
