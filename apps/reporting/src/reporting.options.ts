import { SettingError } from '@ledger/domain-kernel';
import { NetworkReportKind } from './network-report/domain/report-kinds';
import { dueWorkingDaysFromEnv } from './network-report/network-report-due-dates';
export interface ReportingOptions {
  /** Schema of the reporting read models. */
  readModelSchema: string;
  /** How often the deadline watcher looks for overdue reports; 0 turns it off (tests drive it). */
  deadlineCheckIntervalMs: number;
  /** Working days after its period each network report kind is due (defaults: see NetworkReportDueDates). */
  networkReportDueWorkingDays?: Partial<Record<NetworkReportKind, number>>;
}

export const REPORTING_OPTIONS = Symbol('ReportingOptions');

export function reportingOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ReportingOptions {
  const schema = env.REPORTING_SCHEMA ?? 'reporting';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new SettingError(`REPORTING_SCHEMA must be a lower-case SQL identifier, got "${schema}"`);
  }
  const interval = Number(env.DEADLINE_CHECK_INTERVAL_MS ?? '3600000');
  if (!Number.isInteger(interval) || interval < 0) {
    throw new SettingError(
      `DEADLINE_CHECK_INTERVAL_MS must be a whole number of ms, got "${env.DEADLINE_CHECK_INTERVAL_MS}"`,
    );
  }
  return {
    readModelSchema: schema,
    deadlineCheckIntervalMs: interval,
    networkReportDueWorkingDays: dueWorkingDaysFromEnv(env.NETWORK_REPORT_DUE_WORKING_DAYS),
  };
}
