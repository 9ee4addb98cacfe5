/**
 * Loads commands, one JSON object a line (`{"kind":"disburseFunds","input":{...}}`), through
 * the ledger's public GraphQL endpoint: consecutive lines of one service go in one bulk
 * mutation of at most 1,000 commands, sent one after another so that a project's commands
 * arrive in the file's order. It knows the ledger only by its published schema: which bulk
 * mutation takes which kind of command.
 */

/** The bulk mutations and the command kinds each takes (the fields of its input type). */
export const BULK_MUTATIONS = {
  planningCommands: {
    input: 'PlanningCommandInput',
    kinds: [
      'proposeProject',
      'approveProject',
      'adjustProjectPlan',
      'disburseFunds',
      'scheduleMilestone',
      'recordMilestoneMet',
      'startConstruction',
      'completeProject',
      'suspendProject',
      'resumeProject',
      'cancelProject',
      'rateProjectMaturity',
    ],
  },
  reportingCommands: {
    input: 'ReportingCommandInput',
    kinds: ['submitDispatchReport', 'correctDispatchReport'],
  },
} as const;
type BulkMutation = keyof typeof BULK_MUTATIONS;

/** What one bulk request may carry: the server's limit, and its body limit with room. */
export const MAX_CHUNK = 1000;
export const MAX_CHUNK_BYTES = 900_000;

const MUTATION_OF = new Map<string, BulkMutation>(
  Object.entries(BULK_MUTATIONS).flatMap(([mutation, { kinds }]) =>
    kinds.map((kind) => [kind, mutation as BulkMutation] as const),
  ),
);

export type OutcomeStatus = 'RECORDED' | 'REPLAYED' | 'REFUSED' | 'NOT_APPLIED';

export interface Refusal {
  code: string;
  message: string;
  field?: string | null;
  rule?: string | null;
}

/** One line of the output: what became of the command on that line of the input. */
export interface LineOutcome {
  line: number;
  kind: string | null;
  status: OutcomeStatus;
  streamId?: string | null;
  version?: string | null;
  position?: string | null;
  refusal?: Refusal;
  /** For NOT_APPLIED: the line of the refused command that kept its project out. */
  notAppliedBecause?: number;
}

export interface LoadSummary {
  lines: number;
  recorded: number;
  replayed: number;
  refused: number;
  notApplied: number;
  requests: number;
  seconds: number;
  /** Set when a request was refused whole: nothing from its first line on was loaded. */
  stoppedAt?: { line: number; reason: string };
}

export interface LoadOptions {
  url: string;
  token: string;
  chunk?: number;
  maxChunkBytes?: number;
  /** Attempts per request when the server cannot be reached (a bulk is safe to resend). */
  attempts?: number;
  /** Each outcome as it is known, in the input's order. */
  emit: (outcome: LineOutcome) => void;
}

interface Pending {
  line: number;
  kind: string;
  /** The bulk entry, `{ <kind>: <input> }`, as JSON. */
  json: string;
}

