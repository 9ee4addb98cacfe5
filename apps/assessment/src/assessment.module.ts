import { DynamicModule, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from '@ledger/domain-kernel';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from './assessment.options';
import { RiskAssessor } from './assessor/risk-assessor';
import { AssessmentAsOfResolver } from './as-of/assessment-as-of.graphql';
import { AssessmentResolver } from './graphql/assessment.graphql';
import { CheckRisksWhenFactsChange } from './reactions/check-risks-when-facts-change';
import { AssessmentReadModels } from './read-models/assessment-read-models';
import { PeriodScorer } from './scoring/period-scorer';

/**
 * The assessment service: risk flags and scores, recorded as events from what planning
 * and reporting recorded. Needs EVENT_STORE, READ_MODEL_DATABASE and a GraphQL host.
 */
@Module({})
export class AssessmentModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly readModels: AssessmentReadModels,
    private readonly assessor: RiskAssessor,
    private readonly checkRisksWhenFactsChange: CheckRisksWhenFactsChange,
  ) {}

  static forRoot(options: AssessmentOptions, clock: Clock = systemClock): DynamicModule {
    return {
      module: AssessmentModule,
      providers: [
        { provide: ASSESSMENT_OPTIONS, useValue: options },
        { provide: CLOCK, useValue: clock },
        AssessmentReadModels,
        RiskAssessor,
        PeriodScorer,
        // Reactions: process managers, named for what they do, registered in onModuleInit.
        CheckRisksWhenFactsChange,
        AssessmentResolver,
        AssessmentAsOfResolver,
      ],
      exports: [AssessmentReadModels, RiskAssessor, PeriodScorer],
    };
  }

  onModuleInit(): void {
    this.readModels.afterFactsChange((events) => this.checkRisksWhenFactsChange.handle(events));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.readModels.start();
    await this.readModels.catchUp();
    // Facts that changed while no one was checking (a crash between a batch and its check).
    await this.assessor.assess(null);
  }
}
