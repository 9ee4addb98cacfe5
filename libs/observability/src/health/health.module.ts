import type { ServerResponse } from 'node:http';
import { Controller, DynamicModule, Get, Inject, Module, Res } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TerminusModule,
} from '@nestjs/terminus';
import { enableProcessMetrics, metricsText } from '../metrics';
import { CheckResult, ReadinessCheck, exposeReadiness, registeredChecks } from './readiness-checks';
import { ReadinessLimits, readinessLimitsFromEnv } from './readiness-limits';

const READINESS_CHECKS = Symbol('ReadinessChecks');

export interface HealthModuleOptions {
  /** Checks beyond what the process's parts register (the gateway's subgraphs). */
  checks?: ReadinessCheck[];
  /** Defaults to READY_MAX_LAG_EVENTS / READY_MAX_LAG_SECONDS, read when the module is made. */
  limits?: ReadinessLimits;
}

/**
 * /health/live (the process answers), /health/ready (503 with terminus's JSON naming what
 * is down) and /metrics (Prometheus text). On the process's own port, outside GraphQL: no
 * token, as probes and scrapers have none; operators restrict the port at the network.
 */
@Controller()
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('health/live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('health/ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    const results = (await Promise.all(this.checks.map((check) => check()))).flat();
    return this.health.check(results.map((result) => () => Promise.resolve(this.indicate(result))));
  }

  @Get('metrics')
  async metrics(@Res() res: ServerResponse): Promise<void> {
    const { contentType, body } = await metricsText();
    res.statusCode = 200;
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  }

  private indicate(result: CheckResult): HealthIndicatorResult {
    const session = this.indicators.check(result.key);
    return result.up ? session.up(result.data) : session.down(result.data);
  }
}

@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    const limits = options.limits ?? readinessLimitsFromEnv();
    enableProcessMetrics();
    const checks = [...registeredChecks(limits), ...(options.checks ?? [])];
    exposeReadiness(checks);
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          useValue: checks,
        },
      ],
    };
  }
}
