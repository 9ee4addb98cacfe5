import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { json } from 'body-parser';
import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Principal, TokenVerifier, actorOf } from '@ledger/auth';
import { currentRequest } from '@ledger/observability/logging';

/**
 * How a failed request becomes an HTTP response, at every GraphQL endpoint of the ledger
 * (standalone's /graphql, the gateway alone, each subgraph's /graphql), after the
 * GraphQL-over-HTTP spec (graphql.github.io/graphql-over-http/draft).
 *
 * Media types. A response is `application/graphql-response+json` when the client's Accept
 * prefers it, else `application/json` (with no Accept, or `*\/*`, too). The status is the
 * same for both: the spec's rules for `application/graphql-response+json` (4xx for a request
 * that did not execute, 200 once execution started, with data and errors). For
 * `application/json` the spec only recommends 200 for a well-formed request; we answer the
 * same status as for the other type instead, so that one request is one status in every log
 * and proxy, and the body is a GraphQL response either way.
 *
 * Every body is `{ errors: [{ message, extensions: { code } }] }` (with `data` once execution
 * started): never a framework's `{ statusCode, message }`, an HTML page or a stack.
 */
export interface RequestErrorRow {
  /** What the client sent, in words (the README's table). */
  when: string;
  status: number;
  code: string;
  /** Headers the response carries beside the body's Content-Type. */
  headers?: Readonly<Record<string, string>>;
  /** Execution started: the body has `data` (maybe null) beside `errors`. */
  executed?: true;
}

/**
 * Every case, in the order the checks run (the transport, the token, the request, the
 * document, the operation, its execution): the first that applies answers. The rows marked
 * below as Apollo's are produced by Apollo Server with our options (and checked by the
 * errors-by-endpoint test at every endpoint); the others are produced here.
 */
