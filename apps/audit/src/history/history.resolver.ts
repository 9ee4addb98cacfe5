import { GraphQLError } from 'graphql';
import { Inject } from '@nestjs/common';
import { Args, Context, Field, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import {
  GraphQLContext,
  PageInfo,
  asGraphQL,
  decodeCursor,
  encodeCursor,
  pageSize,
  requestPrincipal,
} from '@ledger/api';
import {
  EVENT_STORE,
  EventStore,
  RecordedEvent,
  rawStore,
  validateStreamId,
} from '@ledger/event-store';
import { EVENT_LOG, EventLog, EventLogFilter, parseTimestamp } from '@ledger/event-sourcing';
import { SERVICES } from '@ledger/contracts';
import { IN_AUDIT } from '../audit.schema';

type Service = keyof typeof SERVICES;
const SERVICE_NAMES = Object.keys(SERVICES) as Service[];
const SERVICE_OF = new Map<string, Service>(
  SERVICE_NAMES.flatMap((service) =>
    SERVICES[service].types.map((t): [string, Service] => [t, service]),
  ),
);

@ObjectType('LedgerEvent', {
  ...IN_AUDIT,
  description: 'One recorded event with everything an auditor needs to check it.',
})
export class LedgerEventNode {
  @Field({
    description: 'Global position in the log (64-bit, as a decimal string); also its cursor.',
  })
  position!: string;
  @Field()
  eventId!: string;
  @Field()
  streamId!: string;
  @Field({ description: 'Zero-based version within its stream (64-bit, decimal string).' })
  streamVersion!: string;
  @Field()
  type!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'planning, reporting or assessment: the service that records this type (operations: what operators did to dead letters).',
  })
  service!: string | null;
  @Field({ description: 'The event data as JSON text, exactly as stored.' })
  data!: string;
  @Field({ description: 'Who caused it.' })
  actor!: string;
  @Field({ description: 'When it was recorded, ISO-8601 UTC to the millisecond.' })
  recordedAt!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'When the fact is about (e.g. the report month), ISO-8601 as recorded; null when it is about when it was recorded.',
  })
  validAt!: string | null;
  @Field(() => String, { nullable: true })
  correlationId!: string | null;
  @Field(() => String, { nullable: true })
  causationId!: string | null;
  @Field(() => String, { nullable: true, description: 'Hash-chain link (hex SHA-256).' })
  hash!: string | null;
  @Field(() => String, { nullable: true, description: 'The previous event’s hash in the stream.' })
  previousHash!: string | null;
  @Field(() => Int, {
    description:
      'The schema version of `data` as served (HASH-CHAIN.md hashes it when not 1): streamHistory serves events as stored, eventLog and projectTimeline upcast to the current version.',
  })
  schemaVersion!: number;
}

@ObjectType('LedgerEventEdge', IN_AUDIT)
export class LedgerEventEdge {
  @Field()
  cursor!: string;
  @Field(() => LedgerEventNode)
  node!: LedgerEventNode;
}

@ObjectType('LedgerEventConnection', {
  ...IN_AUDIT,
  description: 'A page of the global log, oldest first.',
})
export class LedgerEventConnection {
  @Field(() => [LedgerEventEdge])
  edges!: LedgerEventEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType('EventLogFilter', {
  ...IN_AUDIT,
  description: 'Every field narrows; omitted fields do not.',
})
export class EventLogFilterInput {
  @Field(() => [String], { nullable: true, description: 'Event types (any of).' })
  types?: string[] | null;
  @Field(() => String, { nullable: true, description: 'planning, reporting or assessment.' })
  service?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Events whose data.projectId is this, from every service.',
  })
  projectId?: string | null;
  @Field(() => String, { nullable: true })
  actor?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Recorded at or after (ISO-8601 with zone).',
  })
  recordedFrom?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Recorded at or before (ISO-8601 with zone).',
  })
  recordedTo?: string | null;
}

