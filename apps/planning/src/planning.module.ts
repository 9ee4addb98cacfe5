import { DynamicModule, Module, OnApplicationBootstrap } from '@nestjs/common';
import { LedgerStatusResolver } from './ledger-status/ledger-status.resolver';
import { CqrsModule } from '@nestjs/cqrs';
import { PLANNING_OPTIONS, PlanningOptions } from './planning.options';
import { ProgrammeCatalogue } from './programme/write/programme-catalogue';
import {
  NetworkResolver,
  ProgrammeResolver,
} from './programme-catalogue/programme-catalogue.resolver';
import { ExecuteProjectCommandHandler } from './project/write/execute-project-command';
import { ExecuteProjectCommandsHandler } from './project/write/execute-project-commands';
import { ProjectCommandsResolver } from './project/graphql/project-commands.resolver';
import { ProjectResolver } from './project-library/project-library.resolver';
import { PreConstructionApprovalResolver } from './project/pre-construction-approval/pre-construction-approval.resolver';
import { ProjectStagesResolver } from './project-stages/project-stages.resolver';
import { DepartmentResolver, RegionResolver } from './programme-catalogue/units.resolver';
import { PlanningReadModels } from './read-models/planning-read-models';
import { SeedLoader } from './seed/seed-loader';
import {
  AdministrativeUnitsResolver,
  RegionAdministrativeUnitsResolver,
} from './administrative-units/administrative-units.resolver';
import { SubgraphSchema, deadLetterProviders } from '@ledger/api';
import { PlanningSchema } from './planning.schema';
import { ProjectLibraryWorkbook } from './project-library-workbook/project-library-workbook';
import { ProjectLibraryWorkbookResolver } from './project-library-workbook/project-library-workbook.resolver';

/**
 * The planning service: project library and the plan itself. Needs the EVENT_STORE and
 * READ_MODEL_DATABASE providers and a GraphQL module from its host (its own subgraph in
 * distributed mode, the standalone process otherwise).
 */
/** The planning subgraph's schema: its types, and the entities it adds fields to. */
export const PLANNING_SCHEMA: SubgraphSchema = {
  registeredIn: PlanningSchema,
  entities: [],
};

@Module({})
export class PlanningModule implements OnApplicationBootstrap {
  constructor(
    private readonly seed: SeedLoader,
    private readonly readModels: PlanningReadModels,
  ) {}

  static forRoot(options: PlanningOptions): DynamicModule {
    return {
      module: PlanningModule,
      imports: [CqrsModule],
      providers: [
        { provide: PLANNING_OPTIONS, useValue: options },
        ProgrammeCatalogue,
        PlanningReadModels,
        ...deadLetterProviders('planning', PlanningReadModels, (readModels) => readModels.runners),
        SeedLoader,
        ExecuteProjectCommandHandler,
        ExecuteProjectCommandsHandler,
        ProjectResolver,
        ProjectCommandsResolver,
        PreConstructionApprovalResolver,
        ProjectStagesResolver,
        ProgrammeResolver,
        NetworkResolver,
        RegionResolver,
        DepartmentResolver,
        LedgerStatusResolver,
        ProjectLibraryWorkbook,
        ProjectLibraryWorkbookResolver,
        AdministrativeUnitsResolver,
        RegionAdministrativeUnitsResolver,
      ],
      exports: [PlanningReadModels],
    };
  }

  /** Before the server listens: the plan is in the store and the read models have caught up. */
  async onApplicationBootstrap(): Promise<void> {
    await this.seed.loadIfEnabled();
    await this.readModels.start();
    await this.readModels.catchUp();
  }
}
