import { GraphQLError } from 'graphql';
import { JWTPayload, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { AuthConfig } from './auth-config';
import { LOCAL_ALGORITHM, loadOrCreateLocalKey } from './local-signing-key';
import { Principal, isRole } from './principal';

const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;
const UNIT = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function unauthenticated(message: string): GraphQLError {
  // The HTTP status says it too: a request refused before any plan is made answers 401.
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

type Verify = (token: string) => Promise<JWTPayload>;

/**
 * Checks a bearer token: the pinned algorithms only (never `none`, never a symmetric one),
 * the signature, issuer, audience and expiry; then turns its claims into a principal.
 */
export class TokenVerifier {
  private constructor(private readonly check: Verify) {}

  static async create(config: AuthConfig): Promise<TokenVerifier> {
    const options = (algorithms: string[]) => ({
      algorithms,
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    });
    if (config.kind === 'local') {
      const key = await loadOrCreateLocalKey(config.keyDirectory);
      return new TokenVerifier(
        async (token) =>
          (await jwtVerify(token, key.publicKey, options([LOCAL_ALGORITHM]))).payload,
      );
    }
    const jwks = createRemoteJWKSet(new URL(config.jwksUrl));
    return new TokenVerifier(
      async (token) => (await jwtVerify(token, jwks, options(config.algorithms))).payload,
    );
  }

  async verify(authorization: string | string[] | undefined): Promise<Principal> {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    if (!header) throw unauthenticated('send "Authorization: Bearer <token>" (npm run token)');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
    if (!match) throw unauthenticated('the Authorization header is not "Bearer <JWT>"');
    let payload: JWTPayload;
    try {
      payload = await this.check(match[1]!);
    } catch (error) {
      throw unauthenticated(`the token was refused: ${reason(error)}`);
    }
    return principalOf(payload);
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
      return { subject, role };
    default: {
      const unknownRole: never = role;
      throw unauthenticated(`unknown role ${String(unknownRole)}`);
    }
  }
}
