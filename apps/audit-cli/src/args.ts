/**
 * The audit CLI's command line, parsed before anything is opened or written: a bad
 * argument must cost the auditor one line on stderr and exit code 2, never a half-written
 * file or a store left open.
 */

/** A mistake in the command line or the environment: exit 2, nothing done. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What `replay` reads: the whole log (optionally after a position) or one stream. */
export type ReplaySource = { kind: 'log'; after?: bigint } | { kind: 'stream'; streamId: string };

export interface ReplayCommand {
  command: 'replay';
  source: ReplaySource;
  /** Inclusive lower bound on recordedAt. */
  from?: Date;
  /** Exclusive upper bound on recordedAt, so consecutive ranges never overlap. */
  to?: Date;
  /** Only these event types; empty means every type. */
  types: string[];
  /** A file to write; stdout when absent. */
  out?: string;
}

export type VerifyScope =
  { kind: 'all' } | { kind: 'stream'; streamId: string } | { kind: 'project'; projectId: string };

export interface VerifyCommand {
  command: 'verify';
  scope: VerifyScope;
}

export interface RebuildCommand {
  command: 'rebuild';
  /** Projection names, or `['all']`. */
  projections: string[];
  /** Rebuild only up to this global position (inclusive): the read model as it was then. */
  to?: bigint;
}

export interface HelpCommand {
  command: 'help';
}

export type AuditCommand = ReplayCommand | VerifyCommand | RebuildCommand | HelpCommand;

export const USAGE = `usage: npm run audit -- <command> [options]

  replay  [--stream ID | --after POSITION] [--from ISO] [--to ISO] [--type T ...] [--out FILE]
          NDJSON on stdout (or FILE), one event per line, in log order (stream order with --stream).
          --from is inclusive, --to exclusive, on the time the store recorded the event;
          a date alone means 00:00 UTC, a time needs a zone (Z or +08:00).
  verify  [--all | --stream ID | --project ID]
          Checks the hash chain (libs/event-store/HASH-CHAIN.md). Exit 1 on the first broken link.
  rebuild <projection ...|all> [--to POSITION]
          Rebuilds read models from position 0, or only up to POSITION (the read model as of then).
  help

The store comes from the same environment as the app: EVENT_STORE=pglite|postgres|eventstoredb,
DATA_DIR, DATABASE_URL, EVENT_STORE_SCHEMA. Stop the standalone app first on PGlite (one process
per data folder). Progress and summaries go to stderr. Exit codes: 0 done, 1 chain broken,
2 usage error, 3 failed while running.`;

type FlagSpec = Record<string, 'value' | 'repeat' | 'switch'>;

const REPLAY_FLAGS: FlagSpec = {
  stream: 'value',
  after: 'value',
  from: 'value',
  to: 'value',
  type: 'repeat',
  out: 'value',
};
const VERIFY_FLAGS: FlagSpec = { all: 'switch', stream: 'value', project: 'value' };
const REBUILD_FLAGS: FlagSpec = { to: 'value' };

interface Parsed {
  positional: string[];
  values: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[]): AuditCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw new UsageError('no command given: replay, verify, rebuild or help');
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    case 'replay':
      return replayCommand(parseFlags('replay', rest, REPLAY_FLAGS));
    case 'verify':
      return verifyCommand(parseFlags('verify', rest, VERIFY_FLAGS));
    case 'rebuild':
      return rebuildCommand(parseFlags('rebuild', rest, REBUILD_FLAGS));
    default:
      throw new UsageError(
        `unknown command "${command}": expected replay, verify, rebuild or help`,
      );
  }
}

function replayCommand({ positional, values }: Parsed): ReplayCommand {
  noPositional('replay', positional);
  const stream = single(values, 'stream');
  const after = single(values, 'after');
  if (stream !== undefined && after !== undefined) {
    throw new UsageError('replay: --stream and --after exclude each other');
  }
  const fromText = single(values, 'from');
  const toText = single(values, 'to');
  const from = fromText === undefined ? undefined : parseIsoTime('--from', fromText);
  const to = toText === undefined ? undefined : parseIsoTime('--to', toText);
  if (from && to && from.getTime() >= to.getTime()) {
    throw new UsageError(`replay: --from (${fromText}) must be before --to (${toText})`);
  }
  const types = values.get('type') ?? [];
  for (const type of types) {
    if (type === '') throw new UsageError('replay: --type needs an event type');
  }
  const out = single(values, 'out');
  if (out === '') throw new UsageError('replay: --out needs a file name');
  return {
    command: 'replay',
    source:
      stream !== undefined
        ? { kind: 'stream', streamId: nonEmpty('--stream', stream) }
        : { kind: 'log', after: after === undefined ? undefined : parsePosition('--after', after) },
    from,
    to,
    types,
    out,
  };
}

