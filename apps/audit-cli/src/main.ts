/**
 * npm run audit -- <replay|verify|rebuild|help> [options]   (started by cli.ts)
 *
 * The auditors' command line: replay history as NDJSON, verify the hash chain, rebuild a
 * read model as of a position. Reads the store from the same environment as the app
 * (EVENT_STORE, DATA_DIR, DATABASE_URL, EVENT_STORE_SCHEMA). stdout carries only the
 * command's result (NDJSON, or the verdict); progress and summaries go to stderr.
 *
 * Exit codes: 0 done, 1 chain broken, 2 usage error (nothing opened or written),
 * 3 failed while running (store unreachable, output not writable, ...).
 */
import 'reflect-metadata';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import {
  EventStore,
  EventStoreConfig,
  eventStoreConfigFromEnv,
  openEventStore,
  withVersioning,
} from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import { Projection } from '@ledger/event-sourcing';
import { projections, readModelDatabase } from '../../gateway/src/rebuild';
import {
  AuditCommand,
  RebuildCommand,
  ReplayCommand,
  USAGE,
  UsageError,
  VerifyCommand,
  parseArgs,
} from './args';
import { Progress, perSecond } from './progress';
import { rebuildUpTo } from './rebuild';
import { replayToNdjson } from './replay';
import { describeBreak, verifyScope } from './verify';

export const EXIT = { ok: 0, broken: 1, usage: 2, failed: 3 } as const;

export async function runAudit(argv: readonly string[]): Promise<number> {
  let command: AuditCommand;
  let config: EventStoreConfig;
  let chosen: Projection[] = [];
  try {
    command = parseArgs(argv);
    if (command.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    if (command.command === 'rebuild') chosen = chooseProjections(command);
    config = configFromEnv();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`audit: ${error.message} (npm run audit -- help)\n`);
    return EXIT.usage;
  }

  const store = await openEventStore(config);
  try {
    switch (command.command) {
      case 'replay':
        return await replay(store, command);
      case 'verify':
        return await verify(store, command);
      case 'rebuild':
        // Projections read every event at its current version, as the services do; replay
        // and verify read what is stored, which is what the hash chain covers.
        return await rebuild(withVersioning(store, LEDGER_EVENT_VERSIONS), command, chosen);
    }
  } finally {
    await store.close();
  }
}

function configFromEnv(): EventStoreConfig {
  try {
    return eventStoreConfigFromEnv();
  } catch (error) {
    // A misspelt EVENT_STORE is the auditor's to fix, like a misspelt flag.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function chooseProjections(command: RebuildCommand): Projection[] {
  let available: Projection[];
  try {
    available = projections();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (command.projections.includes('all')) return available;
  const names = available.map((p) => p.name);
  const unknown = command.projections.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `rebuild: no such projection ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${names.join(', ')}, all`,
    );
  }
  return available.filter((p) => command.projections.includes(p.name));
}

