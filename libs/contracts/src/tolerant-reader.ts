import type { ProgrammeEvent } from './planning/programme.events';
import type { ProjectEvent } from './planning/project.events';
import type { DispatchReportEvent } from './reporting/dispatch-report.events';
import type { ProblemEvent } from './reporting/problem.events';
import type { RiskFlagEvent } from './assessment/risk-flag.events';
import type { AssessmentScored } from './assessment/assessment-scored.event';

/** Every event the services publish, in its current version. */
export type PublishedEvent =
  | ProgrammeEvent
  | ProjectEvent
  | DispatchReportEvent
  | ProblemEvent
  | RiskFlagEvent
  | AssessmentScored;
export type PublishedEventType = PublishedEvent['type'];

/**
 * A tolerant reader names the event types it reads and skips every other: a service that
 * publishes a new type breaks no reader's build and changes no reader's answers. Its union
 * is its own, so a switch over it can stay exhaustive.
 */
export interface TolerantReader<T extends PublishedEventType> {
  readonly types: readonly T[];
  reads(eventType: string): eventType is T;
}

export type ReadEvent<T extends PublishedEventType> = Extract<PublishedEvent, { type: T }>;

export function tolerantReader<const T extends PublishedEventType>(
  types: readonly T[],
): TolerantReader<T> {
  const known: ReadonlySet<string> = new Set(types);
  return { types, reads: (eventType: string): eventType is T => known.has(eventType) };
}