export const REQUEST_ERRORS = {
  methodNotAllowed: {
    when: 'a method other than GET or POST',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    headers: { allow: 'GET, POST' },
  },
  unsupportedMediaType: {
    when: 'a POST whose Content-Type is not application/json (or none)',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  /** Here for a POST; Apollo's for a GET (a query: nothing has changed when it answers). */
  notAcceptable: {
    when: 'an Accept that allows neither JSON type',
    status: 406,
    code: 'NOT_ACCEPTABLE',
  },
  payloadTooLarge: {
    when: 'a body over the limit (1 MB at /graphql, 2 MB at a subgraph)',
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  malformedBody: { when: 'a body that is not JSON', status: 400, code: 'BAD_REQUEST' },
  noToken: {
    when: 'no Authorization header',
    status: 401,
    code: 'UNAUTHENTICATED',
    headers: { 'www-authenticate': 'Bearer' },
  },
  invalidToken: {
    when: 'a token that is malformed, expired, signed by another key or for another audience',
    status: 401,
    code: 'UNAUTHENTICATED',
    headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
  },
  /** Apollo's: a POST without `query`, or a batch (a GET without a preflight header, CSRF, is
   * refused before the token is read). */
  badRequest: { when: 'JSON that is no GraphQL request', status: 400, code: 'BAD_REQUEST' },
  /** Apollo's. */
  parseFailed: { when: 'a query that does not parse', status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  /** Apollo's; a query over a limit keeps its own code (QUERY_TOO_DEEP, ...). */
  validationFailed: {
    when: 'a query the schema does not allow',
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  unknownOperation: {
    when: 'an operationName the document does not have',
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  /** A mutation over GET, Apollo's. */
  mutationOverGet: {
    when: 'a mutation sent with GET',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    headers: { allow: 'POST' },
  },
  badVariables: {
    when: 'a variable with a NUL character or nested deeper than any input',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  forbiddenField: {
    when: 'a field the role may not read or a project outside its scope',
    status: 200,
    code: 'FORBIDDEN',
    executed: true,
  },
  badUserInput: {
    when: 'an argument a resolver refuses (first: 1000, a bad date, ...)',
    status: 200,
    code: 'BAD_USER_INPUT',
    executed: true,
  },
  /** Masked by formatError at Apollo, here for a body the parser failed on for its own reasons. */
  internalError: {
    when: 'a fault of the server (logged; its message and stack are never sent)',
    status: 500,
    code: 'INTERNAL_SERVER_ERROR',
  },
} as const satisfies Record<string, RequestErrorRow>;

export type RequestErrorCase = keyof typeof REQUEST_ERRORS;

const logger = new Logger('GraphQL');

/** Errors Apollo answers with BAD_REQUEST, told apart by their status as the table does. */
const CODE_BY_APOLLO_STATUS: ReadonlyMap<number, string> = new Map([
  [405, REQUEST_ERRORS.mutationOverGet.code],
  [406, REQUEST_ERRORS.notAcceptable.code],
  // A GET with a Content-Type other than JSON.
  [415, REQUEST_ERRORS.unsupportedMediaType.code],
]);

/**
 * A request error raised inside Apollo (context, request hooks): Apollo answers it with the
 * row's status and headers and takes `http` out of the body.
 */
export function requestError(
  which: RequestErrorCase,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  const row: RequestErrorRow = REQUEST_ERRORS[which];
  return new GraphQLError(message, {
    extensions: {
      ...extensions,
      code: row.code,
      http: { status: row.status, headers: new Map(Object.entries(row.headers ?? {})) },
    },
  });
}

/** Apollo's code for an error it raised itself, as the table names it (formatError). */
export function tableCode(formattedCode: string, error: unknown): string {
  if (formattedCode !== 'BAD_REQUEST' || !(error instanceof GraphQLError)) return formattedCode;
  const http = error.extensions.http as { status?: unknown } | undefined;
  const status = typeof http?.status === 'number' ? http.status : undefined;
  return (status !== undefined && CODE_BY_APOLLO_STATUS.get(status)) || formattedCode;
}

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/** How an Accept entry matches a type: its quality, specificity and place in the header. */
interface Match {
  q: number;
  s: number;
  o: number;
}

/** The entry that decides for `type`, as content negotiation picks it: the most specific. */
function bestMatch(entries: ReadonlyArray<{ type: string; q: number }>, type: string): Match {
  let best: Match = { q: 0, s: -1, o: -1 };
  entries.forEach((entry, o) => {
    const s =
      entry.type === type ? 6 : entry.type === 'application/*' ? 4 : entry.type === '*/*' ? 0 : -1;
    if (s < 0) return;
    if (s > best.s || (s === best.s && (entry.q > best.q || (entry.q === best.q && o > best.o))))
      best = { q: entry.q, s, o };
  });
  return best;
}

function acceptEntries(accept: string): Array<{ type: string; q: number }> {
  return accept.split(',').map((part) => {
    const [type = '', ...parameters] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith('q='));
    return { type, q: q === undefined ? 1 : Number(q.slice(2)) };
  });
}

/** What clients send: answered without parsing. */
const COMMON_ACCEPTS: ReadonlySet<string> = new Set([
  '*/*',
  JSON_TYPE,
  GRAPHQL_RESPONSE_JSON,
  `${GRAPHQL_RESPONSE_JSON}, ${JSON_TYPE}`,
  `${JSON_TYPE}, ${GRAPHQL_RESPONSE_JSON}`,
]);

/** Whether a GraphQL response can be sent to a client with this Accept header. */
export function acceptsGraphQLResponse(accept: string | undefined): boolean {
  if (accept === undefined || COMMON_ACCEPTS.has(accept)) return true;
  const entries = acceptEntries(accept);
  return bestMatch(entries, JSON_TYPE).q > 0 || bestMatch(entries, GRAPHQL_RESPONSE_JSON).q > 0;
}

/**
 * The response type for the Accept header, chosen as Apollo chooses it for its own answers
 * (quality, then specificity, then the header's order; JSON on a tie): a refusal answered
 * before Apollo runs has the type Apollo's would have. JSON when neither is acceptable.
 */
export function responseMediaType(accept: string | undefined): string {
  // The common case, and every client that never heard of the newer type.
  if (!accept || !accept.includes(GRAPHQL_RESPONSE_JSON)) return `${JSON_TYPE}; charset=utf-8`;
  const entries = acceptEntries(accept);
  const graphql = bestMatch(entries, GRAPHQL_RESPONSE_JSON);
  const plain = bestMatch(entries, JSON_TYPE);
  const preferred =
    graphql.q > 0 &&
    (plain.q <= 0 ||
      graphql.q > plain.q ||
      (graphql.q === plain.q &&
        (graphql.s > plain.s || (graphql.s === plain.s && graphql.o < plain.o))));
  return `${preferred ? GRAPHQL_RESPONSE_JSON : JSON_TYPE}; charset=utf-8`;
}

/** Answers a request refused before Apollo saw it, as Apollo would answer it. */
export function sendRequestError(
  req: IncomingMessage,
  res: ServerResponse,
  which: RequestErrorCase,
  message: string,
): void {
  const row: RequestErrorRow = REQUEST_ERRORS[which];
  // The client's mistake, refused before GraphQL: one WARN line, no stack. (A fault of ours
  // answered here was logged with its stack by the caller.)
  if (row.status < 500) {
    logger.warn({
      msg: `${row.code}: ${message}`,
      code: row.code,
      status: row.status,
      outcome: 'rejected',
    });
  }
  const body: { errors: GraphQLFormattedError[] } = {
    errors: [{ message, extensions: { code: row.code } }],
  };
  const text = JSON.stringify(body);
  res.statusCode = row.status;
  for (const [name, value] of Object.entries(row.headers ?? {})) res.setHeader(name, value);
  res.setHeader('content-type', responseMediaType(req.headers.accept));
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** What body-parser refused, by the HTTP status it gives its error; null: not a refusal. */
function bodyRefusal(
  error: unknown,
  limit: string,
): { which: RequestErrorCase; message: string } | null {
  const status =
    typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : null;
  if (status === 413)
    return { which: 'payloadTooLarge', message: `the request body is over the ${limit} limit` };
  if (status === 415)
    return { which: 'unsupportedMediaType', message: 'the request body must be UTF-8 JSON' };
  if (status === 400) return { which: 'malformedBody', message: 'the request body is not JSON' };
  return null;
}

function isJsonRequest(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const end = contentType.indexOf(';');
  const type = (end < 0 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return type === JSON_TYPE;
}

type Next = (error?: unknown) => void;

/**
 * In front of a GraphQL endpoint: the method, the media type and the body (parsed here, up
 * to `limit`) are checked before Apollo sees the request, and refused with the table's
 * answer. On the hot path (a JSON POST within the limit) this adds one header comparison to
 * the body parsing that ran before.
 */
export function graphqlRequestGate(
  limit: string,
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const parse = json({ limit });
  return (req, res, next) => {
    if (req.method === 'GET') return next();
    if (req.method !== 'POST') {
      return sendRequestError(
        req,
        res,
        'methodNotAllowed',
        `${req.method} is not a GraphQL request here: use POST (or GET for a query)`,
      );
    }
    if (!isJsonRequest(req.headers['content-type'])) {
      return sendRequestError(
        req,
        res,
        'unsupportedMediaType',
        'send the request as Content-Type: application/json',
      );
    }
    // Apollo checks the Accept header only once the operation has run: a mutation would be
    // carried out and answered 406. Refused here before anything runs instead.
    if (!acceptsGraphQLResponse(req.headers.accept)) {
      return sendRequestError(
        req,
        res,
        'notAcceptable',
        `accept ${JSON_TYPE} or ${GRAPHQL_RESPONSE_JSON}: no other type is answered`,
      );
    }
    parse(req, res, (error) => {
      if (error === undefined) return next();
      const refused = bodyRefusal(error, limit);
      if (refused !== null) return sendRequestError(req, res, refused.which, refused.message);
      // Anything else (a stream fault) is the server's: logged here, masked there.
      logger.error(
        `reading a request body: ${error instanceof Error ? error.message : inspect(error)}`,
        error instanceof Error ? error.stack : undefined,
      );
      sendRequestError(req, res, 'internalError', 'internal error');
    });
  };
}

/** What every endpoint's context holds: the request and its verified principal. */
export interface AuthenticatedContext<Req> {
  req: Req;
  principal: Promise<Principal>;
}

/**
 * The context function of every endpoint: the token is verified before any plan is made or
 * any field runs, and a request without a valid one is refused as a whole (401), at the
 * gateway and at every subgraph alike. The guard reuses the principal.
 */
export function authenticatedContext<
  Req extends { headers: Record<string, string | string[] | undefined> },
>(verifier: TokenVerifier): (argument: { req: Req }) => Promise<AuthenticatedContext<Req>> {
  return async ({ req }) => {
    const authorization = req.headers.authorization;
    const principal = verifier.verify(authorization);
    try {
      const request = currentRequest();
      const verified = await principal;
      if (request) request.actor = actorOf(verified);
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED')
        throw error;
      throw requestError(authorization ? 'invalidToken' : 'noToken', error.message);
    }
    return { req, principal };
  };
}
