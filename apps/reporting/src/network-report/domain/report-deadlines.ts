import { LocalDate } from '@ledger/domain-kernel';
import {
  KIND_DEFINITIONS,
  NetworkReportKind,
  NetworkReportPeriod,
  PeriodSpan,
  RHYTHMS_FROM,
  periodsBetween,
  spanOf,
} from './report-kinds';

export type DeadlineStatus = 'submitted' | 'late' | 'overdue' | 'due';

/**
 * Where a period's report stands on `asOf`: a report that came in after `asOf` had not come
 * in yet; due means still within its deadline (due on `dueOn` itself is not overdue).
 */
export function deadlineStatus(
  dueOn: LocalDate,
  asOf: LocalDate,
  submittedOn: LocalDate | null,
): DeadlineStatus {
  if (submittedOn !== null && submittedOn <= asOf) {
    return submittedOn > dueOn ? 'late' : 'submitted';
  }
  return asOf > dueOn ? 'overdue' : 'due';
}

export interface OwedPeriod {
  networkCode: string;
  kind: NetworkReportKind;
  period: NetworkReportPeriod;
  span: PeriodSpan;
  source: { line: number; quote: string };
}

/**
 * Every period a network owes a report of a kind for, from the plan's issue (or `from`, if
 * later) to the period that holds `through`, for the networks `reaches` lets through.
 */
export function owedPeriods(
  kinds: readonly NetworkReportKind[],
  from: LocalDate,
  through: LocalDate,
  reaches: (networkCode: string) => boolean = () => true,
): OwedPeriod[] {
  const start = from > RHYTHMS_FROM ? from : RHYTHMS_FROM;
  const owed: OwedPeriod[] = [];
  for (const kind of kinds) {
    for (const obligation of KIND_DEFINITIONS[kind].owedBy) {
      if (!reaches(obligation.networkCode)) continue;
      for (const period of periodsBetween(kind, start, through)) {
        owed.push({
          networkCode: obligation.networkCode,
          kind,
          period,
          span: spanOf(kind, period),
          source: obligation.source,
        });
      }
    }
  }
  return owed;
}
