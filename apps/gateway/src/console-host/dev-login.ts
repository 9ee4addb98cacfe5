import type { IncomingMessage } from 'node:http';
import {
  AuthConfig,
  LocalSigningKey,
  TokenRequest,
  TokenVerifier,
  isRole,
  loadOrCreateLocalKey,
  mintLocalToken,
  ROLES,
} from '@ledger/auth';

type LocalAuth = Extract<AuthConfig, { kind: 'local' }>;

/** A development token is short-lived and says where it came from. */
export const DEV_LOGIN_SUBJECT = 'console-dev';
export const DEV_LOGIN_TTL_SECONDS = 3600;
/** `{role, region?, department?}`: a few dozen bytes. */
const BODY_LIMIT = 4096;

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

export class DevLoginRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * POST /auth/dev-login: what `npm run token` does, for the console's login page in
 * standalone development. The body must be JSON: a cross-site form cannot send that type
 * without a preflight this host never answers, so no other site can sign a reader in.
 */
export class DevLogin {
  private key: Promise<LocalSigningKey> | undefined;

  constructor(
    private readonly auth: LocalAuth,
    private readonly verifier: TokenVerifier,
  ) {}

  async mint(req: IncomingMessage): Promise<string> {
    // A page elsewhere that rebinds its own name to 127.0.0.1 (DNS rebinding) reaches this
    // host under that name: only a loopback Host, and an Origin of this very host, mint.
    const host = req.headers.host ?? '';
    if (!LOOPBACK_HOST.test(host))
      throw new DevLoginRefusal(
        403,
        `dev login answers on a loopback host name only, not "${host}"`,
      );
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`)
      throw new DevLoginRefusal(403, `dev login answers pages of this host only, not ${origin}`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json')
      throw new DevLoginRefusal(415, 'send the body as Content-Type: application/json');
    const request = tokenRequest(await readJson(req));
    this.key ??= loadOrCreateLocalKey(this.auth.keyDirectory);
    const token = await mintLocalToken(
      await this.key,
      this.auth.issuer,
      this.auth.audience,
      request,
    );
    // The API's own check decides what a token may carry (unit codes, subject): a token it
    // would refuse is refused here, with its reason, rather than handed to the console.
    try {
      await this.verifier.verify(`Bearer ${token}`);
    } catch (error) {
      throw new DevLoginRefusal(
        400,
        `the API would refuse this token: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return token;
  }
}

/** The rules of `npm run token` (apps/gateway/src/token.ts). */
function tokenRequest(body: unknown): TokenRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new DevLoginRefusal(400, 'send {"role": ..., "region"?: ..., "department"?: ...}');
  const { role, region, department } = body as Record<string, unknown>;
  if (!isRole(role)) throw new DevLoginRefusal(400, `role must be one of ${ROLES.join(', ')}`);
  const base = { role, subject: DEV_LOGIN_SUBJECT, ttlSeconds: DEV_LOGIN_TTL_SECONDS };
  if (role === 'region') {
    if (typeof region !== 'string' || region === '')
      throw new DevLoginRefusal(400, 'role region needs region (a region code)');
    return { ...base, region };
  }
  if (role === 'lead_department') {
    if (typeof department !== 'string' || department === '')
      throw new DevLoginRefusal(400, 'role lead_department needs department (a department code)');
    return { ...base, department };
  }
  return base;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) {
      req.resume();
      throw new DevLoginRefusal(413, `the body is over ${BODY_LIMIT} bytes`);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new DevLoginRefusal(400, 'the body is not JSON');
  }
}
