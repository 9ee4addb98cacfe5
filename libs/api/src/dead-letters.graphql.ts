import { Inject, Logger, Provider, Type } from '@nestjs/common';
import {
  Args,
  Context,
  Directive,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  DeadLetter,
  DeadLetterFilter,
  DeadLetterKind,
  DeadLetterOperations,
  DeadLetterRefusedError,
  DeadLetterStatus,
  ProjectionFeed,
  READ_MODEL_DATABASE,
  SqlDatabase,
  serveDeadLetters,
} from '@ledger/event-sourcing';
import { deadLetterSourceOf } from '@ledger/messaging';
import { GraphQLContext, requestActor } from './request-actor';

@Directive('@shareable')
@ObjectType('DeadLetter', {
  description:
    'An event a read model could not take in, set aside so the rest of the log kept flowing: a projection event that failed repeatedly, or a Kafka message that is not a valid event (parked).',
})
export class DeadLetterView {
  @Field({ description: '<projection>@<position>, or <projection>@<topic>/<partition>/<offset>.' })
  id!: string;
  @Field({ description: 'projection_event or kafka_message.' })
  kind!: string;
  @Field({ description: 'The read model it is a dead letter of.' })
  projection!: string;
  @Field(() => String, { nullable: true })
  eventId!: string | null;
  @Field(() => String, { nullable: true })
  eventType!: string | null;
  @Field(() => String, { nullable: true })
  streamId!: string | null;
  @Field(() => String, { nullable: true, description: 'Global position in the log.' })
  globalPosition!: string | null;
  @Field(() => String, { nullable: true })
  topic!: string | null;
  @Field(() => Int, { nullable: true })
  partition!: number | null;
  @Field(() => String, { nullable: true })
  offset!: string | null;
  @Field({ description: 'Why it failed, the last time it was tried.' })
  error!: string;
  @Field(() => Int)
  attempts!: number;
  @Field()
  firstFailedAt!: string;
  @Field()
  lastFailedAt!: string;
  @Field({ description: 'open, replayed or discarded.' })
  status!: string;
  @Field(() => String, { nullable: true })
  resolvedAt!: string | null;
  @Field(() => String, { nullable: true, description: 'The operator, as events record actors.' })
  resolvedBy!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "The replay's note, or the discard's reason.",
  })
  resolution!: string | null;
}

@Directive('@shareable')
@ObjectType('DeadLetterReplay', {
  description: 'What a replay did; recorded as DeadLetterReplayed.',
})
export class DeadLetterReplayView {
  @Field({
    description:
      'applied (in the read model now), already_applied (it held the event already: nothing changed), or failed (still a dead letter, with the new reason as its error).',
  })
  outcome!: string;
  @Field(() => DeadLetterView)
  deadLetter!: DeadLetterView;
}

export type DeadLetterService = 'planning' | 'reporting' | 'assessment';

const KINDS: readonly DeadLetterKind[] = ['projection_event', 'kafka_message'];
const STATUSES: ReadonlyArray<DeadLetterStatus | 'any'> = ['open', 'replayed', 'discarded', 'any'];

function toView(letter: DeadLetter): DeadLetterView {
  return {
    ...letter,
    globalPosition: letter.globalPosition === null ? null : letter.globalPosition.toString(),
    firstFailedAt: letter.firstFailedAt.toISOString(),
    lastFailedAt: letter.lastFailedAt.toISOString(),
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
  };
}

async function refusalsAsGraphQL<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DeadLetterRefusedError)) throw error;
    const code = error.code === 'ALREADY_RESOLVED' ? 'CONFLICT' : error.code;
    throw new GraphQLError(error.message, { extensions: { code, reason: error.code } });
  }
}

function bad(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * A service's dead-letter fields, named for the service (`reportingDeadLetters`,
 * `replayReportingDeadLetter`, `discardReportingDeadLetter`): in the distributed run each
 * service is its own process and only it runs its projections, so only it can replay them,
 * and federation routes a root field to one subgraph, hence one name per service.
 */
