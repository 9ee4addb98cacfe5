/**
 * npm run token -- --role supervisor [--subject alice] [--department energy-bureau]
 *                  [--region changchun] [--ttl 3600]
 * Mints a token with the standalone signing key (made on first start under DATA_DIR) and
 * prints only the token, so that `$(npm run -s token -- --role auditor)` works.
 */
import { parseArgs } from 'node:util';
import {
  ROLES,
  authConfigFromEnv,
  isRole,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      subject: { type: 'string' },
      department: { type: 'string' },
      region: { type: 'string' },
      ttl: { type: 'string', default: '3600' },
    },
  });
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (values.role === 'lead_department' && !values.department) {
    throw new Error('--role lead_department needs --department <code>');
  }
  if (values.role === 'region' && !values.region)
    throw new Error('--role region needs --region <code>');
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400)
    throw new Error('--ttl must be 1-86400 seconds');
  const config = authConfigFromEnv();
  if (config.kind !== 'local')
    throw new Error('AUTH_JWKS_URL is set: tokens come from your identity provider');
  const key = await loadOrCreateLocalKey(config.keyDirectory);
  const token = await mintLocalToken(key, config.issuer, config.audience, {
    role: values.role,
    subject: values.subject ?? `${values.role}-cli`,
    ...(values.department ? { department: values.department } : {}),
    ...(values.region ? { region: values.region } : {}),
    ttlSeconds: ttl,
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
