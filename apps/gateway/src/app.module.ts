import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@ledger/observability';
import { ConsoleHostModule } from './console-host/console-host.module';
import { GatewayModule, onThisServer } from './gateway/gateway.module';
import { ServicesModule, ServicesOptions } from './services.module';

export type StandaloneOptions = ServicesOptions;

/**
 * Standalone mode: the gateway and the three services in one process behind one URL
 * (/graphql). The gateway composes the services' subgraphs exactly as it does when each
 * runs on its own; the console is served beside it, at /.
 */
@Module({})
export class AppModule {
  static forRoot(options: StandaloneOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServicesModule.forRoot(options),
        GatewayModule.forRoot(onThisServer),
        ConsoleHostModule.forRoot(options.auth),
        // One /health and /metrics for the whole process: its store, every projection.
        HealthModule.forRoot(),
      ],
    };
  }
}
