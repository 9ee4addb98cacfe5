import { IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { GraphQLError, OperationTypeNode, getOperationAST, parse, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import WebSocket, { WebSocketServer } from 'ws';
import { Principal, scopeOf, TOKEN_VERIFIER, TokenVerifier } from '@ledger/auth';
import { ConnectionAudience } from './connection-audience';
import { LedgerChange } from './ledger-change';
import { LiveNotices } from './live-notices';
import { LIVE_SCHEMA, LiveContext } from './live-schema';
import { NoticeStream } from './notice-stream';
import { GatewayProjectVisibility, ProjectVisibility } from './project-visibility';

/** The one endpoint: the WebSocket is an upgrade of the same path as POST /graphql. */
export const LIVE_PATH = '/graphql';

/** The limits that keep one reader from costing the process unbounded memory. */
export const LIVE_LIMITS = {
  /** Notices queued for one subscription before its reader counts as too slow. */
  queuedNotices: 500,
  /** Bytes the socket may have buffered, unsent, before its reader counts as too slow. */
  bufferedBytes: 1024 * 1024,
  subscriptionsPerConnection: 16,
  /** A client message (a subscribe) is a few hundred bytes. */
  messageBytes: 64 * 1024,
} as const;

/** Why a socket is closed, as the client's close event reports it. */
const CLOSE = {
  refused: CloseCode.Forbidden,
  /** Standard "try again later": graphql-ws clients reconnect after it (and should refetch). */
  tooSlow: 1013,
  goingAway: 1001,
} as const;

/** Longest delay a Node timer takes; a token valid for longer is re-checked after it. */
const MAX_TIMER_MS = 2_147_483_647;
const SHUTDOWN_GRACE_MS = 1_000;

// A type, not an interface: graphql-ws wants it to be a record.
type LiveExtra = { connection?: LiveConnection };

/**
 * Serves `subscription { ledgerChanged }` over graphql-ws on the HTTP server's own /graphql
 * (the upgrade of the path the gateway answers POSTs on). A connection is authenticated once,
 * by `connectionParams.authorization`, with the token verifier HTTP requests use, and closed
 * when its token expires. Notices about a project reach it only when the graph, asked with
 * its own token, shows it that project.
 */
@Injectable()
export class LiveServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('LiveUpdates');
  private sockets: WebSocketServer | undefined;
  private server: Server | undefined;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void =>
    this.upgrade(request, socket, head);
  private graphqlWs: { dispose: () => Promise<void> | void } | undefined;
  private readonly visibility: ProjectVisibility;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly notices: LiveNotices,
    modules: ModulesContainer,
  ) {
    this.visibility = new GatewayProjectVisibility(modules, () => this.port() ?? 0);
  }

  /** Attached here, not in main.ts: every host of the gateway (and every test) gets it. */
  onApplicationBootstrap(): void {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!(server instanceof Server)) {
      this.logger.warn('no HTTP server: subscriptions are not served');
      return;
    }
    this.server = server;
    const sockets = new WebSocketServer({
      noServer: true,
      maxPayload: LIVE_LIMITS.messageBytes,
    });
    this.sockets = sockets;
    this.graphqlWs = useServer<Record<string, unknown>, LiveExtra>(
      {
        schema: LIVE_SCHEMA,
        onConnect: (ctx) => this.connect(ctx.extra, ctx.connectionParams),
        onSubscribe: (ctx, _id, payload) => this.subscribe(ctx.extra, payload),
        onClose: (ctx) => ctx.extra.connection?.close(),
      },
      sockets,
    );
    server.on('upgrade', this.onUpgrade);
    const announce = () => {
      const source = this.notices.source;
      this.logger.log(
        source
          ? `subscriptions served at ${this.url()} (graphql-ws), notices from ${source}`
          : `subscriptions at ${this.url()} refuse to subscribe: this process has no feed of the ledger's events`,
      );
    };
    if (server.listening) announce();
    else server.once('listening', announce);
  }

  async onModuleDestroy(): Promise<void> {
    const sockets = this.sockets;
    this.sockets = undefined;
    this.server?.off('upgrade', this.onUpgrade);
    if (!sockets) return;
    for (const socket of sockets.clients)
      socket.close(CLOSE.goingAway, 'the server is shutting down');
    // A client that does not answer the closing handshake does not hold the shutdown up.
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (sockets.clients.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of sockets.clients) socket.terminate();
    await this.graphqlWs?.dispose();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const sockets = this.sockets;
    const path = (request.url ?? '').split('?')[0];
    if (sockets && path === LIVE_PATH) {
      sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
      return;
    }
    // Another path: someone else's upgrade if anyone else listens, otherwise nobody's.
    if (this.server && this.server.listenerCount('upgrade') > 1) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  }

  private async connect(
    extra: LiveExtra & { socket: WebSocket },
    params: Readonly<Record<string, unknown>> | undefined,
  ): Promise<boolean> {
    const authorization = params?.authorization;
    if (typeof authorization !== 'string' || authorization.length === 0) {
      return refuse(extra.socket, 'send connectionParams.authorization = "Bearer <token>"');
    }
    let principal: Principal;
    try {
      principal = await this.verifier.verify(authorization);
    } catch (error) {
      return refuse(extra.socket, error instanceof Error ? error.message : 'the token was refused');
    }
    // Gone while its token was checked: nothing to keep (onClose has already run).
    if (extra.socket.readyState !== WebSocket.OPEN) return false;
    // Verified just now: its claims can be read as they are.
    const exp = decodeJwt(authorization.slice('Bearer '.length)).exp;
    extra.connection = new LiveConnection(
      extra.socket,
      new ConnectionAudience(authorization, this.visibility),
      this.notices,
      typeof exp === 'number' ? exp * 1000 : null,
      // A notice about no project (a network's or region's flag, a score) names a unit in its
      // stream: only programme-wide readers hear those; a scoped reader hears its projects.
      scopeOf(principal).kind === 'all',
    );
    return true;
  }

  private subscribe(
    extra: LiveExtra,
    payload: { query: string; operationName?: string | null; variables?: unknown },
  ) {
    const connection = extra.connection;
    if (!connection) return [new GraphQLError('the connection is not authenticated')];
    if (!this.notices.source) {
      return [
        new GraphQLError("live updates are off: this process has no feed of the ledger's events"),
      ];
    }
    let document;
    try {
      document = parse(payload.query);
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('the query does not parse')];
    }
    // The kind of operation first: a query sent here is told where queries go, not that
    // this small schema lacks its fields.
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [new GraphQLError('name the operation to run')];
    if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [
        new GraphQLError(
          `this socket serves subscriptions only: send a ${operation.operation} as POST ${LIVE_PATH}`,
        ),
      ];
    }
    const invalid = validate(LIVE_SCHEMA, document);
    if (invalid.length > 0) return invalid;
    const variables = payload.variables;
    return {
      schema: LIVE_SCHEMA,
      document,
      ...(payload.operationName ? { operationName: payload.operationName } : {}),
      ...(variables !== null && typeof variables === 'object' && !Array.isArray(variables)
        ? { variableValues: variables as Record<string, unknown> }
        : {}),
      contextValue: connection,
    };
  }

  private port(): number | undefined {
    const address = this.server?.address();
    return address !== null && typeof address === 'object' ? address.port : undefined;
  }

  private url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) return `ws://<this server>${LIVE_PATH}`;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `ws://${host}:${address.port}${LIVE_PATH}`;
  }
}

