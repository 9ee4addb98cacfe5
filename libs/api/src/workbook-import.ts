import { Directive, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { BulkOutcome, MAX_BULK_COMMANDS } from '@ledger/event-sourcing';
import { CommandOutcomeStatus, toCommandBatchResult } from './command-outcomes';

/**
 * A workbook import (project library, dispatch reports): every row of the file is one command
 * of its service's bulk path, judged as its own mutation judges it; each row is recorded
 * whole or refused whole. These types are shared as CommandBatchResult is; the `Document` and
 * `WorkbookImport` types that carry the report are each subgraph's own (their registerIn).
 */
export enum WorkbookRowOutcome {
  RECORDED = 'RECORDED',
  REPLAYED = 'REPLAYED',
  REFUSED = 'REFUSED',
}

registerEnumType(WorkbookRowOutcome, {
  name: 'WorkbookRowOutcome',
  description: 'What became of one row of an imported workbook.',
  valuesMap: {
    RECORDED: { description: 'Its command was recorded.' },
    REPLAYED: {
      description: 'The same row was imported before: nothing new was recorded.',
    },
    REFUSED: { description: 'Refused: see code, message and cell. Nothing of it was recorded.' },
  },
});

@Directive('@shareable')
@ObjectType({ description: 'One row of an imported workbook and what became of it.' })
export class WorkbookImportRow {
  @Field(() => Int, { description: 'The row number in the sheet, as Excel shows it.' })
  row!: number;
  @Field(() => WorkbookRowOutcome)
  outcome!: WorkbookRowOutcome;
  @Field(() => String, {
    nullable: true,
    description:
      'For REFUSED: BAD_USER_INPUT, RULE_VIOLATED, FORBIDDEN, ... as the mutation answers.',
  })
  code!: string | null;
  @Field(() => String, { nullable: true })
  message!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The cell the refusal is about, e.g. "D7" (null when no one cell is).',
  })
  cell!: string | null;
  @Field(() => String, { nullable: true, description: 'The project the row is about.' })
  projectId!: string | null;
}

/** A row of the file as its service prepared it: a command input, or why it is none. */
export interface PreparedWorkbookRow<Input> {
  row: number;
  /** The command's input; null when the row was refused before (a cell of the wrong type). */
  input: Input | null;
  /** Why the row was refused before any command: the first problem's cell and message. */
  refusal: { cell: string | null; message: string } | null;
  projectId: string | null;
  /** The cell a refusal of the command names, from its field or rule. */
  cellOf(field: string | null, rule: string | null): string | null;
}

/** The outcome of each row, and the totals. */
export interface WorkbookImportRows {
  recorded: number;
  replayed: number;
  refused: number;
  rows: WorkbookImportRow[];
}

/**
 * Sends the rows' commands through a bulk path in chunks of at most MAX_BULK_COMMANDS, in
 * the file's order. A row that was valid but not applied because another row of its stream
 * was refused goes again in the next round, without that row: each row is all or nothing on
 * its own, as if it had been sent alone (a row that depends on a refused one is then refused
 * on its own account).
 */
export async function importWorkbookRows<Input>(
  prepared: readonly PreparedWorkbookRow<Input>[],
  send: (inputs: Input[]) => Promise<readonly BulkOutcome[]>,
  options: { projectOfStream?: (streamId: string) => string | null } = {},
): Promise<WorkbookImportRows> {
  const results = new Map<number, WorkbookImportRow>();
  const refuse = (
    row: PreparedWorkbookRow<Input>,
    code: string,
    message: string,
    cell: string | null,
  ): void => {
    results.set(row.row, {
      row: row.row,
      outcome: WorkbookRowOutcome.REFUSED,
      code,
      message,
      cell,
      projectId: row.projectId,
    });
  };
  let pending: PreparedWorkbookRow<Input>[] = [];
  for (const row of prepared) {
    if (row.input === null) {
      refuse(row, 'BAD_USER_INPUT', row.refusal?.message ?? 'refused', row.refusal?.cell ?? null);
    } else pending.push(row);
  }
  while (pending.length > 0) {
    const again: PreparedWorkbookRow<Input>[] = [];
    for (let at = 0; at < pending.length; at += MAX_BULK_COMMANDS) {
      const chunk = pending.slice(at, at + MAX_BULK_COMMANDS);
      const outcomes = await send(chunk.map((r) => r.input!));
      const batch = toCommandBatchResult(outcomes);
      batch.outcomes.forEach((outcome, i) => {
        const row = chunk[i]!;
        switch (outcome.status) {
          case CommandOutcomeStatus.RECORDED:
          case CommandOutcomeStatus.REPLAYED:
            results.set(row.row, {
              row: row.row,
              outcome:
                outcome.status === CommandOutcomeStatus.RECORDED
                  ? WorkbookRowOutcome.RECORDED
                  : WorkbookRowOutcome.REPLAYED,
              code: null,
              message: null,
              cell: null,
              projectId:
                row.projectId ??
                (outcome.streamId === null
                  ? null
                  : (options.projectOfStream?.(outcome.streamId) ?? null)),
            });
            break;
          case CommandOutcomeStatus.REFUSED: {
            const refusal = outcome.refusal!;
            refuse(row, refusal.code, refusal.message, row.cellOf(refusal.field, refusal.rule));
            break;
          }
          case CommandOutcomeStatus.NOT_APPLIED:
            again.push(row);
            break;
        }
      });
    }
    if (again.length >= pending.length) {
      // Cannot happen (each round settles at least the refused row of each stream); stop
      // rather than loop if it ever did.
      for (const row of again) refuse(row, 'CONFLICT', 'not applied: send the file again', null);
      break;
    }
    pending = again;
  }
  const rows = prepared.map((r) => results.get(r.row)!);
  return {
    recorded: rows.filter((r) => r.outcome === WorkbookRowOutcome.RECORDED).length,
    replayed: rows.filter((r) => r.outcome === WorkbookRowOutcome.REPLAYED).length,
    refused: rows.filter((r) => r.outcome === WorkbookRowOutcome.REFUSED).length,
    rows,
  };
}

/** The workbook argument's bytes: base64, refused clearly when it is not. */
export function workbookBytes(base64: string): Buffer {
  const compact = base64.replace(/\s+/g, '');
  if (compact.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new GraphQLError('workbook must be the xlsx file in base64', {
      extensions: { code: 'BAD_USER_INPUT', field: 'workbook', reason: 'not-base64' },
    });
  }
  return Buffer.from(compact, 'base64');
}

/** A whole file refused (not a zip, a bomb, formulas, ...): BAD_USER_INPUT, nothing recorded. */
export function workbookRefused(reason: string, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field: 'workbook', reason },
  });
}
