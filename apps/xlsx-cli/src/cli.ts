/**
 * npm run xlsx -- template project-library|dispatch-report --out template.xlsx
 * npm run xlsx -- import project-library|dispatch-report --file filled.xlsx [--report report.xlsx]
 *        [--url http://127.0.0.1:4000/graphql] [--token TOKEN]
 *
 * The planning office's workbooks through the ledger's public GraphQL endpoint: download a
 * template, or import a filled one. An import prints one JSON line per row on stdout (what
 * became of it, and the cell of a refusal), a summary on stderr, and writes the per-row report
 * as an xlsx with --report. The token is --token or LEDGER_TOKEN (`npm run -s token -- --role
 * ...`). Exit code 0: every row recorded or replayed; 1: some rows refused; 2: a mistake in
 * the command line, or the file refused whole (not a workbook, formulas, too large, ...):
 * nothing was recorded then, and importing the same file again is always safe.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  RequestRefused,
  WORKBOOKS,
  WorkbookKind,
  downloadTemplate,
  importWorkbook,
  isWorkbookKind,
} from './workbooks';

const USAGE = `usage: npm run xlsx -- template ${Object.keys(WORKBOOKS).join('|')} --out FILE [--url URL] [--token TOKEN]
       npm run xlsx -- import ${Object.keys(WORKBOOKS).join('|')} --file FILE [--report FILE] [--url URL] [--token TOKEN]`;

function usage(message: string): never {
  process.stderr.write(`xlsx: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        file: { type: 'string' },
        report: { type: 'string' },
        url: { type: 'string', default: 'http://127.0.0.1:4000/graphql' },
        token: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, kind] = positionals;
  if (command !== 'template' && command !== 'import') usage('say template or import');
  if (kind === undefined || !isWorkbookKind(kind)) {
    usage(`say which workbook: ${Object.keys(WORKBOOKS).join(' or ')}`);
  }
  const token = values.token ?? process.env.LEDGER_TOKEN;
  if (!token) usage('a token is needed: --token or LEDGER_TOKEN');
  const endpoint = { url: values.url, token };
  if (command === 'template') await template(endpoint, kind, values.out);
  else await importFile(endpoint, kind, values.file, values.report);
}

async function template(
  endpoint: { url: string; token: string },
  kind: WorkbookKind,
  out: string | undefined,
): Promise<void> {
  if (!out) usage('template needs --out FILE');
  const document = await downloadTemplate(endpoint, kind);
  const bytes = Buffer.from(document.base64, 'base64');
  writeFileSync(out, bytes);
  process.stderr.write(`xlsx: ${document.fileName} (${bytes.length} bytes) written to ${out}\n`);
}

async function importFile(
  endpoint: { url: string; token: string },
  kind: WorkbookKind,
  file: string | undefined,
  report: string | undefined,
): Promise<void> {
  if (!file) usage('import needs --file FILE');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    usage(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const started = performance.now();
  const result = await importWorkbook(endpoint, kind, bytes);
  const seconds = (performance.now() - started) / 1000;
  for (const row of result.rows) process.stdout.write(`${JSON.stringify(row)}\n`);
  if (report) writeFileSync(report, Buffer.from(result.report.base64, 'base64'));
  process.stderr.write(
    `xlsx: ${result.rows.length} rows in ${seconds.toFixed(1)} s: ${result.recorded} recorded, ${result.replayed} replayed, ${result.refused} refused` +
      (report ? `; report written to ${report}` : '') +
      '\n',
  );
  process.exitCode = result.refused > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `xlsx: ${error instanceof RequestRefused || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