/** One authenticated socket: its reader's audience, its subscriptions and its token's end. */
class LiveConnection implements LiveContext {
  private subscriptions = 0;
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly audience: ConnectionAudience,
    private readonly notices: LiveNotices,
    expiresAt: number | null,
    private readonly programmeWide: boolean,
  ) {
    if (expiresAt !== null) this.closeAt(expiresAt);
  }

  open(filter: { projectId: string | null }): Promise<AsyncIterableIterator<LedgerChange>> {
    if (this.subscriptions >= LIVE_LIMITS.subscriptionsPerConnection) {
      throw new GraphQLError(
        `at most ${LIVE_LIMITS.subscriptionsPerConnection} subscriptions per connection`,
      );
    }
    this.subscriptions += 1;
    let remove = (): void => undefined;
    const stream = new NoticeStream({
      projectId: filter.projectId,
      maySee: (projectId) => this.audience.maySee(projectId),
      programmeWide: this.programmeWide,
      limit: LIVE_LIMITS.queuedNotices,
      congested: () => this.socket.bufferedAmount > LIVE_LIMITS.bufferedBytes,
      onOverflow: () =>
        closeWith(
          this.socket,
          CLOSE.tooSlow,
          'notices were not read in time: reconnect and refetch',
        ),
      onEnd: () => {
        this.subscriptions -= 1;
        remove();
      },
    });
    remove = this.notices.add(stream);
    return this.notices.whenFollowing().then(() => stream);
  }

  close(): void {
    clearTimeout(this.expiry);
    this.audience.close();
  }

  private closeAt(expiresAt: number): void {
    const left = expiresAt - Date.now();
    if (left > MAX_TIMER_MS) {
      this.expiry = setTimeout(() => this.closeAt(expiresAt), MAX_TIMER_MS);
      return;
    }
    this.expiry = setTimeout(
      () => closeWith(this.socket, CLOSE.refused, 'the token has expired: connect with a new one'),
      Math.max(0, left),
    );
  }
}

function refuse(socket: WebSocket, reason: string): false {
  // Closed here with the reason; graphql-ws's own close ("Forbidden") then finds it closing.
  closeWith(socket, CLOSE.refused, reason);
  return false;
}

/** A close frame's reason holds 123 bytes at most (RFC 6455); ws throws beyond. */
function closeWith(socket: WebSocket, code: number, reason: string): void {
  let text = reason;
  while (Buffer.byteLength(text) > 123) text = text.slice(0, -1);
  socket.close(code, text);
}
