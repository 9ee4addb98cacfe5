import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { DEFAULT_AUDIENCE, LOCAL_ISSUER } from './auth-config';
import { loadOrCreateLocalKey } from './local-signing-key';
import { mintLocalToken } from './token';
import { TokenVerifier } from './token-verifier';

/** A verified token is remembered; what it was remembered for must not outlive its checks. */
describe('TokenVerifier remembers verified tokens', () => {
  let dir: string;
  let clock: number;
  let verifier: TokenVerifier;
  const config = () => ({
    kind: 'local' as const,
    keyDirectory: join(dir, 'auth'),
    issuer: LOCAL_ISSUER,
    audience: DEFAULT_AUDIENCE,
  });
  const mint = async (ttlSeconds: number, keyDirectory = config().keyDirectory) =>
    `Bearer ${await mintLocalToken(await loadOrCreateLocalKey(keyDirectory), LOCAL_ISSUER, DEFAULT_AUDIENCE, { role: 'supervisor', subject: 'cache-test', ttlSeconds })}`;
  const code = async (header: string): Promise<unknown> => {
    try {
      await verifier.verify(header);
      return 'accepted';
    } catch (error) {
      return error instanceof GraphQLError ? error.extensions.code : error;
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-token-cache-'));
    clock = Date.now();
    verifier = await TokenVerifier.create(config(), () => clock);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the same principal for the same token', async () => {
    const token = await mint(3600);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toEqual(first);
    expect(first).toEqual({ subject: 'cache-test', role: 'supervisor' });
  });

  it('refuses a remembered token once it has expired', async () => {
    const token = await mint(30);
    expect(await code(token)).toBe('accepted');
    clock += 20_000;
    expect(await code(token)).toBe('accepted');
    // Past exp and the 5 s tolerance: refused, as jose would refuse it.
    clock += 16_000;
    expect(await code(token)).toBe('UNAUTHENTICATED');
  });

  it('never remembers a token that failed, nor lets one through another', async () => {
    const good = await mint(3600);
    const foreign = await mint(3600, join(dir, 'other-key'));
    expect(await code(good)).toBe('accepted');
    expect(await code(foreign)).toBe('UNAUTHENTICATED');
    expect(await code(foreign)).toBe('UNAUTHENTICATED');
    // The same claims with the last signature character changed: another text, checked anew.
    const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    expect(await code(tampered)).toBe('UNAUTHENTICATED');
  });
});
