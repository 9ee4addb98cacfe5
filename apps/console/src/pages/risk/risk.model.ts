/**
 * The risk board's shaping, pure: the URL's filters as the API's RiskFlagFilter, and which
 * events a flag cites, where to look for them and which were found.
 */
import type { CitedEvent, RiskFlag, RiskFlagFilter } from './risk.queries';

/** URL parameter -> RiskFlagFilter field. The map page links here with `?region=`. */
export const FILTER_PARAMS = {
  severity: 'severity',
  rule: 'rule',
  network: 'networkCode',
  region: 'regionCode',
  unit: 'unit',
  status: 'status',
  period: 'period',
  project: 'projectId',
} as const satisfies Record<string, keyof RiskFlagFilter>;

export type FilterParam = keyof typeof FILTER_PARAMS;

export function filterFromSearch(search: URLSearchParams): RiskFlagFilter {
  const filter: RiskFlagFilter = {};
  for (const [param, field] of Object.entries(FILTER_PARAMS) as Array<
    [FilterParam, keyof RiskFlagFilter]
  >) {
    const value = search.get(param)?.trim();
    if (value) filter[field] = value;
  }
  return filter;
}

/** Every URL filter cleared (for setParams). */
export function clearedFilters(): Record<FilterParam | 'flag', undefined> {
  const cleared = { flag: undefined } as Record<FilterParam | 'flag', undefined>;
  for (const param of Object.keys(FILTER_PARAMS) as FilterParam[]) cleared[param] = undefined;
  return cleared;
}

/** The project ids the flags are about, once each, in order of first appearance. */
export function flagProjects(flags: readonly RiskFlag[]): string[] {
  const ids: string[] = [];
  for (const flag of flags) {
    if (flag.projectId && !ids.includes(flag.projectId)) ids.push(flag.projectId);
  }
  return ids;
}

export interface Citation {
  eventId: string;
  /** What cites it: the current evidence, a step of the flag, or the resolution. */
  citedBy: Array<'evidence' | 'raised' | 'updated' | 'resolved' | 'resolution'>;
}

/**
 * Every event the flag points at, once each: those its current evidence cites, those its
 * steps' evidence cited, and the events that recorded the steps themselves.
 */
export function citations(flag: RiskFlag): Citation[] {
  const byId = new Map<string, Citation>();
  const cite = (eventId: string, by: Citation['citedBy'][number]) => {
    const citation = byId.get(eventId) ?? { eventId, citedBy: [] };
    if (!citation.citedBy.includes(by)) citation.citedBy.push(by);
    byId.set(eventId, citation);
  };
  flag.evidence.eventIds.forEach((id) => cite(id, 'evidence'));
  flag.resolutionEvidence?.eventIds.forEach((id) => cite(id, 'resolution'));
  for (const step of flag.history) {
    const kind = step.kind === 'raised' || step.kind === 'resolved' ? step.kind : 'updated';
    step.evidence.eventIds.forEach((id) => cite(id, kind));
    cite(step.eventId, kind);
  }
  return [...byId.values()];
}

/** The cited events found among `events`, in the order cited, and the ids not found. */
export function resolveCitations(
  cited: readonly Citation[],
  events: Iterable<CitedEvent>,
): { found: Array<{ citation: Citation; event: CitedEvent }>; missing: string[] } {
  const byId = new Map<string, CitedEvent>();
  for (const event of events) byId.set(event.eventId, event);
  const found: Array<{ citation: Citation; event: CitedEvent }> = [];
  const missing: string[] = [];
  for (const citation of cited) {
    const event = byId.get(citation.eventId);
    if (event) found.push({ citation, event });
    else missing.push(citation.eventId);
  }
  return { found, missing };
}

/**
 * The stream assessment records a network's or region's flag in (`risk-flags-<kind>-<code>`;
 * a project's is `risk-flags-<project>`, among the project's streams).
 */
export function groupFlagStream(flag: Pick<RiskFlag, 'subjectKind' | 'subject'>): string {
  return `risk-flags-${flag.subjectKind}-${flag.subject}`;
}

/** The event's data as indented JSON for reading; the stored text itself when it is not JSON. */
export function prettyData(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data) as unknown, null, 2);
  } catch {
    return data;
  }
}
