import { Inject, Injectable } from '@nestjs/common';
import { LocalDate } from '@ledger/domain-kernel';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { DeadlineStatus, deadlineStatus, owedPeriods } from '../domain/report-deadlines';
import { KIND_DEFINITIONS, NetworkReportKind } from '../domain/report-kinds';
import { NETWORK_REPORT_DUE_DATES, NetworkReportDueDates } from '../network-report-due-dates';

export interface DeadlineLine {
  networkCode: string;
  kind: NetworkReportKind;
  kindNameZh: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  status: DeadlineStatus;
  submittedOn: string | null;
  overdueRecordedOn: string | null;
  source: string;
}

/**
 * The periods the plan asks of each network, beside what came in: the calendar says what was
 * owed and when, the read model what was submitted or recorded overdue.
 */
@Injectable()
export class ReportDeadlinesView {
  constructor(
    private readonly readModels: ReportingReadModels,
    @Inject(NETWORK_REPORT_DUE_DATES) private readonly dueDates: NetworkReportDueDates,
  ) {}

  /** `networks` null: every network; otherwise only these. */
  async deadlines(
    kinds: readonly NetworkReportKind[],
    from: LocalDate,
    asOf: LocalDate,
    networks: readonly string[] | null,
  ): Promise<DeadlineLine[]> {
    // Periods past the calendar's years have no due date: a far-off asOf lists no more.
    const limit = this.dueDates.lastCoveredDay();
    const owed = owedPeriods(
      kinds,
      from,
      asOf < limit ? asOf : limit,
      (network) => networks === null || networks.includes(network),
    );
    const rows = await this.readModels.networkReports.list({ networkCodes: networks });
    const byKey = new Map(rows.map((r) => [`${r.network_code}|${r.kind}|${r.period}`, r]));
    const lines: DeadlineLine[] = [];
    for (const o of owed) {
      // A period whose due date lies beyond the calendar's years has no deadline yet.
      if (!this.dueDates.covers(o.kind, o.period)) continue;
      const row = byKey.get(`${o.networkCode}|${o.kind}|${o.period}`);
      // A report keeps the due date it was judged by; otherwise today's rule sets it.
      const dueOn = (row?.due_on as LocalDate | undefined) ?? this.dueDates.dueOn(o.kind, o.period);
      // As of a past day, what came in later had not come in yet.
      const submittedOn =
        row?.submitted_on != null && row.submitted_on <= asOf
          ? (row.submitted_on as LocalDate)
          : null;
      const overdue = row?.overdue_recorded_on ?? null;
      lines.push({
        networkCode: o.networkCode,
        kind: o.kind,
        kindNameZh: KIND_DEFINITIONS[o.kind].nameZh,
        period: o.period,
        periodStart: o.span.start,
        periodEnd: o.span.end,
        dueOn,
        status: deadlineStatus(dueOn, asOf, submittedOn),
        submittedOn,
        overdueRecordedOn: overdue !== null && overdue <= asOf ? overdue : null,
        source: `L${o.source.line} ${o.source.quote}`,
      });
    }
    return lines;
  }
}
