import { redactCredentials } from '@ledger/domain-kernel';
/**
 * The last line of defence for secrets in log text: whatever a library's error message
 * quotes (a connection string, an Authorization header, a token) is masked before the line
 * is written. The first line is not logging them at all.
 */
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
/** A JWT (or any JWS): three base64url parts, the first two JSON objects ("eyJ"). */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
/** Every pattern above needs one of these: most lines are let through after one test. */
const MAYBE_SECRET = /:\/\/|bearer|eyJ|PRIVATE KEY/i;

export function redact(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return redactCredentials(text)
    .replace(BEARER, '$1 ***')
    .replace(JWT, '[token]')
    .replace(KEY_BLOCK, '[private key]');
}
