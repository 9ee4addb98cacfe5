import { AuthConfig } from '@ledger/auth';
import { SettingError } from '@ledger/domain-kernel';

/**
 * How the console lets a reader sign in (GET /console/config.json); the console's side of
 * this contract is apps/console/src/app/config.ts.
 * - `local`: the reader pastes a token; with `devLogin` the host also mints one itself
 *   (standalone, outside production, with the local signing key only);
 * - `oidc`: authorization code with PKCE at the identity provider whose tokens the API
 *   verifies (AUTH_JWKS_URL).
 */
export type ConsoleAuth =
  | { kind: 'local'; devLogin: boolean }
  | {
      kind: 'oidc';
      issuer: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      clientId: string;
      scope: string;
    };

/** What the environment says, before the provider's discovery document fills the gaps. */
export type ConsoleAuthSetting =
  | { kind: 'local'; devLogin: boolean }
  | {
      kind: 'oidc';
      issuer: string;
      clientId: string;
      scope: string;
      authorizationEndpoint?: string;
      tokenEndpoint?: string;
    };

const OIDC_VARIABLES = [
  'CONSOLE_OIDC_ISSUER',
  'CONSOLE_OIDC_CLIENT_ID',
  'CONSOLE_OIDC_AUTHORIZATION_ENDPOINT',
  'CONSOLE_OIDC_TOKEN_ENDPOINT',
  'CONSOLE_OIDC_SCOPE',
] as const;

/** RFC 6749 appendix A: a client_id is visible ASCII and spaces; a scope, tokens of it. */
const CLIENT_ID = /^[\x20-\x7e]+$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** https, or plain http on this machine only (a provider run for a test or a demo). */
function endpointUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingError(`${variable} must be a URL, got "${value}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new SettingError(
      `${variable} must use https (plain http only on loopback), got "${value}"`,
    );
  if (url.username || url.password || url.hash)
    throw new SettingError(`${variable} must carry no credentials or fragment, got "${value}"`);
  // As given: an issuer is compared character for character (with the token's `iss` too).
  return value;
}

/**
 * Reads and checks the console's sign-in settings once, at start: a mistake stops the start
 * with the variable's name rather than a login page that fails for every reader.
 */
export function consoleAuthFromEnv(env: NodeJS.ProcessEnv, auth: AuthConfig): ConsoleAuthSetting {
  const devLoginSetting = env.CONSOLE_DEV_LOGIN;
  if (devLoginSetting !== undefined && devLoginSetting !== 'true' && devLoginSetting !== 'false')
    throw new SettingError(`CONSOLE_DEV_LOGIN must be true or false, got "${devLoginSetting}"`);
  const production = env.NODE_ENV === 'production';

  const given = OIDC_VARIABLES.filter((name) => env[name] !== undefined);
  if (given.length > 0) {
    const issuer = env.CONSOLE_OIDC_ISSUER;
    const clientId = env.CONSOLE_OIDC_CLIENT_ID;
    if (!issuer || !clientId)
      throw new SettingError(
        `${given.join(', ')} set: the console's sign-in needs both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID`,
      );
    if (auth.kind !== 'jwks')
      throw new SettingError(
        'CONSOLE_OIDC_ISSUER needs AUTH_JWKS_URL: the API must verify the tokens the identity provider issues, and the standalone key verifies only its own',
      );
    if (devLoginSetting === 'true')
      throw new SettingError(
        'CONSOLE_DEV_LOGIN=true and CONSOLE_OIDC_ISSUER: choose one way to sign in',
      );
    if (!CLIENT_ID.test(clientId))
      throw new SettingError(`CONSOLE_OIDC_CLIENT_ID must be visible ASCII, got "${clientId}"`);
    const scope = env.CONSOLE_OIDC_SCOPE ?? 'openid';
    const scopes = scope.split(' ');
    if (scopes.some((s) => !SCOPE_TOKEN.test(s)))
      throw new SettingError(
        `CONSOLE_OIDC_SCOPE must be scope names separated by single spaces, got "${scope}"`,
      );
    const authorization = env.CONSOLE_OIDC_AUTHORIZATION_ENDPOINT;
    const token = env.CONSOLE_OIDC_TOKEN_ENDPOINT;
    return {
      kind: 'oidc',
      issuer: endpointUrl('CONSOLE_OIDC_ISSUER', issuer),
      clientId,
      scope,
      ...(authorization
        ? {
            authorizationEndpoint: endpointUrl(
              'CONSOLE_OIDC_AUTHORIZATION_ENDPOINT',
              authorization,
            ),
          }
        : {}),
      ...(token ? { tokenEndpoint: endpointUrl('CONSOLE_OIDC_TOKEN_ENDPOINT', token) } : {}),
    };
  }

  if (devLoginSetting === 'true' && auth.kind !== 'local')
    throw new SettingError(
      'CONSOLE_DEV_LOGIN=true needs the standalone signing key: AUTH_JWKS_URL is set, tokens come from the identity provider',
    );
  if (devLoginSetting === 'true' && production)
    throw new SettingError(
      'CONSOLE_DEV_LOGIN=true with NODE_ENV=production: dev login is never on there',
    );
  // Dev login hands anyone who can reach it a token of any role: by default only while the
  // process listens on loopback (HOST, 127.0.0.1 unless set), where that is the machine's user.
  const host = env.HOST ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  return {
    kind: 'local',
    devLogin:
      auth.kind === 'local' &&
      !production &&
      (devLoginSetting === 'true' || (devLoginSetting === undefined && loopback)),
  };
}

