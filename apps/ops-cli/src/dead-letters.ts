/**
 * npm run dead-letters -- list [--projection NAME] [--kind projection_event|kafka_message]
 *                              [--status open|replayed|discarded|any] [--json]
 *                      -- replay <id> [--note TEXT] [--by NAME]
 *                      -- discard <id> --reason TEXT [--by NAME]
 *
 * The operators' command line over every service's read models' dead letters. Connects as
 * the services do (EVENT_STORE, DATABASE_URL, EVENT_STORE_SCHEMA, DATA_DIR, PLANNING_SCHEMA,
 * REPORTING_SCHEMA, ASSESSMENT_SCHEMA). A replay runs here, under the rules the read model's
 * feed applies (the checkpoint lock, or a parked message's validation and dedup record);
 * each action is recorded on the operations stream with `operator:<by>` as its actor.
 *
 * Exit codes: 0 done, 1 the replay failed again (still a dead letter), 2 usage error
 * (nothing opened), 3 refused (no such dead letter, already replayed or discarded) or failed.
 */
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { eventStoreConfigFromEnv, openEventStore, withVersioning } from '@ledger/event-store';
import { LEDGER_EVENT_VERSIONS } from '@ledger/contracts';
import {
  DeadLetter,
  DeadLetterFilter,
  DeadLetterOperations,
  DeadLetterRefusedError,
} from '@ledger/event-sourcing';
import { offlineDeadLetterSource } from '@ledger/messaging';
import { projections, readModelDatabase } from '../../gateway/src/rebuild';

export const EXIT = { ok: 0, failedAgain: 1, usage: 2, refused: 3 } as const;

const USAGE = `usage: npm run dead-letters -- list [--projection NAME] [--kind projection_event|kafka_message] [--status open|replayed|discarded|any] [--json]
       npm run dead-letters -- replay <id> [--note TEXT] [--by NAME]
       npm run dead-letters -- discard <id> --reason TEXT [--by NAME]`;

type Command =
  | { command: 'list'; filter: DeadLetterFilter; json: boolean }
  | { command: 'replay'; id: string; note: string | null; actor: string }
  | { command: 'discard'; id: string; reason: string; actor: string };

class UsageError extends Error {}

const KINDS = ['projection_event', 'kafka_message'] as const;
const STATUSES = ['open', 'replayed', 'discarded', 'any'] as const;

function parse(argv: readonly string[]): Command {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      projection: { type: 'string' },
      kind: { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean', default: false },
      note: { type: 'string' },
      reason: { type: 'string' },
      by: { type: 'string' },
      first: { type: 'string' },
    },
  });
  const [command, id, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  const actor = `operator:${values.by ?? userInfo().username}`;
  if (!/^operator:[A-Za-z0-9._@-]{1,100}$/.test(actor)) {
    throw new UsageError('--by must be a name of 1-100 letters, digits and ._@-');
  }
  switch (command) {
    case 'list': {
      if (id !== undefined) throw new UsageError(`list takes no id (got ${id})`);
      const kind = KINDS.find((k) => k === values.kind);
      if (values.kind !== undefined && !kind)
        throw new UsageError(`--kind must be ${KINDS.join(' or ')}`);
      const status = STATUSES.find((s) => s === values.status);
      if (values.status !== undefined && !status)
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
      const first = values.first === undefined ? undefined : Number(values.first);
      if (first !== undefined && (!Number.isInteger(first) || first < 1 || first > 1000))
        throw new UsageError('--first must be 1-1000');
      return {
        command,
        json: values.json ?? false,
        filter: {
          ...(values.projection ? { projection: values.projection } : {}),
          ...(kind ? { kind } : {}),
          ...(status ? { status } : {}),
          ...(first ? { limit: first } : {}),
        },
      };
    }
    case 'replay':
      if (!id) throw new UsageError('replay needs the id of a dead letter (see list)');
      return { command, id, note: values.note ?? null, actor };
    case 'discard':
      if (!id) throw new UsageError('discard needs the id of a dead letter (see list)');
      if (!values.reason?.trim())
        throw new UsageError('discard needs --reason "...": it is recorded for auditors');
      return { command, id, reason: values.reason, actor };
    case undefined:
      throw new UsageError('which command?');
    default:
      throw new UsageError(`no command ${command}`);
  }
}

function line(letter: DeadLetter): string {
  const where =
    letter.kind === 'kafka_message'
      ? `${letter.topic}[${letter.partition}]@${letter.offset}`
      : `@${letter.globalPosition}`;
  return [
    letter.id,
    letter.status,
    letter.kind,
    `${letter.eventType ?? '-'} ${where}`,
    `${letter.attempts} attempts, last ${letter.lastFailedAt.toISOString()}`,
    letter.status === 'open' ? letter.error : `${letter.resolvedBy}: ${letter.resolution ?? ''}`,
  ].join('  ');
}

const asJson = (letter: DeadLetter): string =>
  JSON.stringify({ ...letter, globalPosition: letter.globalPosition?.toString() ?? null });

export async function runDeadLetters(argv: readonly string[]): Promise<number> {
  let command: Command;
  let config: ReturnType<typeof eventStoreConfigFromEnv>;
  try {
    command = parse(argv);
    config = eventStoreConfigFromEnv();
  } catch (error) {
    process.stderr.write(
      `dead-letters: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
    );
    return EXIT.usage;
  }
  // Projections read every event at its current version, as the services do.
  const store = withVersioning(await openEventStore(config), LEDGER_EVENT_VERSIONS);
  const { db, close } = readModelDatabase(store);
  try {
    const operations = new DeadLetterOperations(
      store,
      db,
      projections().map((projection) => offlineDeadLetterSource(projection, db, store)),
    );
    switch (command.command) {
      case 'list': {
        const letters = await operations.list(command.filter);
        for (const letter of letters)
          process.stdout.write(`${command.json ? asJson(letter) : line(letter)}\n`);
        process.stderr.write(`${letters.length} dead letter(s)\n`);
        return EXIT.ok;
      }
      case 'replay': {
        const { outcome, deadLetter } = await operations.replay(
          command.id,
          command.actor,
          command.note,
        );
        process.stdout.write(`${outcome}  ${line(deadLetter)}\n`);
        return outcome === 'failed' ? EXIT.failedAgain : EXIT.ok;
      }
      case 'discard': {
        const discarded = await operations.discard(command.id, command.actor, command.reason);
        process.stdout.write(`discarded  ${line(discarded)}\n`);
        return EXIT.ok;
      }
    }
  } catch (error) {
    if (!(error instanceof DeadLetterRefusedError)) throw error;
    process.stderr.write(`dead-letters: ${error.message}\n`);
    return EXIT.refused;
  } finally {
    await close();
    await store.close();
  }
}
