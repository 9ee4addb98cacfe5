import DataLoader from 'dataloader';
import {
  AdjustmentRow,
  DisbursementRow,
  MilestoneRow,
  ProjectLibraryQueries,
} from '../projection/project-library.queries';

/**
 * One set of loaders per request: a page of 100 projects asking for their disbursements,
 * milestones and adjustments costs three queries, not three hundred. Per request, so that
 * nothing cached outlives the answer it was read for.
 */
export class ProjectLoaders {
  readonly disbursements: DataLoader<string, DisbursementRow[]>;
  readonly milestones: DataLoader<string, MilestoneRow[]>;
  readonly adjustments: DataLoader<string, AdjustmentRow[]>;

  constructor(queries: ProjectLibraryQueries) {
    const batch =
      <Row>(load: (ids: readonly string[]) => Promise<Map<string, Row[]>>) =>
      async (ids: readonly string[]): Promise<Row[][]> => {
        const byProject = await load(ids);
        return ids.map((id) => byProject.get(id) ?? []);
      };
    this.disbursements = new DataLoader(batch((ids) => queries.disbursementsOf(ids)));
    this.milestones = new DataLoader(batch((ids) => queries.milestonesOf(ids)));
    this.adjustments = new DataLoader(batch((ids) => queries.adjustmentsOf(ids)));
  }
}

const perRequest = new WeakMap<object, ProjectLoaders>();

/** The loaders of the request whose GraphQL context this is. */
export function projectLoaders(context: object, queries: ProjectLibraryQueries): ProjectLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = new ProjectLoaders(queries);
    perRequest.set(context, loaders);
  }
  return loaders;
}