function deadLetterResolver(service: DeadLetterService, token: symbol): Type<unknown> {
  const Service = `${service[0]!.toUpperCase()}${service.slice(1)}`;

  @Resolver()
  class DeadLetterResolver {
    constructor(@Inject(token) private readonly operations: DeadLetterOperations) {}

    @Query(() => [DeadLetterView], {
      name: `${service}DeadLetters`,
      description: `The ${service} read models' dead letters, oldest first (open ones unless status says otherwise).`,
    })
    async list(
      @Args('projection', { type: () => String, nullable: true }) projection: string | null,
      @Args('kind', { type: () => String, nullable: true }) kind: string | null,
      @Args('status', { type: () => String, nullable: true }) status: string | null,
      @Args('first', { type: () => Int, nullable: true }) first: number | null,
    ): Promise<DeadLetterView[]> {
      const filter: DeadLetterFilter = {};
      if (kind != null) {
        const found = KINDS.find((k) => k === kind);
        if (!found) throw bad('kind', `kind must be one of ${KINDS.join(', ')}`);
        filter.kind = found;
      }
      if (status != null) {
        const found = STATUSES.find((s) => s === status);
        if (!found) throw bad('status', `status must be one of ${STATUSES.join(', ')}`);
        filter.status = found;
      }
      if (first != null) {
        if (first < 1 || first > 1000) throw bad('first', 'first must be 1-1000');
        filter.limit = first;
      }
      if (projection != null) filter.projection = projection;
      return refusalsAsGraphQL(async () => (await this.operations.list(filter)).map(toView));
    }

    @Mutation(() => DeadLetterReplayView, {
      name: `replay${Service}DeadLetter`,
      description:
        'Applies a dead letter now (after a fix), exactly once; refused (CONFLICT) if it was already replayed or discarded. Recorded as DeadLetterReplayed on the operations stream.',
    })
    async replay(
      @Args('id') id: string,
      @Args('note', { type: () => String, nullable: true }) note: string | null,
      @Context() context: GraphQLContext,
    ): Promise<DeadLetterReplayView> {
      if (note != null && note.length > 2000) throw bad('note', 'note is at most 2000 characters');
      const actor = await requestActor(context);
      return refusalsAsGraphQL(async () => {
        const { outcome, deadLetter } = await this.operations.replay(id, actor, note ?? null);
        return { outcome, deadLetter: toView(deadLetter) };
      });
    }

    @Mutation(() => DeadLetterView, {
      name: `discard${Service}DeadLetter`,
      description:
        'Sets a dead letter aside for good, with a required reason. Recorded as DeadLetterDiscarded on the operations stream.',
    })
    async discard(
      @Args('id') id: string,
      @Args('reason') reason: string,
      @Context() context: GraphQLContext,
    ): Promise<DeadLetterView> {
      const actor = await requestActor(context);
      return refusalsAsGraphQL(async () =>
        toView(await this.operations.discard(id, actor, reason)),
      );
    }
  }
  Object.defineProperty(DeadLetterResolver, 'name', { value: `${Service}DeadLetterResolver` });
  return DeadLetterResolver;
}

/**
 * What a service module lists to serve its dead letters: the operations over its read
 * models' feeds (from the module's read-model class) and the resolver.
 */
export function deadLetterProviders<T>(
  service: DeadLetterService,
  readModels: Type<T>,
  feedsOf: (readModels: T) => readonly ProjectionFeed[],
): Provider[] {
  const token = Symbol(`${service}DeadLetters`);
  const logger = new Logger(`${service}DeadLetters`);
  return [
    {
      provide: token,
      inject: [readModels, EVENT_STORE, READ_MODEL_DATABASE],
      useFactory: (models: T, store: EventStore, db: SqlDatabase) =>
        serveDeadLetters(
          new DeadLetterOperations(
            store,
            db,
            feedsOf(models).map((feed) => deadLetterSourceOf(feed, store)),
            (message) => logger.warn(message),
          ),
        ),
    },
    deadLetterResolver(service, token),
  ];
}
