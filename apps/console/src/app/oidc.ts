import { ConsoleConfig } from './config';

type OidcSettings = Extract<ConsoleConfig['auth'], { kind: 'oidc' }>;

const VERIFIER_KEY = 'ledger.oidc.verifier';
const STATE_KEY = 'ledger.oidc.state';
export const CALLBACK_PATH = '/login/callback';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Sends the reader to the identity provider (authorization code with PKCE, RFC 7636). */
export async function beginOidcLogin(settings: OidcSettings): Promise<void> {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(settings.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', `${window.location.origin}${CALLBACK_PATH}`);
  url.searchParams.set('scope', settings.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.toString());
}

/** Back from the provider: exchanges the code for the access token the API verifies. */
export async function completeOidcLogin(
  settings: OidcSettings,
  search: URLSearchParams,
): Promise<string> {
  const error = search.get('error');
  if (error) throw new Error(`${error}: ${search.get('error_description') ?? ''}`);
  const code = search.get('code');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier || search.get('state') !== sessionStorage.getItem(STATE_KEY))
    throw new Error('the sign-in answer does not match the request this console made');
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const response = await fetch(settings.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      client_id: settings.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`token endpoint: ${body.error ?? `HTTP ${response.status}`}`);
  return body.access_token;
}
