/**
 * Entry point of `npm run audit`. It maps the @ledger/* paths itself instead of running
 * under `-r tsconfig-paths/register`: that hook reads `--project` from the command line
 * as the folder of tsconfig.json, and `verify --project ID` is one of ours.
 */
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

const config = loadConfig(join(__dirname, '..', '..', '..'));
if (config.resultType === 'failed') {
  process.stderr.write(`audit: cannot read tsconfig.json: ${config.message}\n`);
  process.exit(3);
}
// Explicit paths: register() then leaves process.argv alone.
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });

// Required only now, so that its @ledger/* imports resolve through the paths above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('./main') as typeof import('./main');
main(process.argv.slice(2));
