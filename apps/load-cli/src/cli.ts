/**
 * npm run load -- --file commands.ndjson [--url http://127.0.0.1:4000/graphql]
 *                 [--token TOKEN] [--chunk 1000]
 *
 * Sends the commands of an NDJSON file (`-` or no --file: stdin) to the ledger's bulk
 * mutations and prints one JSON line per command on stdout (what became of it), then a
 * summary on stderr. The token is --token or LEDGER_TOKEN (`npm run -s token -- --role ...`
 * mints one for the standalone process). Exit code 0: every command recorded or replayed;
 * 1: some refused or not applied; 2: a mistake in the command line, or a request refused
 * whole or unsent (the summary says from which line; sending the file again is safe).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LoadSummary, MAX_CHUNK, loadCommands } from './load';

function usage(message: string): never {
  process.stderr.write(
    `load: ${message}\nusage: npm run load -- --file commands.ndjson [--url URL] [--token TOKEN] [--chunk N]\n`,
  );
  process.exit(2);
}

function describe(summary: LoadSummary): string {
  const rate = summary.seconds > 0 ? Math.round(summary.lines / summary.seconds) : 0;
  return (
    `load: ${summary.lines} commands in ${summary.seconds.toFixed(1)} s (${rate}/s, ${summary.requests} requests): ` +
    `${summary.recorded} recorded, ${summary.replayed} replayed, ${summary.refused} refused, ${summary.notApplied} not applied\n` +
    (summary.stoppedAt
      ? `load: stopped at line ${summary.stoppedAt.line}: ${summary.stoppedAt.reason}; nothing from there on was loaded\n`
      : '')
  );
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        file: { type: 'string', default: '-' },
        url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
        token: { type: 'string' },
        chunk: { type: 'string', default: String(MAX_CHUNK) },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const token = values.token ?? process.env.LEDGER_TOKEN;
  if (!token) usage('a token is needed: --token or LEDGER_TOKEN');
  const chunk = Number(values.chunk);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > MAX_CHUNK) {
    usage(`--chunk must be 1 to ${MAX_CHUNK}`);
  }
  const input = values.file === '-' ? process.stdin : createReadStream(values.file);
  input.on('error', (error: Error) => usage(`cannot read ${values.file}: ${error.message}`));
  const summary = await loadCommands(createInterface({ input, crlfDelay: Infinity }), {
    url: values.url,
    token,
    chunk,
    emit: (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
  });
  process.stderr.write(describe(summary));
  process.exitCode = summary.stoppedAt ? 2 : summary.refused + summary.notApplied > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
