/**
 * Assessment lag as an auditor reads it from the ledger: for every flag raised or updated
 * since `since`, the time from the latest fact it cites (its evidence's event ids) being
 * recorded to the flag being recorded. Read through the public `eventLog`, so the figure is
 * what the stored history says, not what a process believes it did.
 */
interface LoggedEvent {
  eventId: string;
  type: string;
  data: string;
  recordedAt: string;
}

const PAGE = `query($filter: EventLogFilter, $after: String) {
  eventLog(filter: $filter, first: 100, after: $after) {
    edges { node { eventId type data recordedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function readLog(
  url: string,
  headers: Record<string, string>,
  filter: Record<string, unknown>,
): Promise<LoggedEvent[]> {
  const events: LoggedEvent[] = [];
  let after: string | null = null;
  for (;;) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: PAGE, variables: { filter, after } }),
    });
    const body = (await response.json()) as {
      data?: {
        eventLog: {
          edges: Array<{ node: LoggedEvent }>;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      errors?: Array<{ message: string }>;
    };
    if (!body.data) throw new Error(`eventLog: ${body.errors?.[0]?.message ?? response.status}`);
    events.push(...body.data.eventLog.edges.map((edge) => edge.node));
    const page = body.data.eventLog.pageInfo;
    if (!page.hasNextPage || page.endCursor === null) return events;
    after = page.endCursor;
  }
}

export interface AssessmentLag {
  flags: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function assessmentLag(
  url: string,
  auditorHeaders: Record<string, string>,
  since: Date,
  factTypes: readonly string[],
): Promise<AssessmentLag> {
  const recordedFrom = since.toISOString();
  const facts = await readLog(url, auditorHeaders, { types: factTypes, recordedFrom });
  const recordedAt = new Map(facts.map((e) => [e.eventId, Date.parse(e.recordedAt)]));
  const flags = await readLog(url, auditorHeaders, {
    types: ['RiskFlagRaised', 'RiskFlagUpdated'],
    recordedFrom,
  });
  const lags: number[] = [];
  for (const flag of flags) {
    const { evidence } = JSON.parse(flag.data) as { evidence: { eventIds: string[] } };
    const cited = evidence.eventIds
      .map((id) => recordedAt.get(id))
      .filter((t): t is number => t !== undefined);
    if (cited.length > 0) lags.push(Date.parse(flag.recordedAt) - Math.max(...cited));
  }
  lags.sort((a, b) => a - b);
  const at = (p: number) => lags[Math.min(lags.length - 1, Math.ceil(p * lags.length) - 1)] ?? NaN;
  return {
    flags: lags.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: lags[lags.length - 1] ?? NaN,
  };
}
