import { ApolloServer, BaseContext } from '@apollo/server';
import { ApolloGatewayDriver } from '@nestjs/apollo';
import { ModulesContainer } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';

/**
 * What the graph answered a reader about one project: it showed the project, refused it, or
 * does not know it (yet: planning's read model may not have applied the event announced).
 */
export type Visibility = 'visible' | 'hidden' | 'unknown';

/** Asks the graph, with a reader's own token, whether that reader may see a project. */
export interface ProjectVisibility {
  ask(authorization: string, projectId: string): Promise<Visibility>;
}

const QUERY = `query LiveProjectVisibility($projectId: String!) {
  project(projectId: $projectId) { projectId }
}`;

type ContextFunction = (argument: { req: GatewayRequest }) => Promise<BaseContext>;

/** The request the gateway's context and its subgraph data sources read. */
interface GatewayRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  socket: { localAddress: string; localPort: number };
}

/**
 * The gateway of this process answers, in process: its Apollo Server (found among Nest's
 * GraphQL modules by its driver) runs the operation with the context its HTTP route would
 * make from the same headers. The token is verified, the query planned and each subgraph
 * asked and authorising exactly as for a POST /graphql, without the HTTP stack; the scope
 * rules stay where they are.
 */
export class GatewayProjectVisibility implements ProjectVisibility {
  private gateway: { server: ApolloServer<BaseContext>; context: ContextFunction } | undefined;

  constructor(
    private readonly modules: ModulesContainer,
    /** The port this server listens on: standalone subgraphs are addressed on it. */
    private readonly localPort: () => number,
  ) {}

  async ask(authorization: string, projectId: string): Promise<Visibility> {
    const gateway = (this.gateway ??= this.find());
    const body = { query: QUERY, variables: { projectId } };
    const req: GatewayRequest = {
      method: 'POST',
      url: '/graphql',
      headers: { authorization, 'content-type': 'application/json' },
      body,
      socket: { localAddress: '127.0.0.1', localPort: this.localPort() },
    };
    let contextValue: BaseContext;
    try {
      contextValue = await gateway.context({ req });
    } catch {
      // The token was refused (expired since the connection opened): nothing is visible.
      return 'hidden';
    }
    const response = await gateway.server.executeOperation(body, { contextValue });
    if (response.body.kind !== 'single') return 'hidden';
    const { data, errors } = response.body.singleResult;
    const project: unknown = data?.project;
    if (
      project !== null &&
      typeof project === 'object' &&
      (project as { projectId?: unknown }).projectId === projectId
    )
      return 'visible';
    if (errors?.length) return 'hidden';
    return 'unknown';
  }

  private find(): { server: ApolloServer<BaseContext>; context: ContextFunction } {
    for (const module of this.modules.values()) {
      if (module.metatype !== GraphQLModule) continue;
      const graphql: unknown = module.instance;
      if (!(graphql instanceof GraphQLModule)) continue;
      const driver: unknown = graphql.graphQlAdapter;
      // Standalone also serves the subgraphs, each with a federation driver: not those.
      if (!(driver instanceof ApolloGatewayDriver)) continue;
      const server = driver.instance as ApolloServer<BaseContext> | undefined;
      // The gateway driver keeps Apollo Server's options, the context among them, under `server`.
      const options = graphql.completeOptions as { server?: { context?: unknown } } | undefined;
      const context = options?.server?.context;
      if (server && typeof context === 'function')
        return { server, context: context as ContextFunction };
    }
    throw new Error('live updates: the gateway of this process was not found');
  }
}
