import { PROGRAMME_EVENT_TYPES } from './planning/programme.events';
import { PROJECT_EVENT_TYPES } from './planning/project.events';
import { ADMINISTRATIVE_UNIT_EVENT_TYPES } from './planning/administrative-unit.events';
import { DISPATCH_REPORT_EVENT_TYPES } from './reporting/dispatch-report.events';
import { PROBLEM_EVENT_TYPES } from './reporting/problem.events';
import { NETWORK_REPORT_EVENT_TYPES } from './reporting/network-report.events';
import { RISK_FLAG_EVENT_TYPES } from './assessment/risk-flag.events';
import { SUPERVISION_EVENT_TYPES } from './assessment/supervision.events';
import { DEAD_LETTER_EVENT_TYPES } from './operations/dead-letter.events';

/** Which service records which event types, and the topic they are published on. */
export const SERVICES: Record<
  'planning' | 'reporting' | 'assessment' | 'operations',
  { topic: string; types: readonly string[] }
> = {
  planning: {
    topic: 'ledger.planning.events',
    types: [...PROGRAMME_EVENT_TYPES, ...PROJECT_EVENT_TYPES, ...ADMINISTRATIVE_UNIT_EVENT_TYPES],
  },
  reporting: {
    topic: 'ledger.reporting.events',
    types: [...DISPATCH_REPORT_EVENT_TYPES, ...PROBLEM_EVENT_TYPES, ...NETWORK_REPORT_EVENT_TYPES],
  },
  assessment: {
    topic: 'ledger.assessment.events',
    types: [...RISK_FLAG_EVENT_TYPES, 'AssessmentScored', ...SUPERVISION_EVENT_TYPES],
  },
  // What operators did to the ledger's read models (dead letters), not a domain service.
  operations: { topic: 'ledger.operations.events', types: DEAD_LETTER_EVENT_TYPES },
};

const ROUTES = new Map(
  Object.values(SERVICES).flatMap(({ topic, types }) =>
    types.map((t): [string, string] => [t, topic]),
  ),
);

/** The topic an event type is published on; undefined for types no service publishes. */
export function topicFor(eventType: string): string | undefined {
  return ROUTES.get(eventType);
}
