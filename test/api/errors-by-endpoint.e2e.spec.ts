import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { REQUEST_ERRORS, RequestErrorCase, RequestErrorRow, useClientBodyLimit } from '@ledger/api';
import { createSubgraphApp } from '@ledger/api/subgraph-host';
import { databaseUrl, requirePostgres, uniqueSchemaName } from '@ledger/testing';
import { PLANNING_SCHEMA, PlanningModule } from '../../apps/planning/src/planning.module';
import { planningOptionsFromEnv } from '../../apps/planning/src/planning.options';
import { REPORTING_SCHEMA, ReportingModule } from '../../apps/reporting/src/reporting.module';
import { reportingOptionsFromEnv } from '../../apps/reporting/src/reporting.options';
import { ASSESSMENT_SCHEMA, AssessmentModule } from '../../apps/assessment/src/assessment.module';
import { assessmentOptionsFromEnv } from '../../apps/assessment/src/assessment.options';
import { AUDIT_SCHEMA, AuditModule } from '../../apps/audit/src/audit.module';
import {
  GatewayOnlyModule,
  subgraphUrlsFromEnv,
} from '../../apps/gateway/src/gateway/gateway-only.module';
import { SUBGRAPHS, SubgraphName } from '../../apps/gateway/src/subgraphs';
import { heatingProjectProposal } from '../support/heating-project';
import { dropSchemas } from '../support/processes';
import { RunningApp, startStandalone } from '../support/standalone-app';

/**
 * One table of request errors (libs/api/src/graphql-http.ts), and every GraphQL endpoint of
 * the ledger answering it alike, over real HTTP: standalone's /graphql, the gateway alone
 * (distributed mode) and each subgraph's own /graphql as `npm run start:<service>` serves
 * it. Each request is sent asking for `application/json` and for
 * `application/graphql-response+json`: the status is the same, the Content-Type follows.
 */

type Who = Partial<TokenRequest> | 'none' | 'malformed' | 'expired' | 'another key';

interface Sent {
  method?: string;
  /** Content-Type; null: none at all. Default application/json. */
  contentType?: string | null;
  accept?: string;
  body?: string;
  search?: string;
  /** A GET carries Apollo's preflight header unless false (a request a browser could forge). */
  preflight?: false;
  as?: Who;
}

/** What differs by endpoint: fields only some subgraphs have. */
interface Endpoint {
  name: string;
  url: string;
  /** A field a supervisor (or a region) may not read there, and who asks. */
  forbidden: { query: string; as: Partial<TokenRequest> };
  /** A field whose resolver refuses its argument. */
  badInput: string;
  /** A mutation there (the audit subgraph has none). */
  mutation: string | null;
}

const OFFICE: Partial<TokenRequest> = { role: 'planning_office' };
const SUPERVISOR: Partial<TokenRequest> = { role: 'supervisor' };
const REGION: Partial<TokenRequest> = { role: 'region', region: 'changchun' };
const AUDITOR: Partial<TokenRequest> = { role: 'auditor' };

const post = (query: unknown, extra: Partial<Sent> = {}): Sent => ({
  body: JSON.stringify(query),
  ...extra,
});

