import 'reflect-metadata';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { REQUEST_BODY_LIMIT } from '@ledger/api/subgraph-host';
import { AuthModule, authConfigFromEnv } from '@ledger/auth';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { planningOptionsFromEnv } from '../../planning/src/planning.options';
import { reportingOptionsFromEnv } from '../../reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../../assessment/src/assessment.options';
import { AppModule } from './app.module';
import { GatewayModule } from './gateway/gateway.module';
import { SUBGRAPHS, SubgraphName } from './subgraphs';

/** Distributed mode: the gateway alone, in front of subgraphs at PLANNING_URL and so on. */
@Module({})
class GatewayOnly {
  static forRoot(urls: Record<SubgraphName, string>): DynamicModule {
    return {
      module: GatewayOnly,
      imports: [
        AuthModule.forRoot(authConfigFromEnv()),
        GatewayModule.forRoot((name) => ({ url: urls[name] })),
      ],
    };
  }
}

function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<SubgraphName, string> | null {
  const variable = (name: SubgraphName) => `${name.toUpperCase()}_URL`;
  const given = SUBGRAPHS.filter((name) => env[variable(name)]);
  if (given.length === 0) return null;
  if (given.length !== SUBGRAPHS.length) {
    throw new Error(`set all of ${SUBGRAPHS.map(variable).join(', ')} or none (standalone)`);
  }
  return Object.fromEntries(SUBGRAPHS.map((n) => [n, env[variable(n)]!])) as Record<
    SubgraphName,
    string
  >;
}

async function bootstrap(): Promise<void> {
  const urls = subgraphUrlsFromEnv(process.env);
  const store = eventStoreConfigFromEnv();
  const root = urls
    ? GatewayOnly.forRoot(urls)
    : AppModule.forRoot({
        store,
        planning: planningOptionsFromEnv(),
        reporting: reportingOptionsFromEnv(),
        assessment: assessmentOptionsFromEnv(),
        auth: authConfigFromEnv(),
        ...(process.env.READ_MODEL_DATABASE_URL
          ? { readModelDatabaseUrl: process.env.READ_MODEL_DATABASE_URL }
          : {}),
      });
  const app = await NestFactory.create<NestExpressApplication>(root, { bodyParser: false });
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? '4000');
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  Logger.log(
    urls
      ? `gateway on ${await app.getUrl()}/graphql over ${Object.values(urls).join(', ')}`
      : `Progress Ledger on ${await app.getUrl()}/graphql (event store: ${store.adapter}); a token: npm run token -- --role supervisor`,
    'Bootstrap',
  );
}

void bootstrap();
