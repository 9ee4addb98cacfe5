import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLContext, asGraphQL, requestActor, requestPrincipal } from '@ledger/api';
import { Principal, scopeOf } from '@ledger/auth';
import {
  CLOCK,
  Clock,
  InvalidCommandError,
  LocalDate,
  parseLocalDate,
} from '@ledger/domain-kernel';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import { NetworkReportRow } from '../read-model/network-reports.projection';
import {
  NETWORK_REPORT_KINDS,
  NetworkReportKind,
  NetworkReportPeriod,
  RHYTHMS_FROM,
  isNetworkReportKind,
  parseNetworkReportKind,
  spanOf,
} from '../domain/report-kinds';
import { ReportDeadlinesView } from '../read-model/report-deadlines.view';
import { NetworkReportWriter } from '../write/network-report-writer';
import {
  NetworkReport,
  NetworkReportResult,
  ReportDeadline,
  SubmitNetworkReportInput,
} from './network-report.types';

function toNetworkReport(row: NetworkReportRow): NetworkReport {
  return {
    networkCode: row.network_code,
    kind: row.kind,
    period: row.period,
    dueOn: row.due_on,
    submittedOn: row.submitted_on,
    late: row.late,
    submittedBy: row.submitted_by,
    summary: row.summary,
    overdueRecordedOn: row.overdue_recorded_on,
  };
}

/** The networks a reader may see: a lead department its own, everyone else reaching all. */
function reachableNetworks(principal: Principal): readonly string[] | null {
  const scope = scopeOf(principal);
  switch (scope.kind) {
    case 'all':
      return null;
    case 'networks':
      return scope.networks;
    // The policy keeps regions out; should one reach here, it sees no network's reports.
    case 'region':
      return [];
    default: {
      const unknownScope: never = scope;
      throw new Error(`unknown scope ${String(unknownScope)}`);
    }
  }
}

function optionalDate(value: string | null | undefined, field: string): LocalDate | null {
  return value === undefined || value === null ? null : parseLocalDate(value, field);
}

function kindsOf(kind: string | null | undefined): readonly NetworkReportKind[] {
  return kind === undefined || kind === null
    ? NETWORK_REPORT_KINDS
    : [parseNetworkReportKind(kind, 'kind')];
}

/** Thin: parse, hand to the writer or the read model, shape the answer. */
@Resolver()
export class NetworkReportResolver {
  constructor(
    private readonly writer: NetworkReportWriter,
    private readonly readModels: ReportingReadModels,
    private readonly view: ReportDeadlinesView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Mutation(() => NetworkReportResult, {
    description:
      "Submit a network's weekly dispatch (周调度), quarterly consultation (季协商) or annual summary (年度总结), by its lead department.",
  })
  submitNetworkReport(
    @Context() ctx: GraphQLContext,
    @Args('input') input: SubmitNetworkReportInput,
  ): Promise<NetworkReportResult> {
    return asGraphQL(async () => {
      const { result } = await this.writer.submit(
        await requestPrincipal(ctx),
        await requestActor(ctx),
        input,
      );
      const [row] = (
        await this.readModels.networkReports.list({
          networkCodes: [input.networkCode.trim()],
          kind: input.kind,
        })
      ).filter((r) => r.period === input.period);
      return {
        replayed: result.replayed,
        projected: result.projected,
        position: result.position === null ? null : result.position.toString(),
        report: row === undefined ? null : toNetworkReport(row),
      };
    });
  }

  @Query(() => [NetworkReport], {
    description:
      'Network reports and overdue records, by network and kind, for periods that overlap from..to (YYYY-MM-DD).',
  })
  networkReports(
    @Context() ctx: GraphQLContext,
    @Args('networkCode', { type: () => String, nullable: true }) networkCode?: string | null,
    @Args('kind', { type: () => String, nullable: true }) kind?: string | null,
    @Args('from', { type: () => String, nullable: true }) from?: string | null,
    @Args('to', { type: () => String, nullable: true }) to?: string | null,
  ): Promise<NetworkReport[]> {
    return asGraphQL(async () => {
      const kinds = kindsOf(kind);
      const since = optionalDate(from, 'from');
      const until = optionalDate(to, 'to');
      const reachable = reachableNetworks(await requestPrincipal(ctx));
      const networks =
        networkCode === undefined || networkCode === null
          ? reachable
          : reachable === null || reachable.includes(networkCode)
            ? [networkCode]
            : [];
      const rows = await this.readModels.networkReports.list({
        networkCodes: networks,
        kind: kind ?? null,
      });
      return rows
        .filter((row) => {
          if (!isNetworkReportKind(row.kind) || !kinds.includes(row.kind)) return false;
          const span = spanOf(row.kind, row.period as NetworkReportPeriod);
          return (since === null || span.end >= since) && (until === null || span.start <= until);
        })
        .map(toNetworkReport);
    });
  }

  @Query(() => [ReportDeadline], {
    description:
      'What each network owes of each kind since the plan was issued (or `from`), through the period holding asOf (default today): due, submitted, late or overdue as of asOf.',
  })
  reportDeadlines(
    @Context() ctx: GraphQLContext,
    @Args('kind', { type: () => String, nullable: true }) kind?: string | null,
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string | null,
    @Args('from', { type: () => String, nullable: true }) from?: string | null,
  ): Promise<ReportDeadline[]> {
    return asGraphQL(async () => {
      const kinds = kindsOf(kind);
      const day = optionalDate(asOf, 'asOf') ?? this.clock.today();
      const since = optionalDate(from, 'from') ?? RHYTHMS_FROM;
      if (since > day) throw new InvalidCommandError('from', 'from must not be after asOf');
      const reachable = reachableNetworks(await requestPrincipal(ctx));
      return this.view.deadlines(kinds, since, day, reachable);
    });
  }
}
