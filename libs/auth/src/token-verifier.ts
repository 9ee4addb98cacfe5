import { GraphQLError } from 'graphql';
import { JWTPayload, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { AuthConfig } from './auth-config';
import { LOCAL_ALGORITHM, loadOrCreateLocalKey } from './local-signing-key';
import { Principal, isRole } from './principal';

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;
const UNIT = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function unauthenticated(message: string): GraphQLError {
  // The HTTP answer (401, WWW-Authenticate) is the endpoint's: libs/api/src/graphql-http.ts.
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

type Verify = (token: string) => Promise<JWTPayload>;

/** Seconds of clock skew accepted on `exp` (and `nbf`), here and in jose's own check. */
const CLOCK_TOLERANCE = 5;
/** Tokens remembered as verified; the oldest is forgotten first. */
const CACHE_SIZE = 1024;
/**
 * How long a verified token is trusted without checking its signature again, at most: a key
 * withdrawn from the issuer's JWKS stops being honoured within this (and jose's own JWKS
 * cache) even for a token that has not expired.
 */
const CACHE_TTL_MS = 60_000;

interface Verified {
  principal: Principal;
  /** The token's `exp`, in seconds since the epoch: checked again on every use. */
  exp: number;
  /** When the signature was last checked, ms. */
  verifiedAt: number;
}

/**
 * Checks a bearer token: the pinned algorithms only (never `none`, never a symmetric one),
 * the signature, issuer, audience and expiry; then turns its claims into a principal.
 *
 * One request through the gateway is verified by the gateway and again by every subgraph it
 * reaches (five ECDSA verifications for the one-graph query): a token that verified is
 * remembered, by its exact text, with the principal it yields. Its signature, issuer and
 * audience cannot change while its text does not; its expiry is checked again on every use,
 * and its signature again after a minute. A token that failed is never remembered.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, Verified>();

  private constructor(
    private readonly check: Verify,
    private readonly now: () => number,
  ) {}

  /** `now` (ms since the epoch) is the clock the remembered tokens' expiry is read against. */
  static async create(config: AuthConfig, now: () => number = Date.now): Promise<TokenVerifier> {
    const options = (algorithms: string[]) => ({
      algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE,
      // The same clock the remembered tokens are checked against.
      currentDate: new Date(now()),
    });
    if (config.kind === 'local') {
      const key = await loadOrCreateLocalKey(config.keyDirectory);
      return new TokenVerifier(
        async (token) =>
          (await jwtVerify(token, key.publicKey, options([LOCAL_ALGORITHM]))).payload,
        now,
      );
    }
    const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
    return new TokenVerifier(
      async (token) => (await jwtVerify(token, jwks, options(config.algorithms))).payload,
      now,
    );
  }

  async verify(authorization: string | string[] | undefined): Promise<Principal> {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    if (!header) throw unauthenticated('send "Authorization: Bearer <token>" (npm run token)');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
    if (!match) throw unauthenticated('the Authorization header is not "Bearer <JWT>"');
    const token = match[1]!;
    const now = this.now();
    const known = this.verified.get(token);
    if (known) {
      // Expired exactly as jose decides it: `exp` at or before now, less the tolerance.
      if (
        now - known.verifiedAt < CACHE_TTL_MS &&
        known.exp > Math.floor(now / 1000) - CLOCK_TOLERANCE
      )
        return known.principal;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      payload = await this.check(token);
    } catch (error) {
      throw unauthenticated(`the token was refused: ${reason(error)}`);
    }
    const principal = Object.freeze(principalOf(payload));
    // `exp` is a required claim, so jose has checked that it is a number.
    this.remember(token, { principal, exp: payload.exp!, verifiedAt: now });
    return principal;
  }

  private remember(token: string, entry: Verified): void {
    if (this.verified.size >= CACHE_SIZE) {
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, entry);
  }
}

function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its algorithm is not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'its signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim "${error.claim}" is not valid`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches it';
  if (error instanceof errors.JOSEError) return error.code;
  return 'it could not be verified';
}

function principalOf(payload: JWTPayload): Principal {
  const subject = payload.sub ?? '';
  if (!SUBJECT.test(subject)) throw unauthenticated('the token\'s "sub" is not a valid subject');
  const role: unknown = payload.role;
  if (!isRole(role)) throw unauthenticated('the token\'s "role" is not one of the ledger\'s roles');
  switch (role) {
    case 'lead_department': {
      const department = payload.department;
      if (typeof department !== 'string' || !UNIT.test(department)) {
        throw unauthenticated('a lead_department token must name its "department"');
      }
      return { subject, role, department };
    }
    case 'region': {
      const region = payload.region;
      if (typeof region !== 'string' || !UNIT.test(region)) {
        throw unauthenticated('a region token must name its "region"');
      }
      return { subject, role, region };
    }
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
    case 'operator':
      return { subject, role };
    default: {
      const unknownRole: never = role;
      throw unauthenticated(`unknown role ${String(unknownRole)}`);
    }
  }
}