/** Each request and the row of the table it must be answered with, at every endpoint. */
const CASES: Array<{ label: string; row: RequestErrorCase; send: (at: Endpoint) => Sent | null }> =
  [
    {
      label: 'no token',
      row: 'noToken',
      send: () => post({ query: '{ __typename }' }, { as: 'none' }),
    },
    {
      label: 'no token, for a field of the endpoint',
      row: 'noToken',
      send: (at) => post({ query: at.badInput }, { as: 'none' }),
    },
    {
      label: 'a token that is no JWT',
      row: 'invalidToken',
      send: () => post({ query: '{ __typename }' }, { as: 'malformed' }),
    },
    {
      label: 'an expired token',
      row: 'invalidToken',
      send: () => post({ query: '{ __typename }' }, { as: 'expired' }),
    },
    {
      label: 'a token signed by another key',
      row: 'invalidToken',
      send: () => post({ query: '{ __typename }' }, { as: 'another key' }),
    },
    {
      label: 'a body over every limit (2.5 MB)',
      row: 'payloadTooLarge',
      send: () => post({ query: '{ __typename }', variables: { x: 'z'.repeat(2_500_000) } }),
    },
    {
      label: 'a body that is not JSON',
      row: 'malformedBody',
      send: () => ({ body: '{"query": "{ __typename }"' }),
    },
    { label: 'no query', row: 'badRequest', send: () => post({ variables: {} }) },
    { label: 'an empty body', row: 'badRequest', send: () => ({ body: '' }) },
    {
      label: 'a GET without a preflight header (CSRF)',
      row: 'badRequest',
      send: () => ({
        method: 'GET',
        contentType: null,
        preflight: false,
        search: `?query=${encodeURIComponent('{ __typename }')}`,
      }),
    },
    { label: 'a batch', row: 'badRequest', send: () => post([{ query: '{ __typename }' }]) },
    {
      label: 'a query that does not parse',
      row: 'parseFailed',
      send: () => post({ query: '{ __typename' }),
    },
    {
      label: 'a field the schema does not have',
      row: 'validationFailed',
      send: () => post({ query: '{ noSuchField }' }),
    },
    {
      label: 'an operationName the document does not have',
      row: 'unknownOperation',
      send: () => post({ query: 'query A { __typename }', operationName: 'B' }),
    },
    {
      label: 'a variable holding a NUL',
      row: 'badVariables',
      send: () =>
        post({
          query: 'query ($s: String!) { __type(name: $s) { name } }',
          variables: { s: 'a\u0000b' },
        }),
    },
    {
      label: 'an XML body',
      row: 'unsupportedMediaType',
      send: () => ({ contentType: 'application/xml', body: '<query/>' }),
    },
    {
      label: 'a text/plain body',
      row: 'unsupportedMediaType',
      send: () => post({ query: '{ __typename }' }, { contentType: 'text/plain' }),
    },
    {
      label: 'JSON in a charset other than UTF-8',
      row: 'unsupportedMediaType',
      send: () =>
        post({ query: '{ __typename }' }, { contentType: 'application/json; charset=latin1' }),
    },
    {
      label: 'a POST without Content-Type',
      row: 'unsupportedMediaType',
      send: () => post({ query: '{ __typename }' }, { contentType: null }),
    },
    {
      label: 'PUT',
      row: 'methodNotAllowed',
      send: () => post({ query: '{ __typename }' }, { method: 'PUT' }),
    },
    {
      label: 'DELETE',
      row: 'methodNotAllowed',
      send: () => ({ method: 'DELETE', contentType: null }),
    },
    {
      label: 'an Accept of neither JSON type',
      row: 'notAcceptable',
      send: () => post({ query: '{ __typename }' }, { accept: 'application/xml' }),
    },
    {
      label: 'a mutation over GET',
      row: 'mutationOverGet',
      send: (at) =>
        at.mutation === null
          ? null
          : {
              method: 'GET',
              contentType: null,
              search: `?query=${encodeURIComponent(at.mutation)}`,
            },
    },
    {
      label: 'a field the role may not read',
      row: 'forbiddenField',
      send: (at) => post({ query: at.forbidden.query }, { as: at.forbidden.as }),
    },
    {
      label: 'an argument the resolver refuses',
      row: 'badUserInput',
      send: (at) => post({ query: at.badInput }, { as: AUDITOR }),
    },
  ];

type Answer = { data?: unknown; errors?: unknown; statusCode?: unknown };

function jsonOf(text: string): Answer | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}

const ACCEPTS = ['application/json', 'application/graphql-response+json'] as const;

const GATEWAY = {
  forbidden: { query: '{ eventLog(first: 1) { edges { cursor } } }', as: SUPERVISOR },
  badInput: '{ projects(first: 1000) { totalCount } }',
  mutation: 'mutation { checkRisks }',
};

/** The subgraph's own requests: each field lives in one of them. */
const AT_SUBGRAPH: Record<SubgraphName, Omit<Endpoint, 'name' | 'url'>> = {
  planning: {
    forbidden: {
      query: `mutation { cancelProject(input: { idempotencyKey: "errors-table", projectId: "none", date: "2021-01-01", reason: "table" }) { replayed } }`,
      as: SUPERVISOR,
    },
    badInput: '{ projects(first: 1000) { totalCount } }',
    mutation: 'mutation { __typename }',
  },
  reporting: {
    forbidden: { query: '{ monthlySummary(period: "2021-06") { networkCode } }', as: REGION },
    badInput: '{ monthlySummary(period: "2021-13") { networkCode } }',
    mutation: 'mutation { __typename }',
  },
  assessment: {
    forbidden: { query: 'mutation { checkRisks }', as: SUPERVISOR },
    badInput: '{ riskFlags(first: 1000) { rule } }',
    mutation: 'mutation { __typename }',
  },
  audit: {
    forbidden: GATEWAY.forbidden,
    badInput: '{ eventLog(first: 1000) { edges { cursor } } }',
    mutation: null,
  },
};

const distributed = requirePostgres('errors by endpoint (distributed mode)');

