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
  networkReportDecider,
  networkReportStreamId,
} from '../network-report/domain/network-report.decider';
import { owedPeriods } from '../network-report/domain/report-deadlines';
import { NETWORK_REPORT_KINDS, RHYTHMS_FROM } from '../network-report/domain/report-kinds';
import {
  NETWORK_REPORT_DUE_DATES,
  NetworkReportDueDates,
} from '../network-report/network-report-due-dates';
import { ReportingReadModels } from '../read-models/reporting-read-models';
import { SweepSchedule } from './sweep-schedule';
import { REPORTING_OPTIONS, ReportingOptions } from '../reporting.options';

/**
 * Records `NetworkReportOverdue` for every network, kind and period the plan asks of it
 * whose due date has passed without a report: the network rhythms' counterpart of
 * OverdueWatcher (record-overdue-reports.ts). Safe to run any number of times, from any
 * number of processes: the decider records a period at most once and the append checks
 * the stream's version.
 */
@Injectable()
export class NetworkReportOverdueWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NetworkReportOverdueWatcher.name);
  private readonly schedule = new SweepSchedule(
    () => this.sweep(),
    (error) => this.logger.error(`network report deadline check failed: ${String(error)}`),
  );

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NETWORK_REPORT_DUE_DATES) private readonly dueDates: NetworkReportDueDates,
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
    const settled = new Set(
      (await this.readModels.networkReports.list({})).map(
        (r) => `${r.network_code}|${r.kind}|${r.period}`,
      ),
    );
    let recorded = 0;
    const limit = this.dueDates.lastCoveredDay();
    const through = today < limit ? today : limit;
    for (const owed of owedPeriods(NETWORK_REPORT_KINDS, RHYTHMS_FROM, through)) {
      const { networkCode, kind, period } = owed;
      if (settled.has(`${networkCode}|${kind}|${period}`)) continue;
      if (!this.dueDates.covers(kind, period)) continue;
      const dueOn = this.dueDates.dueOn(kind, period);
      if (today <= dueOn) continue;
      const result = await handleCommand(
        this.store,
        networkReportDecider,
        networkReportStreamId(networkCode, kind, period),
        { type: 'RecordNetworkReportOverdue', networkCode, kind, period, dueOn, today },
        {
          actor: 'reporting:deadline-watcher',
          idempotencyKey: `overdue:${networkCode}:${kind}:${period}`,
          validAt: `${owed.span.start}T00:00:00+08:00`,
        },
        { service: 'reporting' },
      );
      if (result.position !== null && !result.replayed) {
        recorded += 1;
        await this.readModels.projected(result.position);
      }
    }
    return recorded;
  }
}
