import { SignJWT } from 'jose';
import { LOCAL_ALGORITHM, LocalSigningKey } from './local-signing-key';
import { Role } from './principal';

export interface TokenRequest {
  role: Role;
  subject: string;
  department?: string;
  region?: string;
  /** Seconds; tokens are short-lived. */
  ttlSeconds?: number;
}

/** Mints a token with the standalone key (`npm run token`, and tests). */
export async function mintLocalToken(
  key: LocalSigningKey,
  issuer: string,
  audience: string,
  request: TokenRequest,
): Promise<string> {
  const claims: Record<string, string> = { role: request.role };
  if (request.department) claims.department = request.department;
  if (request.region) claims.region = request.region;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (request.ttlSeconds ?? 3600))
    .sign(key.privateKey);
}