/** Why a line is no command, or the command it is. */
function commandOn(text: string): { kind: string; json: string } | Refusal {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { code: 'BAD_USER_INPUT', field: 'line', message: `not JSON: ${String(error)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { code: 'BAD_USER_INPUT', field: 'line', message: 'a line is one JSON object' };
  }
  const { kind, input } = parsed as { kind?: unknown; input?: unknown };
  if (typeof kind !== 'string' || !MUTATION_OF.has(kind)) {
    return {
      code: 'BAD_USER_INPUT',
      field: 'kind',
      message: `kind must be one of ${[...MUTATION_OF.keys()].join(', ')}, got ${JSON.stringify(kind)}`,
    };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { code: 'BAD_USER_INPUT', field: 'input', message: 'input must be a JSON object' };
  }
  return { kind, json: JSON.stringify({ [kind]: input }) };
}

interface ServerOutcome {
  index: number;
  status: OutcomeStatus;
  streamId: string | null;
  version: string | null;
  position: string | null;
  notAppliedBecause: number | null;
  refusal: Refusal | null;
}

const SELECTION = `outcomes { index status streamId version position notAppliedBecause refusal { code message field rule } }`;

/** A request the server refused whole (nothing of it was recorded). */
class ChunkRefused extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function send(
  options: LoadOptions,
  mutation: BulkMutation,
  chunk: readonly Pending[],
): Promise<ServerOutcome[]> {
  const { input } = BULK_MUTATIONS[mutation];
  // The entries are JSON already: the body is written around them, not parsed and re-encoded.
  const body = `{"query":${JSON.stringify(
    `mutation Load($commands: [${input}!]!) { ${mutation}(commands: $commands) { ${SELECTION} } }`,
  )},"variables":{"commands":[${chunk.map((p) => p.json).join(',')}]}}`;
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${options.token}`,
        },
        body,
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(500 * 2 ** attempt);
      continue;
    }
    if (response.status >= 502 && response.status <= 504 && attempt < attempts) {
      await sleep(500 * 2 ** attempt);
      continue;
    }
    const text = await response.text();
    let json: {
      data?: Record<string, { outcomes: ServerOutcome[] } | null> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new ChunkRefused(`HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const outcomes = json.data?.[mutation]?.outcomes;
    if (!outcomes || outcomes.length !== chunk.length) {
      const error = json.errors?.[0];
      throw new ChunkRefused(
        error
          ? `${error.extensions?.code ?? 'ERROR'}: ${error.message}`
          : `HTTP ${response.status}: no outcomes in the answer`,
      );
    }
    return outcomes;
  }
}

/** Reads every line, sends the commands in chunks, emits an outcome per line. */
export async function loadCommands(
  lines: AsyncIterable<string>,
  options: LoadOptions,
): Promise<LoadSummary> {
  const started = performance.now();
  const limit = Math.min(Math.max(1, options.chunk ?? MAX_CHUNK), MAX_CHUNK);
  const maxBytes = options.maxChunkBytes ?? MAX_CHUNK_BYTES;
  const summary: LoadSummary = {
    lines: 0,
    recorded: 0,
    replayed: 0,
    refused: 0,
    notApplied: 0,
    requests: 0,
    seconds: 0,
  };
  const count = (outcome: LineOutcome): void => {
    if (outcome.status === 'RECORDED') summary.recorded++;
    else if (outcome.status === 'REPLAYED') summary.replayed++;
    else if (outcome.status === 'REFUSED') summary.refused++;
    else summary.notApplied++;
    options.emit(outcome);
  };
  let chunk: Pending[] = [];
  let bytes = 0;
  let mutation: BulkMutation | undefined;
  /** Lines refused here, held back until the chunk before them is answered (output in order). */
  let held: LineOutcome[] = [];

  const flush = async (): Promise<void> => {
    const answered: LineOutcome[] = [...held];
    if (mutation && chunk.length > 0) {
      summary.requests++;
      const sent = chunk;
      for (const o of await send(options, mutation, sent)) {
        const pending = sent[o.index]!;
        const outcome: LineOutcome = {
          line: pending.line,
          kind: pending.kind,
          status: o.status,
          streamId: o.streamId,
        };
        if (o.version !== null) outcome.version = o.version;
        if (o.position !== null) outcome.position = o.position;
        if (o.refusal) outcome.refusal = o.refusal;
        if (o.notAppliedBecause !== null) {
          outcome.notAppliedBecause = sent[o.notAppliedBecause]!.line;
        }
        answered.push(outcome);
      }
    }
    // In the file's order: lines refused here sit between the chunk's own.
    for (const outcome of answered.sort((a, b) => a.line - b.line)) count(outcome);
    held = [];
    chunk = [];
    bytes = 0;
  };

  let number = 0;
  try {
    for await (const raw of lines) {
      number++;
      const text = raw.trim();
      if (text.length === 0) continue;
      summary.lines++;
      const command = commandOn(text);
      if (!('kind' in command)) {
        const outcome: LineOutcome = {
          line: number,
          kind: null,
          status: 'REFUSED',
          refusal: command,
        };
        if (chunk.length === 0) count(outcome);
        else held.push(outcome);
        continue;
      }
      const target = MUTATION_OF.get(command.kind)!;
      const size = Buffer.byteLength(command.json) + 1;
      if (
        chunk.length > 0 &&
        (target !== mutation || chunk.length >= limit || bytes + size > maxBytes)
      ) {
        await flush();
      }
      mutation = target;
      chunk.push({ line: number, kind: command.kind, json: command.json });
      bytes += size;
    }
    await flush();
  } catch (error) {
    // A request refused whole, or a server out of reach: nothing from its first line on is
    // known to be recorded. Sending the file again is safe: what was recorded is replayed.
    const reason = error instanceof ChunkRefused ? error.message : `not sent: ${String(error)}`;
    summary.stoppedAt = { line: chunk[0]?.line ?? number, reason };
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