describe('every GraphQL endpoint answers request errors after the same table', () => {
  let standalone: RunningApp;
  const apps: INestApplication[] = [];
  const endpoints: Endpoint[] = [];
  const schema = uniqueSchemaName('errors');
  const otherKeyDir = mkdtempSync(join(tmpdir(), 'ledger-errors-other-key-'));
  let tokens: Record<'expired' | 'another key', string>;

  beforeAll(async () => {
    // With the plan: the command below names one of its networks.
    standalone = await startStandalone();
    endpoints.push({ name: 'standalone /graphql', url: standalone.url, ...GATEWAY });
    tokens = {
      expired: await standalone.token({ ...OFFICE, ttlSeconds: -120 }),
      'another key': await mintLocalToken(
        await loadOrCreateLocalKey(otherKeyDir),
        LOCAL_ISSUER,
        DEFAULT_AUDIENCE,
        { role: 'planning_office', subject: 'errors' },
      ),
    };
    if (!distributed) return;
    // Distributed mode: each service its own app over one store, as its main.ts serves it,
    // with the standalone app's key (in production all read the issuer's JWKS).
    const env: NodeJS.ProcessEnv = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: databaseUrl(),
      DATABASE_POOL_SIZE: '2',
      EVENT_STORE_SCHEMA: schema,
      PLANNING_SCHEMA: `${schema}_planning`,
      REPORTING_SCHEMA: `${schema}_reporting`,
      ASSESSMENT_SCHEMA: `${schema}_assessment`,
      LOAD_SEED: 'false',
      DEADLINE_CHECK_INTERVAL_MS: '0',
      RISK_SWEEP_INTERVAL_MS: '0',
      AUTH_KEY_DIR: join(standalone.dataDir, 'auth'),
    };
    const services = {
      planning: () =>
        createSubgraphApp(
          'planning',
          () => PlanningModule.forRoot(planningOptionsFromEnv(env)),
          PLANNING_SCHEMA,
          env,
          ['error', 'warn'],
        ),
      reporting: () =>
        createSubgraphApp(
          'reporting',
          (clock) => ReportingModule.forRoot(reportingOptionsFromEnv(env), clock),
          REPORTING_SCHEMA,
          env,
          ['error', 'warn'],
        ),
      assessment: () =>
        createSubgraphApp(
          'assessment',
          (clock) => AssessmentModule.forRoot(assessmentOptionsFromEnv(env), clock),
          ASSESSMENT_SCHEMA,
          env,
          ['error', 'warn'],
        ),
      audit: () =>
        createSubgraphApp('audit', () => ({ module: AuditModule }), AUDIT_SCHEMA, env, [
          'error',
          'warn',
        ]),
    } satisfies Record<SubgraphName, () => Promise<NestExpressApplication>>;
    const urls: Record<string, string> = {};
    // One after another: they migrate the same store.
    for (const name of SUBGRAPHS) {
      const app = await services[name]();
      apps.push(app);
      await app.listen(0, '127.0.0.1');
      const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
      urls[`${name.toUpperCase()}_URL`] = url;
      endpoints.push({ name: `${name} subgraph /graphql`, url, ...AT_SUBGRAPH[name] });
    }
    // The gateway alone, as main.ts starts it when the subgraph URLs are set.
    const gateway = await NestFactory.create<NestExpressApplication>(
      GatewayOnlyModule.forRoot(subgraphUrlsFromEnv(urls)!, {
        kind: 'local',
        keyDirectory: env.AUTH_KEY_DIR!,
        issuer: LOCAL_ISSUER,
        audience: DEFAULT_AUDIENCE,
      }),
      { bodyParser: false, logger: ['error', 'warn'] },
    );
    useClientBodyLimit(gateway);
    apps.push(gateway);
    await gateway.listen(0, '127.0.0.1');
    endpoints.push({
      name: 'distributed gateway /graphql',
      url: `${(await gateway.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`,
      ...GATEWAY,
    });
  }, 180_000);

  afterAll(async () => {
    // The gateway first, then the subgraphs behind it.
    for (const app of apps.reverse()) await app.close();
    await standalone?.close();
    rmSync(otherKeyDir, { recursive: true, force: true });
    if (distributed) await dropSchemas(schema);
  });

  const authorization = async (who: Who): Promise<Record<string, string>> => {
    switch (who) {
      case 'none':
        return {};
      case 'malformed':
        return { authorization: 'Bearer not-a-jwt' };
      case 'expired':
      case 'another key':
        return { authorization: `Bearer ${tokens[who]}` };
      default:
        return { authorization: `Bearer ${await standalone.token(who)}` };
    }
  };

  /** Where the answer differs from the row, in words; empty when it matches. */
  async function mismatches(
    at: Endpoint,
    sent: Sent,
    accept: string,
    row: RequestErrorRow,
  ): Promise<string[]> {
    const headers: Record<string, string> = {
      accept: sent.accept ?? accept,
      ...(await authorization(sent.as ?? OFFICE)),
    };
    const contentType = sent.contentType === undefined ? 'application/json' : sent.contentType;
    if (contentType !== null) headers['content-type'] = contentType;
    if (sent.method === 'GET' && sent.preflight !== false)
      headers['apollo-require-preflight'] = 'true';
    const response = await fetch(`${at.url}${sent.search ?? ''}`, {
      method: sent.method ?? 'POST',
      headers,
      ...(sent.body === undefined ? {} : { body: sent.body }),
    });
    const text = await response.text();
    const wrong: string[] = [];
    if (response.status !== row.status) wrong.push(`status ${response.status}, not ${row.status}`);
    // The type asked for, or JSON when the Accept allows neither.
    const type = sent.accept === undefined ? accept : 'application/json';
    const answered = response.headers.get('content-type') ?? '';
    if (!answered.startsWith(type)) wrong.push(`Content-Type "${answered}", not ${type}`);
    for (const [name, value] of Object.entries(row.headers ?? {})) {
      const got = response.headers.get(name);
      if (got !== value) wrong.push(`${name}: ${String(got)}, not ${value}`);
    }
    const body = jsonOf(text);
    if (body === null) wrong.push('a body that is not JSON');
    if (body !== null) {
      const errors = Array.isArray(body.errors) ? (body.errors as unknown[]) : [];
      const codes = errors.map((e) => (e as { extensions?: { code?: unknown } }).extensions?.code);
      if (errors.length === 0) wrong.push('no GraphQL errors');
      if (codes[0] !== row.code) wrong.push(`code ${String(codes[0])}, not ${row.code}`);
      if (!errors.every((e) => typeof (e as { message?: unknown }).message === 'string'))
        wrong.push('an error without a message');
      if ('statusCode' in body) wrong.push('the framework’s { statusCode, message }');
      if ((row.executed === true) !== 'data' in body)
        wrong.push(row.executed ? 'no data entry after execution' : 'a data entry, not executed');
    }
    if (/stacktrace|\n\s+at |<html/i.test(text)) wrong.push('a stack or a page in the body');
    return wrong.map((w) => `${at.name}, ${accept}: ${w} (${text.slice(0, 160)})`);
  }

  it('is the table the README documents', () => {
    const summary = Object.fromEntries(
      Object.entries(REQUEST_ERRORS).map(([name, row]) => [name, `${row.status} ${row.code}`]),
    );
    expect(summary).toEqual({
      methodNotAllowed: '405 METHOD_NOT_ALLOWED',
      unsupportedMediaType: '415 UNSUPPORTED_MEDIA_TYPE',
      payloadTooLarge: '413 PAYLOAD_TOO_LARGE',
      malformedBody: '400 BAD_REQUEST',
      notAcceptable: '406 NOT_ACCEPTABLE',
      badRequest: '400 BAD_REQUEST',
      mutationOverGet: '405 METHOD_NOT_ALLOWED',
      noToken: '401 UNAUTHENTICATED',
      invalidToken: '401 UNAUTHENTICATED',
      parseFailed: '400 GRAPHQL_PARSE_FAILED',
      validationFailed: '400 GRAPHQL_VALIDATION_FAILED',
      unknownOperation: '400 OPERATION_RESOLUTION_FAILURE',
      badVariables: '400 BAD_USER_INPUT',
      forbiddenField: '200 FORBIDDEN',
      badUserInput: '200 BAD_USER_INPUT',
      internalError: '500 INTERNAL_SERVER_ERROR',
    });
  });

  it('serves every endpoint this test means to check', () => {
    expect(endpoints.map((e) => e.name)).toEqual([
      'standalone /graphql',
      ...(distributed
        ? [...SUBGRAPHS.map((name) => `${name} subgraph /graphql`), 'distributed gateway /graphql']
        : []),
    ]);
  });

  it('refuses a command whose answer the client cannot read before it runs, not after', async () => {
    const projectId = `errors-406-${process.pid}`;
    const command = {
      query: `mutation($input: ProposeProjectInput!) { proposeProject(input: $input) { replayed } }`,
      variables: { input: heatingProjectProposal(projectId, `${projectId}-propose`) },
    };
    const refused = await fetch(standalone.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/xml',
        ...(await authorization(OFFICE)),
      },
      body: JSON.stringify(command),
    });
    expect(refused.status).toBe(406);
    // Sent again as a client that reads JSON: the first time for the ledger, not a replay.
    const sent = await standalone.graphql<{ proposeProject: { replayed: boolean } }>(
      command.query,
      command.variables,
    );
    expect(sent).toEqual({ data: { proposeProject: { replayed: false } } });
  });

  it.each(CASES)('$label: $row', async ({ row, send }) => {
    const wrong: string[] = [];
    for (const at of endpoints) {
      const sent = send(at);
      if (sent === null) continue;
      for (const accept of ACCEPTS)
        wrong.push(...(await mismatches(at, sent, accept, REQUEST_ERRORS[row])));
    }
    expect(wrong).toEqual([]);
  });
});
