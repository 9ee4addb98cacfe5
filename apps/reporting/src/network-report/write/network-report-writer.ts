import { Inject, Injectable } from '@nestjs/common';
import { Principal, forbidden, scopeOf } from '@ledger/auth';
import { CLOCK, Clock, InvalidCommandError } from '@ledger/domain-kernel';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { CommandRunner, ProjectedResult } from '@ledger/event-sourcing';
import { ReportingReadModels } from '../../read-models/reporting-read-models';
import {
  NetworkReportCommand,
  NetworkReportEvent,
  NetworkReportState,
  networkReportDecider,
  networkReportStreamId,
} from '../domain/network-report.decider';
import {
  NetworkReportKind,
  obligationOf,
  parseNetworkReportKind,
  parseNetworkReportPeriod,
  spanOf,
} from '../domain/report-kinds';
import { SubmitNetworkReportInput } from '../graphql/network-report.types';
import { NETWORK_REPORT_DUE_DATES, NetworkReportDueDates } from '../network-report-due-dates';

const MAX_SUMMARY = 4000;

function idempotencyKeyOf(value: string): string {
  if (!/^[A-Za-z0-9._:-]{8,100}$/.test(value)) {
    throw new InvalidCommandError(
      'idempotencyKey',
      'idempotencyKey must be 8 to 100 letters, digits, ".", "_", ":" or "-"',
    );
  }
  return value;
}

/**
 * Network reports come from the network's lead department (its scope: the networks it
 * leads, from the plan); a region reports for projects, not for a network.
 */
export function ensureMayReportFor(principal: Principal, networkCode: string): void {
  const scope = scopeOf(principal);
  switch (scope.kind) {
    case 'all':
      return;
    case 'networks':
      if (scope.networks.includes(networkCode)) return;
      throw forbidden(`the ${networkCode} network is not one your department leads`);
    case 'region':
      throw forbidden('network reports come from the lead department of the network');
    default: {
      const unknownScope: never = scope;
      throw new Error(`unknown scope ${String(unknownScope)}`);
    }
  }
}

function submitterOf(principal: Principal): string {
  switch (principal.role) {
    case 'lead_department':
      return principal.department;
    case 'region':
      return principal.region;
    case 'planning_office':
    case 'supervisor':
    case 'auditor':
    case 'operator':
      return principal.subject;
    default: {
      const unknownRole: never = principal;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
}

/**
 * The write side of network reports, before the decider: whose network, the period's
 * format for its kind, its due date on the working-day calendar, and its valid time.
 */
@Injectable()
export class NetworkReportWriter {
  private readonly runner: CommandRunner<
    NetworkReportCommand,
    NetworkReportEvent,
    NetworkReportState
  >;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    readModels: ReportingReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NETWORK_REPORT_DUE_DATES) private readonly dueDates: NetworkReportDueDates,
  ) {
    this.runner = new CommandRunner(
      store,
      networkReportDecider,
      (c) => networkReportStreamId(c.networkCode, c.kind, c.period),
      (position) => readModels.projected(position),
      'reporting',
    );
  }

  async submit(
    principal: Principal,
    actor: string,
    input: SubmitNetworkReportInput,
  ): Promise<{ result: ProjectedResult<NetworkReportState>; kind: NetworkReportKind }> {
    const networkCode = typeof input.networkCode === 'string' ? input.networkCode.trim() : '';
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(networkCode)) {
      throw new InvalidCommandError(
        'networkCode',
        'networkCode must be a network code such as power',
      );
    }
    const idempotencyKey = idempotencyKeyOf(input.idempotencyKey);
    const kind = parseNetworkReportKind(input.kind, 'kind');
    const period = parseNetworkReportPeriod(kind, input.period, 'period');
    const summary = (input.summary ?? '').trim();
    if (summary.length === 0 || summary.length > MAX_SUMMARY) {
      throw new InvalidCommandError('summary', `summary must be 1 to ${MAX_SUMMARY} characters`);
    }
    // A network the plan asks this kind of passes only its lead department; one it asks
    // nothing of passes, for the decider to refuse as such (KIND_NOT_OWED), as an unknown
    // project passes the project scope for its command to answer.
    if (obligationOf(networkCode, kind) !== undefined) ensureMayReportFor(principal, networkCode);
    if (!this.dueDates.covers(kind, period)) {
      throw new InvalidCommandError(
        'period',
        `the working-day calendar does not reach the due date of ${period}`,
      );
    }
    const start = spanOf(kind, period).start;
    const result = await this.runner.run(
      {
        type: 'SubmitNetworkReport',
        networkCode,
        kind,
        period,
        summary,
        submittedBy: submitterOf(principal),
        today: this.clock.today(),
        dueOn: this.dueDates.dueOn(kind, period),
      },
      // The report is about its period: its valid time is the period (from its first day, Beijing).
      { actor, idempotencyKey, validAt: `${start}T00:00:00+08:00` },
    );
    return { result, kind };
  }
}
