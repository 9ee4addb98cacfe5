/**
 * Entry point of `npm run dead-letters`. Maps the @ledger/* paths itself, as the audit CLI
 * does (tsconfig-paths' hook would read our own flags as its own).
 */
import { join } from 'node:path';
import { loadConfig, register } from 'tsconfig-paths';

const config = loadConfig(join(__dirname, '..', '..', '..'));
if (config.resultType === 'failed') {
  process.stderr.write(`dead-letters: cannot read tsconfig.json: ${config.message}\n`);
  process.exit(3);
}
register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });

// Required only now, so that its @ledger/* imports resolve through the paths above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runDeadLetters } = require('./dead-letters') as typeof import('./dead-letters');
runDeadLetters(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `dead-letters: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(3);
  },
);
