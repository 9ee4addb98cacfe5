import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionRunner, READ_MODEL_DATABASE, SqlDatabase } from '@ledger/event-sourcing';
import { PLANNING_OPTIONS, PlanningOptions } from '../planning.options';
import { ProgrammeProjection } from '../programme/projection/programme.projection';
import { ProgrammeQueries } from '../programme/projection/programme.queries';
import { ProjectLibraryProjection } from '../project/projection/project-library.projection';
import { ProjectLibraryQueries } from '../project/projection/project-library.queries';

/** The planning service's read models: their runners and the queries over them. */
@Injectable()
export class PlanningReadModels implements OnApplicationShutdown {
  readonly runners: ProjectionRunner[];
  readonly projects: ProjectLibraryQueries;
  readonly programme: ProgrammeQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: SqlDatabase,
    @Inject(PLANNING_OPTIONS) options: PlanningOptions,
  ) {
    const schema = options.readModelSchema;
    this.runners = [
      new ProjectionRunner(store, db, new ProgrammeProjection(schema)),
      new ProjectionRunner(store, db, new ProjectLibraryProjection(schema)),
    ];
    this.projects = new ProjectLibraryQueries(db, schema, schema);
    this.programme = new ProgrammeQueries(db, schema);
  }

  async start(): Promise<void> {
    for (const runner of this.runners) await runner.start();
  }

  /** Resolves once every planning read model includes the event at `position`. */
  async waitFor(position: bigint): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.waitFor(position)));
  }

  /** Waits until the read models have caught up with everything in the store now. */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== null) await this.waitFor(head);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const runner of this.runners) await runner.stop();
  }
}
