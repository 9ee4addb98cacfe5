import { Logger } from '@nestjs/common';

/** What became of a command, in the words the metrics use too. */
import type { CommandOutcome } from '../metrics/ledger-metrics';

export interface CommandLogEntry {
  /** The command's type, e.g. ProposeProject. */
  command: string;
  streamId: string;
  actor: string;
  outcome: CommandOutcome;
  /** A retry answered from the history: nothing was appended. */
  replayed?: boolean;
  /** The refusal's reason (rule, field), for rejected and conflict. */
  reason?: string;
}

const logger = new Logger('Command');

/**
 * One line per command, at INFO whatever the outcome: the record of who asked for what
 * and what came of it. A refusal's WARN line and a fault's ERROR line with its stack are
 * written once, where the error is answered (the GraphQL edge), not here again.
 */
export function logCommand(entry: CommandLogEntry): void {
  logger.log({
    msg: `${entry.command} ${entry.replayed ? 'replayed' : entry.outcome} on ${entry.streamId}`,
    command: entry.command,
    streamId: entry.streamId,
    actor: entry.actor,
    outcome: entry.outcome,
    ...(entry.replayed ? { replayed: true } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
  });
}
