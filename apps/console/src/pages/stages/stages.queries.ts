/** The stages page's GraphQL (field names as in apps/gateway/supergraph.graphql). */
export const PROJECT_STAGES = `query ProjectStages($year: Int!, $groupBy: StageGrouping!, $asOf: String) {
  projectStages(year: $year, groupBy: $groupBy, asOf: $asOf) {
    key nameZh reserve newStart continuing completed
    plannedNewStart plannedContinuing plannedCompleted startRate completionRate
    planSources { document line quote coverage part newStart continuing completed }
  }
}`;

export type StageGrouping = 'NETWORK' | 'REGION' | 'DEPARTMENT';
export const GROUPINGS: readonly StageGrouping[] = ['NETWORK', 'REGION', 'DEPARTMENT'];

export interface StagePlanSource {
  document: string;
  line: number;
  quote: string;
  coverage: string;
  part: string | null;
  newStart: number | null;
  continuing: number | null;
  completed: number | null;
}

export interface StageRow {
  key: string;
  nameZh: string;
  reserve: number;
  newStart: number;
  continuing: number;
  completed: number;
  plannedNewStart: number | null;
  plannedContinuing: number | null;
  plannedCompleted: number | null;
  startRate: string | null;
  completionRate: string | null;
  planSources: StagePlanSource[];
}

export interface ProjectStagesResult {
  projectStages: StageRow[];
}

/** The year asked for: from the URL, else the programme's first (2020). */
export function yearOf(text: string | null): number {
  const year = Number(text);
  return Number.isInteger(year) && year >= 2020 && year <= 2025 ? year : 2020;
}

export function groupingOf(text: string | null): StageGrouping {
  return GROUPINGS.find((g) => g === text) ?? 'NETWORK';
}

/** A count or rate cell: "—" where the plan states none. */
export function cell(value: number | string | null): string {
  return value === null ? '—' : String(value);
}
