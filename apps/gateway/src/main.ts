// First: tracing (when on) must hook http, pg, kafkajs and graphql before anything loads them.
import '@ledger/observability/tracing/register';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { failedToStart, useClientBodyLimit, useStandaloneBodyLimits } from '@ledger/api';
import {
  JsonLogger,
  logLevelFromEnv,
  requestContextMiddleware,
} from '@ledger/observability/logging';
import { TracingShutdown, processNameOf } from '@ledger/observability/tracing';
import { authConfigFromEnv } from '@ledger/auth';
import {
  ledgerClockFromEnv,
  listenAddressFromEnv,
  postgresUrlSetting,
} from '@ledger/domain-kernel';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { planningOptionsFromEnv } from '../../planning/src/planning.options';
import { reportingOptionsFromEnv } from '../../reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../../assessment/src/assessment.options';
import { AppModule } from './app.module';
import { GatewayOnlyModule, subgraphUrlsFromEnv } from './gateway/gateway-only.module';
import { SUBGRAPHS_PREFIX } from './subgraphs';

async function bootstrap(): Promise<void> {
  const logger = new JsonLogger(
    processNameOf(process.argv[1] ?? '', process.env),
    logLevelFromEnv(process.env),
  );
  // LEDGER_CLOCK with NODE_ENV=production is refused before anything opens.
  const clock = ledgerClockFromEnv(process.env);
  const urls = subgraphUrlsFromEnv(process.env);
  const store = eventStoreConfigFromEnv();
  const address = listenAddressFromEnv(process.env, 4000);
  const readModelDatabaseUrl = postgresUrlSetting(process.env, 'READ_MODEL_DATABASE_URL');
  const root = urls
    ? GatewayOnlyModule.forRoot(urls, authConfigFromEnv())
    : AppModule.forRoot({
        store,
        planning: planningOptionsFromEnv(),
        reporting: reportingOptionsFromEnv(),
        assessment: assessmentOptionsFromEnv(),
        auth: authConfigFromEnv(),
        clock,
        ...(readModelDatabaseUrl ? { readModelDatabaseUrl } : {}),
      });
  const app = await NestFactory.create<NestExpressApplication>(
    { ...root, providers: [...(root.providers ?? []), TracingShutdown] },
    { bodyParser: false, logger },
  );
  app.use(requestContextMiddleware());
  // The gateway alone forwards to remote subgraphs; standalone also hosts them under /subgraphs.
  if (urls) useClientBodyLimit(app);
  else useStandaloneBodyLimits(app, SUBGRAPHS_PREFIX);
  app.enableShutdownHooks();
  await app.listen(address.port, address.host);
  Logger.log(
    urls
      ? `gateway on ${await app.getUrl()}/graphql over ${Object.values(urls).join(', ')}`
      : `Progress Ledger: the console on ${await app.getUrl()}/, GraphQL on ${await app.getUrl()}/graphql (event store: ${store.adapter}); a token: npm run token -- --role supervisor`,
    'Bootstrap',
  );
  if (clock.setting && !urls) {
    Logger.warn(
      `ledger clock set to ${clock.now().toISOString()} (${clock.setting.advancing ? 'advancing' : 'frozen'}, LEDGER_CLOCK): deadlines, risk checks and recorded times follow it`,
      'Bootstrap',
    );
  }
}

bootstrap().catch((error: unknown) => failedToStart('gateway', error));
