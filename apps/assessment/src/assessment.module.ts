import { DynamicModule, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CLOCK, Clock, systemClock } from '@ledger/domain-kernel';
import { ASSESSMENT_OPTIONS, AssessmentOptions } from './assessment.options';
import { RiskAssessor } from './risk/write/risk-assessor';
import { AssessmentAsOfResolver } from './as-of/assessment-as-of.resolver';
import { AssessmentResolver } from './assessment-views/assessment-views.resolver';
import { CheckRisksWhenFactsChange } from './reactions/check-risks-when-facts-change';
import {
  AssessmentDepartmentResolver,
  AssessmentProjectResolver,
  AssessmentRegionResolver,
} from './entities/entities.resolver';
import { AssessmentReadModels } from './read-models/assessment-read-models';
import { PeriodScorer } from './score/write/period-scorer';
import { SupervisionQueries } from './supervision/supervision.queries';
import { SupervisionWriter } from './supervision/write/supervision-writer';
import { SupervisionResolver } from './supervision/graphql/supervision.resolver';
import { SubgraphSchema, deadLetterProviders } from '@ledger/api';
import { AssessmentSchema } from './assessment.schema';
import {
  AssessmentDepartment,
  AssessmentProject,
  AssessmentRegion,
} from './entities/entities.resolver';

/**
 * The assessment service: risk flags and scores, recorded as events from what planning
 * and reporting recorded. Needs EVENT_STORE, READ_MODEL_DATABASE and a GraphQL host.
 */
/** The assessment subgraph's schema: its types, and the entities it adds fields to. */
export const ASSESSMENT_SCHEMA: SubgraphSchema = {
  registeredIn: AssessmentSchema,
  entities: [AssessmentProject, AssessmentRegion, AssessmentDepartment],
};

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
        ...deadLetterProviders('assessment', AssessmentReadModels, (readModels) => [
          readModels.facts,
          readModels.views,
          readModels.supervision,
        ]),
        RiskAssessor,
        PeriodScorer,
        // Reactions: process managers, named for what they do, registered in onModuleInit.
        CheckRisksWhenFactsChange,
        AssessmentResolver,
        AssessmentAsOfResolver,
        AssessmentProjectResolver,
        AssessmentRegionResolver,
        AssessmentDepartmentResolver,
        SupervisionQueries,
        SupervisionWriter,
        SupervisionResolver,
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
