import 'reflect-metadata';
import {
  JsonLogger,
  logLevelFromEnv,
  requestContextMiddleware,
} from '@ledger/observability/logging';
import { TracingShutdown } from '@ledger/observability/tracing';
import { DynamicModule, LogLevel, Logger, Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AsOfModule, ReadModelModule } from '@ledger/event-sourcing';
import { EventStoreModule, eventStoreConfigFromEnv } from '@ledger/event-store';
import { ProjectionFeedsModule, projectionSourceFromEnv } from '@ledger/messaging';
import { AuthModule, authConfigFromEnv } from '@ledger/auth';
import {
  Clock,
  ledgerClockFromEnv,
  listenAddressFromEnv,
  postgresUrlSetting,
} from '@ledger/domain-kernel';
import { failedToStart } from './start-failure';
import { HealthModule, readinessLimitsFromEnv } from '@ledger/observability';
import { GRAPHQL_PATH, useSubgraphBodyLimit } from './body-limits';
import { GraphQLErrorFilter } from './graphql-error.filter';
import { SubgraphSchema, subgraphGraphQLModule } from './subgraph-graphql';

/** A service's module, given the process's one clock (LEDGER_CLOCK, else the system's). */
export type ServiceFeature = (clock: Clock) => DynamicModule;

/** Distributed mode: one service alone, as a Federation 2 subgraph over the shared store. */
@Module({})
class SubgraphHost {
  static forRoot(
    name: string,
    featureWith: ServiceFeature,
    schema: SubgraphSchema,
    env: NodeJS.ProcessEnv,
  ): DynamicModule {
    const readModelUrl = postgresUrlSetting(env, 'READ_MODEL_DATABASE_URL');
    const store = eventStoreConfigFromEnv(env);
    // Read once, here: the store, the as-of views and the service all keep this one clock.
    const clock = ledgerClockFromEnv(env);
    const feature = featureWith(clock);
    return {
      module: SubgraphHost,
      imports: [
        EventStoreModule.forRoot(store, clock.setting ? { clock: clock.setting } : {}),
        ReadModelModule.forRoot(readModelUrl ? { separateDatabaseUrl: readModelUrl } : {}),
        // PROJECTION_SOURCE=kafka: read models consume the topics instead of the store.
        ProjectionFeedsModule.forRoot(projectionSourceFromEnv(env), `progress-ledger-${name}`),
        // Every subgraph verifies the token itself: reaching one directly bypasses nothing.
        AuthModule.forRoot(authConfigFromEnv(env)),
        // History and as-of views replay the store in this process.
        AsOfModule.forRoot(store),
        CqrsModule.forRoot(),
        feature,
        subgraphGraphQLModule({ path: GRAPHQL_PATH, module: feature.module, schema }),
        // Its store, its projections or Kafka consumers: /health/ready and /metrics.
        HealthModule.forRoot({ limits: readinessLimitsFromEnv(env) }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorFilter }, TracingShutdown],
    };
  }
}

/**
 * One service's process, not yet listening: its store, read models, auth and subgraph at
 * /graphql, configured from `env` as `npm run start:<service>` configures it.
 */
export async function createSubgraphApp(
  name: string,
  feature: ServiceFeature,
  schema: SubgraphSchema,
  env: NodeJS.ProcessEnv = process.env,
  logger?: LogLevel[],
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    SubgraphHost.forRoot(name, feature, schema, env),
    // Nest's console logger at the levels a test asks for; JSON lines otherwise.
    { bodyParser: false, logger: logger ?? new JsonLogger(name, logLevelFromEnv(env)) },
  );
  app.use(requestContextMiddleware());
  useSubgraphBodyLimit(app);
  return app;
}

export async function serveSubgraph(
  name: string,
  feature: ServiceFeature,
  schema: SubgraphSchema,
  port: number,
): Promise<void> {
  try {
    // Read first: a wrong PORT or HOST stops the start before the store is opened.
    const address = listenAddressFromEnv(process.env, port);
    const app = await createSubgraphApp(name, feature, schema);
    app.enableShutdownHooks();
    await app.listen(address.port, address.host);
    Logger.log(`${name} subgraph on ${await app.getUrl()}/graphql`, 'Bootstrap');
  } catch (error) {
    failedToStart(name, error);
  }
}
