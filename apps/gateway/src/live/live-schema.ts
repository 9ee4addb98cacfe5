import {
  GraphQLBoolean,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { LedgerChange } from './ledger-change';

/** What a subscription's resolvers are given: the stream of the subscribing connection. */
export interface LiveContext {
  /** Resolves once the feed follows (it may start for this very subscription). */
  open(filter: { projectId: string | null }): Promise<AsyncIterableIterator<LedgerChange>>;
}

const text = (description: string) => ({ type: new GraphQLNonNull(GraphQLString), description });

const LedgerChangeType = new GraphQLObjectType<LedgerChange>({
  name: 'LedgerChange',
  description:
    'The ledger recorded an event. A notice, not the figures: refetch the views it touches.',
  fields: {
    position: text("The event's position in the ledger's global log (a 64-bit integer)."),
    type: text('The event type, as the event catalogue names it.'),
    service: {
      type: GraphQLString,
      description: 'The service that records this type; null for a type the catalogue lacks.',
    },
    streamId: text('The stream the event belongs to.'),
    projectId: {
      type: GraphQLString,
      description: 'The project the event is about, if it is about one.',
    },
    recordedAt: text('When the ledger recorded it (ISO-8601).'),
  },
});

/**
 * The host's own small schema for the WebSocket on /graphql: `@apollo/gateway` cannot
 * proxy subscriptions, so the host serves this one itself. Queries and mutations stay on
 * POST /graphql (the socket refuses them); the Query type exists because GraphQL needs one.
 */
export const LIVE_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      live: {
        type: new GraphQLNonNull(GraphQLBoolean),
        description: 'Always true. Send queries as POST /graphql.',
        resolve: () => true,
      },
    },
  }),
  subscription: new GraphQLObjectType<unknown, LiveContext>({
    name: 'Subscription',
    fields: {
      ledgerChanged: {
        type: new GraphQLNonNull(LedgerChangeType),
        description:
          'A notice for each event recorded from now on that your token may see; only those about `projectId` when given.',
        args: { projectId: { type: GraphQLString } },
        subscribe: (_root: unknown, args: { projectId?: string | null }, context: LiveContext) =>
          context.open({ projectId: args.projectId ?? null }),
        // Each value the stream yields is the notice itself.
        resolve: (change: unknown) => change,
      },
    },
  }),
});
