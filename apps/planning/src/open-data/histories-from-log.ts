import { RecordedEvent } from '@ledger/event-store';
import { DISPATCH_REPORT_EVENT_TYPES, DispatchReportEvent } from '@ledger/contracts';
import { PROGRAMME_STREAM } from '../programme/domain/programme.decider';
import { PROGRAMME_EVENT_TYPES, ProgrammeEvent } from '../programme/domain/programme.events';
import { ProjectEvent, isProjectEvent } from '../project/domain/project.events';
import { ProjectHistory } from './oc4ids-project';

/** Stream names as the services write them (project-<id>, dispatch-reports-<id>). */
const PROJECT_PREFIX = 'project-';
const REPORTS_PREFIX = 'dispatch-reports-';

const isProgrammeEvent = (type: string): boolean =>
  (PROGRAMME_EVENT_TYPES as readonly string[]).includes(type);
const isDispatchReportEvent = (type: string): boolean =>
  (DISPATCH_REPORT_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The global log (or any part of it, in order) sorted into what the export needs: the
 * programme's events, and per project its stream, its reports and when it last changed.
 * Stored events are plain JSON; the type check is the same one the projections make.
 */
export function historiesFromRecordedEvents(recorded: Iterable<RecordedEvent>): {
  programme: ProgrammeEvent[];
  projects: ProjectHistory[];
} {
  const programme: ProgrammeEvent[] = [];
  const projects = new Map<
    string,
    { events: ProjectEvent[]; reports: DispatchReportEvent[]; last: Date }
  >();
  const entry = (projectId: string, at: Date) => {
    const found = projects.get(projectId) ?? { events: [], reports: [], last: at };
    if (at > found.last) found.last = at;
    projects.set(projectId, found);
    return found;
  };
  for (const event of recorded) {
    const plain = { type: event.type, data: event.data };
    if (event.streamId === PROGRAMME_STREAM && isProgrammeEvent(event.type)) {
      programme.push(plain as ProgrammeEvent);
    } else if (event.streamId.startsWith(PROJECT_PREFIX) && isProjectEvent(plain)) {
      entry(event.streamId.slice(PROJECT_PREFIX.length), event.recordedAt).events.push(plain);
    } else if (event.streamId.startsWith(REPORTS_PREFIX) && isDispatchReportEvent(event.type)) {
      entry(event.streamId.slice(REPORTS_PREFIX.length), event.recordedAt).reports.push(
        plain as DispatchReportEvent,
      );
    }
  }
  return {
    programme,
    projects: [...projects.values()]
      // Reports for a project the planning side never recorded have nothing to attach to.
      .filter((p) => p.events.length > 0)
      .map((p) => ({ events: p.events, reports: p.reports, lastRecordedAt: p.last })),
  };
}
