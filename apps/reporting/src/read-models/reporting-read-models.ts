import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import {
  PROJECTION_FEEDS,
  ProjectionFeed,
  ProjectionFeeds,
  READ_MODEL_DATABASE,
  SqlDatabase,
  projectionNamed,
  storeFeeds,
} from '@ledger/event-sourcing';
import { ProgressQueries } from '../progress/progress.queries';
import { ProblemRegisterQueries } from '../problem-register/problem-register.queries';
import { NetworkReportQueries } from '../network-report/read-model/network-reports.projection';
import { reportingProjections } from '../reporting.projections';
import { REPORTING_OPTIONS, ReportingOptions } from '../reporting.options';

@Injectable()
export class ReportingReadModels implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportingReadModels.name);
  readonly register: ProjectionFeed;
  readonly progress: ProgressQueries;
  /** The problem register (要素保障): its own feed, beside the project register's. */
  readonly problemFeed: ProjectionFeed;
  readonly problems: ProblemRegisterQueries;
  readonly networkReportsFeed: ProjectionFeed;
  readonly networkReports: NetworkReportQueries;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DATABASE) db: SqlDatabase,
    @Inject(REPORTING_OPTIONS) options: ReportingOptions,
    @Optional() @Inject(PROJECTION_FEEDS) feeds: ProjectionFeeds = storeFeeds(store, db),
  ) {
    const projections = reportingProjections.build(options.readModelSchema);
    this.register = feeds.feed(projectionNamed(projections, 'reporting.project-register'), {
      log: (message) => this.logger.warn(message),
    });
    this.progress = new ProgressQueries(db, options.readModelSchema);
    this.problemFeed = feeds.feed(projectionNamed(projections, 'reporting.problem-register'), {
      log: (message) => this.logger.warn(message),
    });
    this.problems = new ProblemRegisterQueries(db, options.readModelSchema);
    this.networkReportsFeed = feeds.feed(
      projectionNamed(projections, 'reporting.network-reports'),
      { log: (message) => this.logger.warn(message) },
    );
    this.networkReports = new NetworkReportQueries(db, options.readModelSchema);
  }

  /** Every feed of the service's projections list. */
  private feeds(): ProjectionFeed[] {
    return [this.register, this.problemFeed, this.networkReportsFeed];
  }

  async start(): Promise<void> {
    for (const feed of this.feeds()) await feed.start();
  }

  /** Whether the read model includes `position` within a few seconds (see PlanningReadModels). */
  async projected(position: bigint): Promise<boolean> {
    try {
      await Promise.all(this.feeds().map((feed) => feed.waitFor(position)));
      return true;
    } catch (error) {
      this.logger.warn(`read model behind position ${position}: ${String(error)}`);
      return false;
    }
  }

  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (head === null) return;
    for (const feed of this.feeds()) {
      await feed.catchUpTo?.(head, (at) =>
        this.logger.log(`${feed.projection.name}: at ${at ?? 'start'} of ${head}`),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const feed of this.feeds()) await feed.stop();
  }
}
