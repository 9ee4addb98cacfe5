import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { handleCommand } from '@ledger/event-sourcing';
import { CLOCK, Clock } from '@ledger/domain-kernel';
import {
  dispatchReportStreamId,
  dispatchReportsDecider,
} from '../dispatch-report/domain/dispatch-report.decider';
import { periodAfter, periodOf } from '../dispatch-report/domain/report-period';
import { ReportingReadModels } from '../read-models/reporting-read-models';
import { REPORTING_OPTIONS, ReportingOptions } from '../reporting.options';
import { SweepSchedule } from './sweep-schedule';
import { DUE_DATES, DueDates } from '../deadlines/due-dates';

/**
 * Records `DispatchReportOverdue` for every approved project and month whose due date has
 * passed without a report. Safe to run any number of times, from any number of processes:
 * the decider records a month at most once and the append checks the stream's version.
 */
@Injectable()
export class OverdueWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueWatcher.name);
  private readonly schedule = new SweepSchedule(
    () => this.sweep(),
    (error) => this.logger.error(`deadline check failed: ${String(error)}`),
  );

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DUE_DATES) private readonly dueDates: DueDates,
    @Inject(REPORTING_OPTIONS) private readonly options: ReportingOptions,
    private readonly readModels: ReportingReadModels,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule.start(this.options.deadlineCheckIntervalMs);
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  /** Returns how many overdue reports it recorded; a sweep under way is joined, not doubled. */
  recordOverdue(): Promise<number> {
    return this.schedule.run();
  }

  private async sweep(): Promise<number> {
    const today = this.clock.today();
    const current = periodOf(today);
    let recorded = 0;
    for (const project of await this.readModels.progress.approvedProjects()) {
      const settled = new Set(project.settled);
      for (
        let period = periodOf(project.approved_on);
        period < current;
        period = periodAfter(period)
      ) {
        if (settled.has(period) || !this.dueDates.covers(period)) continue;
        const dueOn = this.dueDates.dueOn(period);
        if (today <= dueOn) continue;
        const result = await handleCommand(
          this.store,
          dispatchReportsDecider,
          dispatchReportStreamId(project.project_id),
          { type: 'RecordReportOverdue', projectId: project.project_id, period, dueOn, today },
          {
            actor: 'reporting:deadline-watcher',
            idempotencyKey: `overdue:${project.project_id}:${period}`,
            validAt: `${period}-01T00:00:00+08:00`,
          },
          { service: 'reporting' },
        );
        if (result.position !== null && !result.replayed) {
          recorded += 1;
          await this.readModels.projected(result.position);
        }
      }
    }
    return recorded;
  }
}
