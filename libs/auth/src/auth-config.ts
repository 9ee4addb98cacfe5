import { join } from 'node:path';
import { SettingError } from '@ledger/domain-kernel';

/** Standalone: a key made on first start under the data folder. Production: a JWKS URL. */
export type AuthConfig =
  | { kind: 'local'; keyDirectory: string; issuer: string; audience: string }
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string; algorithms: string[] };

export const LOCAL_ISSUER = 'urn:progress-ledger:standalone';
export const DEFAULT_AUDIENCE = 'progress-ledger';
/** Asymmetric algorithms only: a verifier never holds what signs. */
const ALLOWED_ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];

export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const audience = env.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE;
  if (env.AUTH_JWKS_URL) {
    let url: URL;
    try {
      url = new URL(env.AUTH_JWKS_URL);
    } catch {
      throw new SettingError(`AUTH_JWKS_URL must be a URL, got "${env.AUTH_JWKS_URL}"`);
    }
    if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
      throw new SettingError('AUTH_JWKS_URL must use https (plain http only on loopback)');
    }
    if (!env.AUTH_ISSUER) throw new SettingError('AUTH_JWKS_URL needs AUTH_ISSUER');
    const algorithms = (env.AUTH_ALGORITHMS ?? 'ES256').split(',').filter((a) => a.length > 0);
    const unknown = algorithms.filter((a) => !ALLOWED_ALGORITHMS.includes(a));
    if (algorithms.length === 0 || unknown.length > 0) {
      throw new SettingError(
        `AUTH_ALGORITHMS must list some of ${ALLOWED_ALGORITHMS.join(', ')}, got "${env.AUTH_ALGORITHMS}"`,
      );
    }
    return { kind: 'jwks', jwksUrl: url.toString(), issuer: env.AUTH_ISSUER, audience, algorithms };
  }
  if (env.NODE_ENV === 'production') {
    throw new SettingError(
      'NODE_ENV=production needs AUTH_JWKS_URL: the local signing key is for standalone use',
    );
  }
  return {
    kind: 'local',
    keyDirectory: env.AUTH_KEY_DIR ?? join(env.DATA_DIR ?? join(process.cwd(), 'data'), 'auth'),
    issuer: LOCAL_ISSUER,
    audience,
  };
}
