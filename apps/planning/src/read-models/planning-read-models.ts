import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionRunner, READ_MODEL_DATABASE, SqlDatabase } from '@ledger/event-sourcing';
import { PLANNING_OPTIONS, PlanningOptions } from '../planning.options';
import { planningProjections } from '../planning.projections';
import { ProgrammeQueries } from '../programme-catalogue/programme-catalogue.queries';
import { ProjectLibraryQueries } from '../project-library/project-library.queries';
import { PreConstructionApprovalQueries } from '../project/pre-construction-approval/pre-construction-approvals.projection';
import { ProjectStageQueries } from '../project-stages/project-stages.projection';
import { AdministrativeUnitsQueries } from '../administrative-units/administrative-units.projection';

/** The planning service's read models: their runners and the queries over them. */
@Injectable()
export class PlanningReadModels implements OnApplicationShutdown {
  private readonly logger = new Logger(PlanningReadModels.name);
  readonly runners: ProjectionRunner[];
  readonly projects: ProjectLibraryQueries;
  readonly programme: ProgrammeQueries;
  readonly approvals: PreConstructionApprovalQueries;
  readonly stages: ProjectStageQueries;
  readonly units: AdministrativeUnitsQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: SqlDatabase,
    @Inject(PLANNING_OPTIONS) options: PlanningOptions,
  ) {
    const schema = options.readModelSchema;
    const log = { log: (message: string) => this.logger.warn(message) };
    this.runners = planningProjections
      .build(schema)
      .map((projection) => new ProjectionRunner(store, db, projection, log));
    this.projects = new ProjectLibraryQueries(db, schema, schema);
    this.programme = new ProgrammeQueries(db, schema);
    this.approvals = new PreConstructionApprovalQueries(db, schema);
    this.stages = new ProjectStageQueries(db, schema);
    this.units = new AdministrativeUnitsQueries(db, schema);
  }

  async start(): Promise<void> {
    for (const runner of this.runners) await runner.start();
  }

  /**
   * Whether every planning read model includes the event at `position` within a few
   * seconds. A command's events are stored whatever this answers: a late read model is
   * reported, never turned into a failed command.
   */
  async projected(position: bigint): Promise<boolean> {
    try {
      await Promise.all(this.runners.map((runner) => runner.waitFor(position)));
      return true;
    } catch (error) {
      this.logger.warn(`read models behind position ${position}: ${String(error)}`);
      return false;
    }
  }

  /** Waits, however long it takes, until the read models include everything stored now. */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    for (const runner of this.runners) {
      await runner.catchUpTo(head, (at) =>
        this.logger.log(`${runner.projection.name}: at ${at ?? 'start'} of ${head}`),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
  }
}