async function replay(store: EventStore, command: ReplayCommand): Promise<number> {
  // Into FILE.partial, renamed when complete: a failed replay never leaves a file that
  // looks like a whole history.
  const partial = command.out === undefined ? null : `${command.out}.partial`;
  const out: Writable = partial === null ? process.stdout : createWriteStream(partial);
  const label = command.source.kind === 'stream' ? command.source.streamId : 'log';
  let progress: Progress | null = null;
  let written = 0;
  try {
    const summary = await replayToNdjson(store, out, {
      ...command,
      onProgress: (p) => {
        progress ??= new Progress(`replay ${label}`, p.total);
        progress.update(p.done);
        written = p.written;
      },
    });
    if (partial !== null && command.out !== undefined) {
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      renameSync(partial, command.out);
    }
    (progress as Progress | null)?.finish();
    const filtered = summary.scanned === summary.events ? '' : ` of ${summary.scanned} read`;
    process.stderr.write(
      `replay: ${summary.events} events${filtered}, ${summary.bytes} bytes, ` +
        `${summary.seconds.toFixed(2)} s, ${perSecond(summary.events, summary.seconds)} events/s` +
        `${command.out === undefined ? '' : ` -> ${command.out}`}\n`,
    );
    if (summary.scanned === 0 && command.source.kind === 'stream') {
      process.stderr.write(`replay: stream ${command.source.streamId} holds no events\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (partial !== null) {
      out.destroy();
      rmSync(partial, { force: true });
    }
    // The reader of stdout went away (`| head`): what it wanted was written.
    if (partial === null && isBrokenPipe(error)) {
      process.stderr.write(`\nreplay: output closed after ${written} events\n`);
      return EXIT.ok;
    }
    throw error;
  }
}

function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EPIPE';
}

async function verify(store: EventStore, command: VerifyCommand): Promise<number> {
  const scope = command.scope;
  const label =
    scope.kind === 'all'
      ? 'verify log'
      : `verify ${scope.kind === 'stream' ? scope.streamId : `project ${scope.projectId}`}`;
  let progress: Progress | null = null;
  const started = performance.now();
  const outcome = await verifyScope(store, scope, (p) => {
    progress ??= new Progress(label, p.total);
    progress.update(p.done);
  });
  const seconds = (performance.now() - started) / 1000;
  if (outcome.firstBroken === null) (progress as Progress | null)?.finish();
  else process.stderr.write('\n');
  if (scope.kind !== 'all' && outcome.streams.length === 0) {
    process.stderr.write(
      `audit: ${scope.kind === 'stream' ? `stream ${scope.streamId}` : `project ${scope.projectId}`} holds no events\n`,
    );
    return EXIT.usage;
  }
  process.stderr.write(
    `verify: ${outcome.checked} events checked in ${seconds.toFixed(2)} s, ` +
      `${perSecond(outcome.checked, seconds)} events/s` +
      (outcome.streams.length > 0 ? `; streams ${outcome.streams.join(', ')}` : '') +
      '\n',
  );
  if (outcome.firstBroken) {
    process.stdout.write(`${describeBreak(outcome.firstBroken)}\n`);
    return EXIT.broken;
  }
  process.stdout.write(`OK: ${outcome.checked} events, chain intact\n`);
  if (outcome.last) {
    // Kept outside the database, this anchor shows a later deletion of the log's tail.
    const last = outcome.last;
    process.stdout.write(
      `anchor: ${last.streamId} version ${last.streamVersion} hash ${last.hash} (global position ${last.globalPosition})\n`,
    );
  }
  return EXIT.ok;
}

async function rebuild(
  store: EventStore,
  command: RebuildCommand,
  chosen: Projection[],
): Promise<number> {
  const head = (await store.headPosition()) ?? 0n;
  const bound = command.to === undefined || command.to > head ? head : command.to;
  if (command.to !== undefined && command.to > head) {
    process.stderr.write(
      `rebuild: position ${command.to} is beyond the head; rebuilding to ${head}\n`,
    );
  }
  const { db, close } = readModelDatabase(store);
  try {
    for (const projection of chosen) {
      const progress = new Progress(projection.name, bound);
      const summary = await rebuildUpTo(store, db, projection, bound, (at) => progress.update(at));
      progress.finish();
      process.stderr.write(
        `rebuild: ${summary.name} v${projection.version}: ${summary.events} events to position ` +
          `${summary.position ?? 'none'} in ${summary.seconds.toFixed(2)} s, ` +
          `${perSecond(summary.events, summary.seconds)} events/s\n`,
      );
    }
  } finally {
    await close();
  }
  process.stderr.write(
    `rebuild: ${chosen.length} read model(s) as of position ${bound}` +
      (bound < head ? ` (head ${head}; a service started now catches them up)` : '') +
      '\n',
  );
  return EXIT.ok;
}

/** Runs the command line and exits with its code; cli.ts calls it. */
export function main(argv: readonly string[]): void {
  runAudit(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `\naudit: failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(EXIT.failed);
    },
  );
}
