import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthConfig,
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';

/**
 * A signing key of the bench's own and a supervisor's token: every subgraph verifies the
 * token itself, so a bench that hosts one measures the same guard a supervisor goes through.
 */
export async function benchAuth(subject: string): Promise<{
  config: AuthConfig;
  headers: Record<string, string>;
  dispose: () => void;
}> {
  const keyDirectory = mkdtempSync(join(tmpdir(), 'ledger-bench-auth-'));
  const config: AuthConfig = {
    kind: 'local',
    keyDirectory,
    issuer: LOCAL_ISSUER,
    audience: DEFAULT_AUDIENCE,
  };
  const token = await mintLocalToken(
    await loadOrCreateLocalKey(keyDirectory),
    config.issuer,
    config.audience,
    { role: 'supervisor', subject },
  );
  return {
    config,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    dispose: () => rmSync(keyDirectory, { recursive: true, force: true }),
  };
}
