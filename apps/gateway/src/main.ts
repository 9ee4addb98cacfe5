import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventStoreConfigFromEnv } from '@ledger/event-store';
import { planningOptionsFromEnv } from '../../planning/src/planning.options';
import { reportingOptionsFromEnv } from '../../reporting/src/reporting.options';
import { assessmentOptionsFromEnv } from '../../assessment/src/assessment.options';
import { AppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const store = eventStoreConfigFromEnv();
  const app = await NestFactory.create(
    AppModule.forRoot({
      store,
      planning: planningOptionsFromEnv(),
      reporting: reportingOptionsFromEnv(),
      assessment: assessmentOptionsFromEnv(),
      ...(process.env.READ_MODEL_DATABASE_URL
        ? { readModelDatabaseUrl: process.env.READ_MODEL_DATABASE_URL }
        : {}),
    }),
  );
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? '4000');
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  Logger.log(
    `Progress Ledger on ${await app.getUrl()}/graphql (event store: ${store.adapter})`,
    'Bootstrap',
  );
}

void bootstrap();