function bad(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** Turns the GraphQL filter into the log's, rejecting what could only be a mistake. */
export function logFilter(input: EventLogFilterInput | null | undefined): EventLogFilter {
  const filter: EventLogFilter = {};
  // Nest passes omitted nullable fields as undefined, explicit nulls as null: both mean "any".
  const service = input?.service ?? null;
  if (service !== null && !(SERVICE_NAMES as string[]).includes(service)) {
    throw bad('filter.service', `filter.service must be one of ${SERVICE_NAMES.join(', ')}`);
  }
  let types = input?.types ?? null;
  if (types !== null) {
    const unknown = types.filter((t) => !SERVICE_OF.has(t));
    if (unknown.length > 0 || types.length === 0) {
      throw bad(
        'filter.types',
        types.length === 0
          ? 'filter.types must name at least one event type (omit it for all)'
          : `filter.types names no event type of the ledger: ${unknown.join(', ')}`,
      );
    }
    if (service !== null) {
      const foreign = types.filter((t) => SERVICE_OF.get(t) !== service);
      if (foreign.length > 0) {
        throw bad('filter.types', `not recorded by ${service}: ${foreign.join(', ')}`);
      }
    }
  } else if (service !== null) {
    types = [...SERVICES[service as Service].types];
  }
  if (types !== null) filter.types = types;
  const projectId = input?.projectId ?? null;
  if (projectId !== null) {
    if (projectId.length === 0) throw bad('filter.projectId', 'filter.projectId is empty');
    filter.projectId = projectId;
  }
  const actor = input?.actor ?? null;
  if (actor !== null) {
    if (actor.length === 0) throw bad('filter.actor', 'filter.actor is empty');
    filter.actor = actor;
  }
  if (input?.recordedFrom != null) {
    filter.recordedFrom = parseTimestamp(input.recordedFrom, 'filter.recordedFrom');
  }
  if (input?.recordedTo != null) {
    filter.recordedTo = parseTimestamp(input.recordedTo, 'filter.recordedTo');
  }
  if (
    filter.recordedFrom !== undefined &&
    filter.recordedTo !== undefined &&
    filter.recordedFrom.getTime() > filter.recordedTo.getTime()
  ) {
    throw bad('filter.recordedTo', 'filter.recordedTo is before filter.recordedFrom');
  }
  return filter;
}

/** The node without its schema version: the fields every LedgerEvent had before versions. */
export function toNode(event: RecordedEvent): Omit<LedgerEventNode, 'schemaVersion'> {
  return {
    position: event.globalPosition.toString(),
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion.toString(),
    type: event.type,
    service: SERVICE_OF.get(event.type) ?? null,
    data: JSON.stringify(event.data),
    actor: event.metadata.actor,
    recordedAt: event.recordedAt.toISOString(),
    validAt: event.metadata.validAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    hash: event.chain?.hash ?? null,
    previousHash: event.chain?.previousHash ?? null,
  };
}

export function toLedgerEvent(event: RecordedEvent): LedgerEventNode {
  return { ...toNode(event), schemaVersion: event.schemaVersion };
}

/**
 * Auditors' reads of the history. Who may call them is decided before they run: the token
 * by every subgraph's guard, the auditor role by the operation policy (libs/auth).
 */
/** A project's own streams; a region's or network's flags (risk-flags-region-...) are not. */
const PROJECT_STREAM = /^(project|dispatch-reports|risk-flags)-(?!region-|network-)./;

@Resolver()
export class HistoryResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_LOG) private readonly log: EventLog,
  ) {}

  @Query(() => [LedgerEventNode], {
    description: "A stream's events in version order, with their metadata and hash links.",
  })
  async streamHistory(
    @Args('streamId') streamId: string,
    @Context() ctx: GraphQLContext,
  ): Promise<LedgerEventNode[]> {
    return asGraphQL(async () => {
      const id = validateStreamId(streamId, 'streamId');
      // Auditors read any stream; the other programme-wide readers a project's own streams
      // (its plan, its reports, the flags about it), whose chain the console re-verifies:
      // stream by stream, they could otherwise rebuild the whole log, which is the auditors'.
      if ((await requestPrincipal(ctx)).role !== 'auditor' && !PROJECT_STREAM.test(id))
        throw new GraphQLError(
          "only auditors read streams other than a project's own (project-, dispatch-reports-, risk-flags-<projectId>)",
          { extensions: { code: 'FORBIDDEN' } },
        );
      // As stored, not upcast: what the hash chain covers, so a reader can check it.
      const events = await rawStore(this.store).readStream(id);
      return events.map(toLedgerEvent);
    });
  }

  @Query(() => LedgerEventConnection, {
    description:
      'The global log in order from a cursor (exclusive), filtered in the database; first 1-100 (20).',
  })
  async eventLog(
    @Args('filter', { type: () => EventLogFilterInput, nullable: true })
    filter: EventLogFilterInput | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<LedgerEventConnection> {
    return this.page(logFilter(filter), first, after);
  }

  @Query(() => LedgerEventConnection, {
    description:
      "A project's whole history across services: its planning stream, its dispatch reports and the risk flags about it, in global order.",
  })
  async projectTimeline(
    @Args('projectId') projectId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<LedgerEventConnection> {
    return this.page(logFilter({ projectId }), first, after);
  }

  private async page(
    filter: EventLogFilter,
    first: number | null,
    after: string | null,
  ): Promise<LedgerEventConnection> {
    const size = pageSize(first);
    const from = decodeCursor(after);
    // One more than asked: whether a next page exists, without counting the log.
    const events = await this.log.page(filter, from, size + 1);
    const page = events.slice(0, size);
    const edges = page.map((event) => ({
      cursor: encodeCursor(event.globalPosition),
      node: toLedgerEvent(event),
    }));
    return {
      edges,
      pageInfo: {
        hasNextPage: events.length > size,
        hasPreviousPage: from !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
    };
  }
}