function verifyCommand({ positional, values }: Parsed): VerifyCommand {
  noPositional('verify', positional);
  const chosen = ['all', 'stream', 'project'].filter((flag) => values.has(flag));
  if (chosen.length > 1) {
    throw new UsageError(
      `verify: choose one of --all, --stream, --project (got ${chosen.map((c) => `--${c}`).join(', ')})`,
    );
  }
  const stream = single(values, 'stream');
  if (stream !== undefined) {
    return { command: 'verify', scope: { kind: 'stream', streamId: nonEmpty('--stream', stream) } };
  }
  const project = single(values, 'project');
  if (project !== undefined) {
    return {
      command: 'verify',
      scope: { kind: 'project', projectId: nonEmpty('--project', project) },
    };
  }
  return { command: 'verify', scope: { kind: 'all' } };
}

function rebuildCommand({ positional, values }: Parsed): RebuildCommand {
  if (positional.length === 0) {
    throw new UsageError('rebuild: name a projection, or all');
  }
  const to = single(values, 'to');
  return {
    command: 'rebuild',
    projections: positional,
    to: to === undefined ? undefined : parsePosition('--to', to),
  };
}

function parseFlags(command: string, args: readonly string[], spec: FlagSpec): Parsed {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (kind === undefined) {
      const known = Object.keys(spec).map((flag) => `--${flag}`);
      throw new UsageError(
        `${command}: unknown option --${name}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }
    let value: string;
    if (kind === 'switch') {
      if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
      value = '';
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      const next = args[i + 1];
      // A following flag is not a value: "--stream --after 3" is a mistake, not stream "--after".
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`${command}: --${name} needs a value`);
      }
      value = next;
      i++;
    }
    const seen = values.get(name);
    if (seen && kind !== 'repeat') throw new UsageError(`${command}: --${name} given twice`);
    values.set(name, [...(seen ?? []), value]);
  }
  return { positional, values };
}

function single(values: Map<string, string[]>, name: string): string | undefined {
  return values.get(name)?.[0];
}

function noPositional(command: string, positional: readonly string[]): void {
  if (positional.length > 0) {
    throw new UsageError(`${command}: unexpected argument "${positional[0]}"`);
  }
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a value`);
  return value;
}

/** A global position: a non-negative decimal integer, kept as bigint (positions are 64-bit). */
export function parsePosition(flag: string, text: string): bigint {
  if (!/^\d{1,19}$/.test(text)) {
    throw new UsageError(`${flag} must be a global position (a whole number >= 0), got "${text}"`);
  }
  const value = BigInt(text);
  if (value > 9_223_372_036_854_775_807n) {
    throw new UsageError(`${flag} is beyond the largest 64-bit position, got "${text}"`);
  }
  return value;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO-8601 date or date-time. Strict where `Date.parse` is lenient: 2024-02-30 is
 * refused rather than read as 1 March, and a time without a zone is refused rather than
 * read in whatever zone the auditor's machine happens to be in.
 */
export function parseIsoTime(flag: string, text: string): Date {
  const match = ISO.exec(text);
  const hasTimeWithoutZone = /^\d{4}-\d{2}-\d{2}T[^Z+-]*$/.test(text);
  if (!match) {
    throw new UsageError(
      hasTimeWithoutZone
        ? `${flag} needs a time zone (Z or +08:00), got "${text}"`
        : `${flag} must be an ISO-8601 date or date-time (2024-03-01 or 2024-03-01T08:00:00+08:00), got "${text}"`,
    );
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new UsageError(`${flag} is not a real date or time: "${text}"`);
  }
  // A date alone is midnight UTC; spelled out because Date.parse would agree only by accident.
  const date = new Date(match[4] === undefined ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) {
    throw new UsageError(`${flag} is not a valid date-time: "${text}"`);
  }
  return date;
}
