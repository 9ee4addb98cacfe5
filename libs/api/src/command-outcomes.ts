import { Logger } from '@nestjs/common';
import { Directive, Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { assertNever } from '@ledger/domain-kernel';
import { BulkOutcome } from '@ledger/event-sourcing';
import { toGraphQLError } from './graphql-errors';

/**
 * What a bulk mutation answers for each command it carried (every service's bulk mutation
 * answers alike, so these types are shared, as PageInfo is).
 */
export enum CommandOutcomeStatus {
  RECORDED = 'RECORDED',
  REPLAYED = 'REPLAYED',
  REFUSED = 'REFUSED',
  NOT_APPLIED = 'NOT_APPLIED',
}

registerEnumType(CommandOutcomeStatus, {
  name: 'CommandOutcomeStatus',
  description: 'What became of one command of a bulk mutation.',
  valuesMap: {
    RECORDED: { description: 'Decided and recorded (or decided to need no event).' },
    REPLAYED: {
      description: 'Recorded before under the same idempotency key: nothing new recorded.',
    },
    REFUSED: {
      description: 'Refused as its own mutation would have refused it; see `refusal`.',
    },
    NOT_APPLIED: {
      description:
        'Valid, but another command of its project was refused, and a project records all its commands of a request or none: see `notAppliedBecause`.',
    },
  },
});

@Directive('@shareable')
@ObjectType({
  description: 'Why a command was refused: the error its own mutation would have answered with.',
})
export class CommandRefusal {
  @Field({ description: 'As extensions.code: BAD_USER_INPUT, RULE_VIOLATED, CONFLICT, ...' })
  code!: string;
  @Field()
  message!: string;
  @Field(() => String, { nullable: true, description: 'The input field, for BAD_USER_INPUT.' })
  field!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The rule, for RULE_VIOLATED and NOT_FOUND.',
  })
  rule!: string | null;
}

@Directive('@shareable')
@ObjectType()
export class CommandOutcome {
  @Field(() => Int, { description: 'Where the command was in the list sent, from 0.' })
  index!: number;
  @Field(() => CommandOutcomeStatus)
  status!: CommandOutcomeStatus;
  @Field(() => String, { nullable: true, description: 'The stream the command is about.' })
  streamId!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The stream's version after the command (what expectedVersion takes).",
  })
  version!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "Global position of the command's last event (of the first run, for a replay).",
  })
  position!: string | null;
  @Field(() => CommandRefusal, { nullable: true })
  refusal!: CommandRefusal | null;
  @Field(() => Int, {
    nullable: true,
    description: 'For NOT_APPLIED: the index of the refused command of the same stream.',
  })
  notAppliedBecause!: number | null;
}

@Directive('@shareable')
@ObjectType({
  description:
    "A bulk mutation's answer: one outcome per command, in the order sent. Read models follow: query them afterwards.",
})
export class CommandBatchResult {
  @Field(() => Int)
  recorded!: number;
  @Field(() => Int)
  replayed!: number;
  @Field(() => Int)
  refused!: number;
  @Field(() => Int)
  notApplied!: number;
  @Field(() => [CommandOutcome])
  outcomes!: CommandOutcome[];
}

const logger = new Logger('BulkCommands');

/**
 * A refusal as the single mutation's error would read; a fault (not an answer to the
 * client) is logged and masked as formatError masks it at the top level.
 */
function refusalOf(error: unknown): CommandRefusal {
  const typed = toGraphQLError(error);
  if (typed instanceof GraphQLError && typeof typed.extensions.code === 'string') {
    const text = (key: string): string | null => {
      const value = typed.extensions[key];
      return typeof value === 'string' ? value : null;
    };
    return {
      code: typed.extensions.code,
      message: typed.message,
      field: text('field'),
      rule: text('rule'),
    };
  }
  logger.error(String(error instanceof Error ? (error.stack ?? error.message) : error));
  return { code: 'INTERNAL_SERVER_ERROR', message: 'internal error', field: null, rule: null };
}

export function toCommandBatchResult(outcomes: readonly BulkOutcome[]): CommandBatchResult {
  const result: CommandBatchResult = {
    recorded: 0,
    replayed: 0,
    refused: 0,
    notApplied: 0,
    outcomes: [],
  };
  outcomes.forEach((outcome, index) => {
    const base = {
      index,
      streamId: outcome.streamId,
      version: null,
      position: null,
      refusal: null,
      notAppliedBecause: null,
    };
    switch (outcome.status) {
      case 'recorded':
      case 'replayed':
        if (outcome.status === 'recorded') result.recorded++;
        else result.replayed++;
        result.outcomes.push({
          ...base,
          status:
            outcome.status === 'recorded'
              ? CommandOutcomeStatus.RECORDED
              : CommandOutcomeStatus.REPLAYED,
          version: outcome.version === null ? null : outcome.version.toString(),
          position: outcome.position === null ? null : outcome.position.toString(),
        });
        break;
      case 'refused':
        result.refused++;
        result.outcomes.push({
          ...base,
          status: CommandOutcomeStatus.REFUSED,
          refusal: refusalOf(outcome.error),
        });
        break;
      case 'not_applied':
        result.notApplied++;
        result.outcomes.push({
          ...base,
          status: CommandOutcomeStatus.NOT_APPLIED,
          notAppliedBecause: outcome.because,
        });
        break;
      default:
        assertNever(outcome);
    }
  });
  return result;
}
