import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionRunner, READ_MODEL_DATABASE, SqlDatabase } from '@ledger/event-sourcing';
import { ProgressQueries } from '../progress/progress.queries';
import { ProjectRegisterProjection } from '../progress/project-register.projection';
import { REPORTING_OPTIONS, ReportingOptions } from '../reporting.options';

@Injectable()
export class ReportingReadModels implements OnApplicationShutdown {
  readonly register: ProjectionRunner;
  readonly progress: ProgressQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: SqlDatabase,
    @Inject(REPORTING_OPTIONS) options: ReportingOptions,
  ) {
    this.register = new ProjectionRunner(
      store,
      db,
      new ProjectRegisterProjection(options.readModelSchema),
    );
    this.progress = new ProgressQueries(db, options.readModelSchema);
  }

  start(): Promise<void> {
    return this.register.start();
  }

  waitFor(position: bigint): Promise<void> {
    return this.register.waitFor(position);
  }

  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head !== null) await this.waitFor(head);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.register.stop();
  }
}
