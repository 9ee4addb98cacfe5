import { Decider } from '@ledger/domain-kernel';
import { DispatchReportCommand } from './dispatch-report.commands';
import { decideDispatchReports } from './dispatch-report.decide';
import { DispatchReportEvent } from './dispatch-report.events';
import {
  DispatchReportsState,
  evolveDispatchReports,
  initialDispatchReportsState,
} from './dispatch-report.state';

/** One stream per project holds every month's dispatch report and its corrections. */
export const dispatchReportsDecider: Decider<
  DispatchReportCommand,
  DispatchReportEvent,
  DispatchReportsState
> = {
  decide: decideDispatchReports,
  evolve: evolveDispatchReports,
  initialState: initialDispatchReportsState,
};

export function dispatchReportStreamId(projectId: string): string {
  return `dispatch-reports-${projectId}`;
}
