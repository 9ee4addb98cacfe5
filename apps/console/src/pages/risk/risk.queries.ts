/**
 * The risk board's GraphQL: the flags with the programme's names in one request, the
 * projects' names in a second (one aliased field per project, batched by planning), and
 * the events a flag's evidence cites from the audit API.
 */
import type { ServedEvent } from '../../chain/verify-chain';
import { RISK_FLAG_FIELDS, RiskFlag, SERVED_EVENT_FIELDS } from '../passport/passport.queries';

export type { RiskFlag } from '../passport/passport.queries';

const NAMES = `programme {
  networks { code nameZh nameEn }
  regions { code nameZh nameEn }
  departments { code nameZh nameEn }
}`;

export const RISK_FLAGS_NOW = `query RiskBoard($filter: RiskFlagFilter, $first: Int) {
  flags: riskFlags(filter: $filter, first: $first) { ${RISK_FLAG_FIELDS} }
  ${NAMES}
}`;

export const RISK_FLAGS_AS_OF = `query RiskBoardAsOf($asOf: AsOf!, $filter: RiskFlagFilter, $first: Int) {
  flags: riskFlagsAsOf(asOf: $asOf, filter: $filter, first: $first) { ${RISK_FLAG_FIELDS} }
  ${NAMES}
}`;

/** The API's largest page of flags. */
export const FLAG_LIMIT = 200;

export interface Named {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface RiskBoardResult {
  flags: RiskFlag[];
  programme: { networks: Named[]; regions: Named[]; departments: Named[] } | null;
}

/** The input type RiskFlagFilter, as the URL sets it. */
export interface RiskFlagFilter {
  severity?: string;
  rule?: string;
  networkCode?: string;
  regionCode?: string;
  unit?: string;
  status?: string;
  projectId?: string;
  period?: string;
}

export interface ProjectName {
  projectId: string;
  nameZh: string;
  nameEn: string | null;
  synthetic: boolean;
}

/**
 * One request for the names of many projects: `p0: project(projectId: $p0) {...}` and so
 * on, which planning answers from one batched read.
 */
export function projectNamesQuery(projectIds: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const declarations: string[] = [];
  const fields: string[] = [];
  projectIds.forEach((id, i) => {
    variables[`p${i}`] = id;
    declarations.push(`$p${i}: String!`);
    fields.push(`p${i}: project(projectId: $p${i}) { projectId nameZh nameEn synthetic }`);
  });
  return {
    query: `query RiskBoardProjects(${declarations.join(', ')}) { ${fields.join(' ')} }`,
    variables,
  };
}

export type ProjectNamesResult = Record<string, ProjectName | null>;

/** A project flag's evidence lives in that project's streams: its plan, reports and flags. */
export const FLAG_STREAMS = `query FlagStreams($planning: String!, $reports: String!, $flags: String!) {
  planning: streamHistory(streamId: $planning) { ${SERVED_EVENT_FIELDS} position }
  reports: streamHistory(streamId: $reports) { ${SERVED_EVENT_FIELDS} position }
  flags: streamHistory(streamId: $flags) { ${SERVED_EVENT_FIELDS} position }
}`;

export type CitedEvent = ServedEvent & { position?: string };

export interface FlagStreamsResult {
  planning: CitedEvent[];
  reports: CitedEvent[];
  flags: CitedEvent[];
}

/** A network's or region's flag's own stream, where its steps are recorded. */
export const GROUP_FLAG_STREAM = `query GroupFlagStream($stream: String!) {
  flag: streamHistory(streamId: $stream) { ${SERVED_EVENT_FIELDS} position }
}`;

export interface GroupFlagStreamResult {
  flag: CitedEvent[];
}

/**
 * A network's or region's flag (debt concentration) cites plan events of many projects:
 * they are found in the log of plan events, a page at a time.
 */
export const PLAN_EVENT_LOG = `query PlanEvents($types: [String!], $after: String) {
  eventLog(filter: { types: $types }, first: 100, after: $after) {
    edges { node { ${SERVED_EVENT_FIELDS} position } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The events that set a project's plan figures (assessment's `evidence.plan`). */
export const PLAN_EVENT_TYPES = ['ProjectListedInPlan', 'ProjectProposed', 'ProjectPlanAdjusted'];

/** How many pages of the plan-event log a group flag's search reads at most. */
export const PLAN_EVENT_PAGES = 20;

export interface PlanEventsResult {
  eventLog: {
    edges: Array<{ node: CitedEvent }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
