import { PROGRAMME_EVENT_TYPES } from '../../planning/src/programme/domain/programme.events';
import { PROJECT_EVENT_TYPES } from '../../planning/src/project/domain/project.events';
import { DISPATCH_REPORT_EVENT_TYPES } from '../../reporting/src/dispatch-report/domain/dispatch-report.events';
import { RISK_FLAG_EVENT_TYPES } from '../../assessment/src/risk/domain/risk-flags';

/** One topic per service; every event type of a service goes to its topic. */
export const TOPICS = {
  planning: 'ledger.planning.events',
  reporting: 'ledger.reporting.events',
  assessment: 'ledger.assessment.events',
} as const;

const ROUTES = new Map<string, string>([
  ...[...PROJECT_EVENT_TYPES, ...PROGRAMME_EVENT_TYPES].map((t): [string, string] => [
    t,
    TOPICS.planning,
  ]),
  ...DISPATCH_REPORT_EVENT_TYPES.map((t): [string, string] => [t, TOPICS.reporting]),
  ...[...RISK_FLAG_EVENT_TYPES, 'AssessmentScored'].map((t): [string, string] => [
    t,
    TOPICS.assessment,
  ]),
]);

export function topicFor(eventType: string): string | undefined {
  return ROUTES.get(eventType);
}
