import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { Test } from '@nestjs/testing';
import {
  AuthConfig,
  DEFAULT_AUDIENCE,
  LOCAL_ISSUER,
  TokenRequest,
  loadOrCreateLocalKey,
  mintLocalToken,
} from '@ledger/auth';
import { EventStoreConfig } from '@ledger/event-store';
import { AppModule } from '../../apps/gateway/src/app.module';
import { SUBGRAPHS_PREFIX } from '../../apps/gateway/src/subgraphs';
import { useStandaloneBodyLimits } from '@ledger/api';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Clock } from '@ledger/domain-kernel';
import { databaseUrl, uniqueSchemaName } from '@ledger/testing';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface RunningApp {
  app: INestApplication;
  url: string;
  /** Where this app keeps its files (and its signing key, under auth/). */
  dataDir: string;
  /** POSTs a GraphQL operation as a real client would, over HTTP. */
  /** As the planning office unless `as` names another role (null: no token at all). */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    as?: Partial<TokenRequest> | null,
  ): Promise<GraphQLResponse<T>>;
  /** A token signed with this app's standalone key. */
  token(request: Partial<TokenRequest>): Promise<string>;
  close(): Promise<void>;
}

/** Whether PostgreSQL answers at DATABASE_URL: asked once per test file. */
let postgresAnswers: Promise<boolean> | undefined;
function postgresIsThere(): Promise<boolean> {
  postgresAnswers ??= (async () => {
    const client = new Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      return false;
    }
  })();
  return postgresAnswers;
}

/**
 * The store of a test that names none: PostgreSQL in schemas of its own, dropped on close
 * (a PGlite opens in ~5 s of CPU against ~0.3 s, and most suites open one), or PGlite in the
 * test's folder where no PostgreSQL answers or LEDGER_TEST_STORE=pglite asks for it. Each
 * adapter's own behaviour is its contract suites' and the suites that name a store.
 */
async function defaultStore(dataDir: string): Promise<EventStoreConfig> {
  if (process.env.LEDGER_TEST_STORE !== 'pglite' && (await postgresIsThere())) {
    return {
      adapter: 'postgres',
      connectionString: databaseUrl(),
      schema: uniqueSchemaName('store'),
      poolSize: 5,
    };
  }
  return { adapter: 'pglite', dataDir };
}

/**
 * Boots the standalone process on a random port: on the store `options.store` names, on
 * PGlite in `options.dataDir` when only that is given (what survives a restart), else on
 * `defaultStore`.
 */
export async function startStandalone(
  options: {
    store?: EventStoreConfig;
    loadSeed?: boolean;
    schema?: string;
    dataDir?: string;
    clock?: Clock;
    /** PGlite in the test's own folder, whatever `defaultStore` would choose. */
    pglite?: boolean;
  } = {},
): Promise<RunningApp> {
  // A caller that passes its own folder keeps it: it is testing what survives a restart.
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const store: EventStoreConfig =
    options.store ??
    (options.dataDir !== undefined || options.pglite
      ? { adapter: 'pglite', dataDir }
      : await defaultStore(dataDir));
  // Read models in schemas of their own on a shared PostgreSQL, unless the test names them.
  const schema =
    options.schema ??
    (store.adapter === 'postgres' && !options.store ? uniqueSchemaName('rm') : 'planning');
  const auth: AuthConfig = {
    kind: 'local',
    keyDirectory: join(dataDir, 'auth'),
    issuer: LOCAL_ISSUER,
    audience: DEFAULT_AUDIENCE,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        store,
        planning: {
          readModelSchema: schema,
          loadSeed: options.loadSeed ?? true,
        },
        reporting: {
          readModelSchema: `${schema}_reporting`,
          deadlineCheckIntervalMs: 0,
        },
        assessment: {
          readModelSchema: `${schema}_assessment`,
          sweepIntervalMs: 0,
        },
        auth,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  // As npm start sets them up: the subgraphs take what the gateway forwards them.
  useStandaloneBodyLimits(app, SUBGRAPHS_PREFIX);
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/graphql`;
  const key = await loadOrCreateLocalKey(auth.keyDirectory);
  const token = (request: Partial<TokenRequest>) =>
    mintLocalToken(key, auth.issuer, auth.audience, {
      role: 'planning_office',
      subject: 'test',
      ...request,
    });
  return {
    app,
    url,
    dataDir,
    token,
    async graphql<T>(
      query: string,
      variables: Record<string, unknown> = {},
      as: Partial<TokenRequest> | null = {},
    ) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(as === null ? {} : { authorization: `Bearer ${await token(as)}` }),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    },
    async close() {
      await app.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      // A PostgreSQL run leaves nothing behind in the shared test database.
      if (store.adapter === 'postgres') {
        const client = new Client({ connectionString: store.connectionString });
        await client.connect();
        try {
          for (const name of [
            store.schema,
            schema,
            `${schema}_reporting`,
            `${schema}_assessment`,
          ]) {
            await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
          }
        } finally {
          await client.end();
        }
      }
    },
  };
}
