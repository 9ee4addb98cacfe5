import { DynamicModule, Module } from '@nestjs/common';
import { AuthConfig, AuthModule } from '@ledger/auth';
import { SettingError, urlSetting } from '@ledger/domain-kernel';
import { HealthModule, reachable } from '@ledger/observability';
import { ConsoleHostModule } from '../console-host/console-host.module';
import { SUBGRAPHS, SubgraphName } from '../subgraphs';
import { LiveKafkaSource, liveKafkaSourceFromEnv } from '../live/kafka-change-feed';
import { LiveFeedModule } from '../live/live.module';
import { GatewayModule } from './gateway.module';

/**
 * Distributed mode: the gateway alone, in front of subgraphs at PLANNING_URL and so on, and
 * the console beside it.
 */
@Module({})
export class GatewayOnlyModule {
  /** `live`: the topics live notices come from (KAFKA_BROKERS); without, live updates are off. */
  static forRoot(
    urls: Record<SubgraphName, string>,
    auth: AuthConfig,
    live: LiveKafkaSource | null = liveKafkaSourceFromEnv(process.env),
  ): DynamicModule {
    return {
      module: GatewayOnlyModule,
      imports: [
        AuthModule.forRoot(auth),
        LiveFeedModule.fromKafka(live),
        GatewayModule.forRoot((name) => ({ url: urls[name] })),
        ConsoleHostModule.forRoot(auth),
        // Ready when every subgraph answers: without one, the graph cannot be served.
        HealthModule.forRoot({
          checks: SUBGRAPHS.map((name) => reachable(name, urls[name])),
        }),
      ],
    };
  }
}

export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<SubgraphName, string> | null {
  const variable = (name: SubgraphName) => `${name.toUpperCase()}_URL`;
  const given = SUBGRAPHS.filter((name) => env[variable(name)]);
  if (given.length === 0) return null;
  if (given.length !== SUBGRAPHS.length) {
    throw new SettingError(`set all of ${SUBGRAPHS.map(variable).join(', ')} or none (standalone)`);
  }
  return Object.fromEntries(
    SUBGRAPHS.map((n) => [n, urlSetting(env, variable(n), ['http:', 'https:'])!.toString()]),
  ) as Record<SubgraphName, string>;
}
