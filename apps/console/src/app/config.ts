/**
 * How this host lets a reader sign in, from GET /console/config.json (the host's settings,
 * so that one bundle serves every deployment):
 * - `local`: paste a token; `devLogin` when the host may mint development tokens itself;
 * - `oidc`: an authorization-code redirect (with PKCE) to the configured identity provider.
 */
export type ConsoleConfig =
  | { auth: { kind: 'local'; devLogin: boolean } }
  | {
      auth: {
        kind: 'oidc';
        issuer: string;
        authorizationEndpoint: string;
        tokenEndpoint: string;
        clientId: string;
        scope: string;
      };
    };

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console/config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`/console/config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
