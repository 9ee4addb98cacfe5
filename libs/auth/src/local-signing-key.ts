import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  CryptoKey,
  JWK,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';

export const LOCAL_ALGORITHM = 'ES256';

export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/**
 * The standalone signing key: made on first start, kept as a private JWK readable by the
 * owner only, reused afterwards so tokens survive restarts. Written to a temporary name
 * and linked into place, so two processes starting at once never read half a key.
 */
export async function loadOrCreateLocalKey(directory: string): Promise<LocalSigningKey> {
  const file = join(directory, 'signing-key.jwk.json');
  if (!existsSync(file)) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    jwk.alg = LOCAL_ALGORITHM;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    try {
      // link() fails if the file exists: of two processes starting at once, one key wins
      // and both read it (rename would let the second overwrite what the first loaded).
      linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d || !jwk.kid) {
    throw new Error(`${file} is not an ES256 private key made by this ledger`);
  }
  const { d: _private, ...publicJwk } = jwk;
  void _private;
  return {
    kid: jwk.kid,
    privateKey: (await importJWK(jwk, LOCAL_ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, LOCAL_ALGORITHM)) as CryptoKey,
  };
}