/** As OpenID Connect Discovery 1.0, section 4: the document at the issuer's well-known path. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/**
 * Fills the endpoints the environment left out from the issuer's discovery document, fetched
 * once at start. The document must name the same issuer (Discovery 1.0, 4.3): a document for
 * another issuer would send readers to a provider whose tokens the API refuses.
 */
export async function resolveConsoleAuth(
  setting: ConsoleAuthSetting,
  fetchImpl: typeof fetch = fetch,
): Promise<ConsoleAuth> {
  if (setting.kind === 'local') return setting;
  const { issuer, clientId, scope } = setting;
  if (setting.authorizationEndpoint && setting.tokenEndpoint)
    return {
      kind: 'oidc',
      issuer,
      clientId,
      scope,
      authorizationEndpoint: setting.authorizationEndpoint,
      tokenEndpoint: setting.tokenEndpoint,
    };
  const url = discoveryUrl(issuer);
  let document: Record<string, unknown>;
  try {
    const response = await fetchImpl(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `CONSOLE_OIDC_ISSUER: reading ${url} failed (${error instanceof Error ? error.message : String(error)}); set CONSOLE_OIDC_AUTHORIZATION_ENDPOINT and CONSOLE_OIDC_TOKEN_ENDPOINT to skip discovery`,
    );
  }
  if (typeof document !== 'object' || document === null || document.issuer !== issuer)
    throw new Error(
      `CONSOLE_OIDC_ISSUER is "${issuer}" but ${url} names the issuer "${String(document?.issuer)}"`,
    );
  const fromDocument = (field: string, variable: string): string => {
    const value = document[field];
    if (typeof value !== 'string') throw new Error(`${url} has no ${field}: set ${variable}`);
    return endpointUrl(`${url} ${field}`, value);
  };
  return {
    kind: 'oidc',
    issuer,
    clientId,
    scope,
    authorizationEndpoint:
      setting.authorizationEndpoint ??
      fromDocument('authorization_endpoint', 'CONSOLE_OIDC_AUTHORIZATION_ENDPOINT'),
    tokenEndpoint:
      setting.tokenEndpoint ?? fromDocument('token_endpoint', 'CONSOLE_OIDC_TOKEN_ENDPOINT'),
  };
}
