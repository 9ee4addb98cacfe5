import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { StreamStateCache, handleCommand } from '@ledger/event-sourcing';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import { recordAssessmentLag } from '@ledger/observability';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from '../../assessment.options';
import { AssessmentReadModels } from '../../read-models/assessment-read-models';
import { ProjectFacts } from '../domain/project-facts';
import { RISK_CONFIG_2026_1, RiskConfig } from '../domain/risk-config';
import {
  RiskFlagsState,
  SubjectKind,
  riskFlagStreamId,
  riskFlagsDecider,
} from '../domain/risk-flags';
import { RuleCheck, checkDebtConcentration, checkRisks } from '../domain/risk-rules';

/**
 * What a group's debt concentration is checked from, as the key of one check: every input
 * of the rule (a project's plan and approval come with the ids of the events that set them).
 * Funding plans alone are not enough: a project cancelled (or a plan changed and changed
 * back) the same day would give the key of an earlier check, and the new figures be lost.
 */
const groupBasis = (group: readonly ProjectFacts[]): unknown =>
  group.map((f) => [f.projectId, f.status, f.evidence.plan, f.evidence.approval, f.fundingPlan]);

/**
 * Checks the risk rules of projects whose facts changed, and of every project on a sweep
 * (time-based rules move with the calendar), recording flags as events. Checking is
 * idempotent: unchanged findings record nothing, so a missed or repeated check is harmless.
 */
@Injectable()
export class RiskAssessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RiskAssessor.name);
  private readonly cache = new StreamStateCache<RiskFlagsState>();
  /**
   * Each project's part of its groups' debt basis when its groups were last checked. A
   * payment or a report leaves it as it was, and then the groups need no check: a network's
   * basis is hundreds of projects, read and hashed after every batch for nothing. Kept in
   * memory only: after a restart the first check of each project checks its groups again.
   */
  private readonly checkedGroupInputs = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  readonly config: RiskConfig = RISK_CONFIG_2026_1;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ASSESSMENT_OPTIONS) private readonly options: AssessmentOptions,
    private readonly readModels: AssessmentReadModels,
  ) {}

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

  /**
   * Checks the given projects (all when null), and the networks and regions they belong to
   * for debt concentration; returns how many flag events it recorded. With `awaitViews` (the
   * default) it returns once the flag views show them, for a caller that reads them next; a
   * reaction to the facts does not wait: it would hold up the facts' next batch, for as long
   * as the views take to follow (in distributed mode, a round through the relay and Kafka).
   * `triggeredAt`: when the facts that caused this check were recorded; each flag recorded
   * then counts its lag behind them (ledger_assessment_lag_seconds).
   */
  async assess(
    projectIds: string[] | null,
    { awaitViews = true, triggeredAt }: { awaitViews?: boolean; triggeredAt?: Date } = {},
  ): Promise<number> {
    const asOf = this.clock.today();
    const facts = (await this.readModels.factsOf(projectIds)).filter(
      (f) => f.approvedOriginal !== null,
    );
    let recorded = 0;
    let last: bigint | null = null;
    const record = async (
      subjectKind: SubjectKind,
      subject: string,
      checks: RuleCheck[],
      basis: unknown,
    ) => {
      const result = await handleCommand(
        this.store,
        riskFlagsDecider,
        riskFlagStreamId(subjectKind, subject),
        {
          type: 'RecordRiskChecks',
          subjectKind,
          subject,
          asOf,
          configVersion: this.config.version,
          checks,
        },
        // One key per subject, day and basis: the same check again is a replay, not a duplicate.
        {
          actor: 'assessment:risk-assessor',
          idempotencyKey: `risk:${asOf}:${createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 24)}`,
          validAt: `${asOf}T00:00:00+08:00`,
        },
        { cache: this.cache, service: 'assessment' },
      );
      if (result.position !== null && !result.replayed) {
        recorded += 1;
        last = result.position;
        // The store records with this same clock: the flag's recorded time is about now.
        if (triggeredAt) {
          recordAssessmentLag((this.clock.now().getTime() - triggeredAt.getTime()) / 1000);
        }
      }
    };
    for (const f of facts)
      await record('project', f.projectId, checkRisks(f, asOf, this.config), f);
    // Debt concentration is a property of a whole network or region: check every group whose
    // basis one of these projects changed (every group, on a sweep).
    const moved = facts
      .map((f) => ({ f, input: JSON.stringify(groupBasis([f])) }))
      .filter(
        ({ f, input }) => projectIds === null || this.checkedGroupInputs.get(f.projectId) !== input,
      );
    const networks = new Set(moved.map(({ f }) => f.networkCode));
    const regions = new Set(moved.flatMap(({ f }) => f.regionCodes));
    if (networks.size + regions.size > 0) {
      // Only the groups this check touched: after one batch, not the whole programme.
      const all = (await this.readModels.factsInGroups([...networks], [...regions])).filter(
        (f) => f.approvedOriginal !== null,
      );
      for (const network of networks) {
        const group = all.filter((f) => f.networkCode === network);
        await record(
          'network',
          network,
          [checkDebtConcentration(group, this.config)],
          groupBasis(group),
        );
      }
      for (const region of regions) {
        const group = all.filter((f) => f.regionCodes.includes(region));
        await record(
          'region',
          region,
          [checkDebtConcentration(group, this.config)],
          groupBasis(group),
        );
      }
    }
    for (const { f, input } of moved) this.checkedGroupInputs.set(f.projectId, input);
    if (last !== null && awaitViews) await this.readModels.projected(last);
    return recorded;
  }
}
