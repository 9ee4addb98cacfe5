import { Decider, LocalDate, RuleViolation, assertNever } from '@ledger/domain-kernel';
import {
  NetworkReportEvent,
  NetworkReportOverdue,
  NetworkReportSubmitted,
} from '@ledger/contracts/reporting/network-report.events';
import {
  KIND_DEFINITIONS,
  NetworkReportKind,
  NetworkReportPeriod,
  RHYTHMS_FROM,
  obligationOf,
  spanOf,
} from './report-kinds';

export type { NetworkReportEvent, NetworkReportOverdue, NetworkReportSubmitted };

export interface SubmitNetworkReport {
  type: 'SubmitNetworkReport';
  networkCode: string;
  kind: NetworkReportKind;
  period: NetworkReportPeriod;
  summary: string;
  /** The lead department's code. */
  submittedBy: string;
  /** Today, from the injected clock. */
  today: LocalDate;
  /** The period's due date from the working-day calendar and the kind's rule. */
  dueOn: LocalDate;
}

export interface RecordNetworkReportOverdue {
  type: 'RecordNetworkReportOverdue';
  networkCode: string;
  kind: NetworkReportKind;
  period: NetworkReportPeriod;
  dueOn: LocalDate;
  today: LocalDate;
}

export type NetworkReportCommand = SubmitNetworkReport | RecordNetworkReportOverdue;

export type NetworkReportRule =
  | 'KIND_NOT_OWED'
  | 'PERIOD_IN_FUTURE'
  | 'PERIOD_BEFORE_PROGRAMME'
  | 'REPORT_ALREADY_SUBMITTED'
  | 'NOT_YET_DUE';

/** One stream holds one network's report of one kind for one period. */
export interface NetworkReportState {
  submittedOn: LocalDate | null;
  overdueRecordedOn: LocalDate | null;
}

export const initialNetworkReportState: NetworkReportState = {
  submittedOn: null,
  overdueRecordedOn: null,
};

function violation(rule: NetworkReportRule, message: string): RuleViolation {
  return new RuleViolation(rule, message);
}

function owedBy(kind: NetworkReportKind): string {
  return KIND_DEFINITIONS[kind].owedBy
    .map((o) => `${o.networkCode} (L${o.source.line})`)
    .join(', ');
}

export function decideNetworkReport(
  command: NetworkReportCommand,
  state: NetworkReportState,
): NetworkReportEvent[] {
  const span = spanOf(command.kind, command.period);
  switch (command.type) {
    case 'SubmitNetworkReport': {
      if (obligationOf(command.networkCode, command.kind) === undefined) {
        throw violation(
          'KIND_NOT_OWED',
          `the ${command.networkCode} network owes no ${command.kind} (${KIND_DEFINITIONS[command.kind].nameZh}): the plan asks it of ${owedBy(command.kind)}`,
        );
      }
      if (span.end < RHYTHMS_FROM) {
        throw violation(
          'PERIOD_BEFORE_PROGRAMME',
          `${command.period} ended on ${span.end}, before the plan was issued (${RHYTHMS_FROM})`,
        );
      }
      if (command.today < span.start) {
        throw violation(
          'PERIOD_IN_FUTURE',
          `${command.period} begins on ${span.start} (today is ${command.today})`,
        );
      }
      if (state.submittedOn !== null) {
        throw violation(
          'REPORT_ALREADY_SUBMITTED',
          `the ${command.networkCode} ${command.kind} for ${command.period} came in on ${state.submittedOn}`,
        );
      }
      return [
        {
          type: 'NetworkReportSubmitted',
          data: {
            networkCode: command.networkCode,
            kind: command.kind,
            period: command.period,
            dueOn: command.dueOn,
            submittedOn: command.today,
            late: command.today > command.dueOn,
            submittedBy: command.submittedBy,
            summary: command.summary,
            validAt: span.start,
          },
        },
      ];
    }
    case 'RecordNetworkReportOverdue': {
      if (command.today <= command.dueOn) {
        throw violation(
          'NOT_YET_DUE',
          `the ${command.networkCode} ${command.kind} for ${command.period} is due on ${command.dueOn}`,
        );
      }
      // Once per period: a report that came in, or an overdue already recorded, ends it.
      if (state.submittedOn !== null || state.overdueRecordedOn !== null) return [];
      return [
        {
          type: 'NetworkReportOverdue',
          data: {
            networkCode: command.networkCode,
            kind: command.kind,
            period: command.period,
            dueOn: command.dueOn,
            recordedOn: command.today,
            validAt: span.start,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

export function evolveNetworkReport(
  state: NetworkReportState,
  event: NetworkReportEvent,
): NetworkReportState {
  switch (event.type) {
    case 'NetworkReportSubmitted':
      return { ...state, submittedOn: event.data.submittedOn as LocalDate };
    case 'NetworkReportOverdue':
      return { ...state, overdueRecordedOn: event.data.recordedOn as LocalDate };
    default:
      return assertNever(event);
  }
}

export const networkReportDecider: Decider<
  NetworkReportCommand,
  NetworkReportEvent,
  NetworkReportState
> = {
  decide: decideNetworkReport,
  evolve: evolveNetworkReport,
  initialState: initialNetworkReportState,
};

export function networkReportStreamId(
  networkCode: string,
  kind: NetworkReportKind,
  period: NetworkReportPeriod,
): string {
  return `network-report-${networkCode}-${kind}-${period}`;
}
