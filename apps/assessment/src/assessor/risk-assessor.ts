import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { StreamStateCache, handleCommand } from '@ledger/event-sourcing';
import { CLOCK, Clock } from '../../../reporting/src/clock/clock';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from '../assessment.options';
import { AssessmentReadModels } from '../read-models/assessment-read-models';
import { RISK_CONFIG_2026_1, RiskConfig } from '../risk/domain/risk-config';
import { RiskFlagsState, riskFlagStreamId, riskFlagsDecider } from '../risk/domain/risk-flags';
import { checkRisks } from '../risk/domain/risk-rules';

/**
 * Checks the risk rules of projects whose facts changed, and of every project on a sweep
 * (time-based rules move with the calendar), recording flags as events. Checking is
 * idempotent: unchanged findings record nothing, so a missed or repeated check is harmless.
 */
@Injectable()
export class RiskAssessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RiskAssessor.name);
  private readonly cache = new StreamStateCache<RiskFlagsState>();
  private timer: NodeJS.Timeout | undefined;
  readonly config: RiskConfig = RISK_CONFIG_2026_1;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ASSESSMENT_OPTIONS) private readonly options: AssessmentOptions,
    private readonly readModels: AssessmentReadModels,
  ) {
    readModels.onFactsChanged = (ids) => this.assess(ids).then(() => undefined);
  }

  onApplicationBootstrap(): void {
    if (this.options.sweepIntervalMs > 0) {
      this.timer = setInterval(() => {
        this.assess(null).catch((e: unknown) =>
          this.logger.error(`risk sweep failed: ${String(e)}`),
        );
      }, this.options.sweepIntervalMs);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks the given projects (all when null); returns how many flag events it recorded. */
  async assess(projectIds: string[] | null): Promise<number> {
    const asOf = this.clock.today();
    let recorded = 0;
    let last: bigint | null = null;
    for (const facts of await this.readModels.factsOf(projectIds)) {
      if (facts.approvedOriginal === null) continue; // proposals are not assessed
      const result = await handleCommand(
        this.store,
        riskFlagsDecider,
        riskFlagStreamId(facts.projectId),
        {
          type: 'RecordRiskChecks',
          projectId: facts.projectId,
          asOf,
          configVersion: this.config.version,
          checks: checkRisks(facts, asOf, this.config),
        },
        // One key per project, day and facts: the same check again is a replay, not a duplicate.
        {
          actor: 'assessment:risk-assessor',
          idempotencyKey:
            `risk:${asOf}:${facts.projectId}:${facts.evidence.lastReport ?? ''}:${facts.evidence.lastDisbursement ?? ''}:${facts.evidence.plan ?? ''}:${facts.evidence.lastOverdue ?? ''}:${facts.status}`.slice(
              0,
              100,
            ),
          validAt: `${asOf}T00:00:00+08:00`,
        },
        { cache: this.cache },
      );
      if (result.position !== null && !result.replayed) {
        recorded += 1;
        last = result.position;
      }
    }
    if (last !== null) await this.readModels.projected(last);
    return recorded;
  }
}
