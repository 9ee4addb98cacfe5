import DataLoader from 'dataloader';
import { DepartmentRegistered, RegionRegistered } from '../programme/domain/programme.events';
import { ProgrammeQueries } from '../programme-catalogue/programme-catalogue.queries';
import {
  AdjustmentRow,
  DisbursementRow,
  MilestoneRow,
  ProjectLibraryQueries,
  ProjectRow,
} from './project-library.queries';

/**
 * One set of loaders per request: a page of 100 projects asking for their disbursements,
 * milestones and adjustments costs three queries, not three hundred. Per request, so that
 * nothing cached outlives the answer it was read for.
 */
export class ProjectLoaders {
  /** Projects by id: federation's _entities for a hundred projects is one query. */
  readonly projects: DataLoader<string, ProjectRow | null>;
  /** The plan's departments, regions and who leads which network: read once per request. */
  readonly departments: DataLoader<string, DepartmentRegistered['data'] | null>;
  readonly regions: DataLoader<string, RegionRegistered['data'] | null>;
  /** A network's lead department, by network code: one statement for every network asked. */
  readonly leadOfNetwork: DataLoader<string, DepartmentRegistered['data'] | null>;
  readonly disbursements: DataLoader<string, DisbursementRow[]>;
  readonly milestones: DataLoader<string, MilestoneRow[]>;
  readonly adjustments: DataLoader<string, AdjustmentRow[]>;

  constructor(queries: ProjectLibraryQueries, programme: ProgrammeQueries) {
    const batch =
      <Row>(load: (ids: readonly string[]) => Promise<Map<string, Row[]>>) =>
      async (ids: readonly string[]): Promise<Row[][]> => {
        const byProject = await load(ids);
        return ids.map((id) => byProject.get(id) ?? []);
      };
    const one =
      <Row>(load: (ids: readonly string[]) => Promise<Map<string, Row>>) =>
      async (ids: readonly string[]): Promise<Array<Row | null>> => {
        const byId = await load(ids);
        return ids.map((id) => byId.get(id) ?? null);
      };
    const byCode = async <Row extends { code: string }>(rows: Promise<Row[]>) =>
      new Map((await rows).map((row) => [row.code, row]));
    this.projects = new DataLoader(one((ids) => queries.byIds(ids)));
    this.departments = new DataLoader(one(() => byCode(programme.departments())));
    this.regions = new DataLoader(one(() => byCode(programme.regions())));
    this.leadOfNetwork = new DataLoader(one((codes) => programme.leadDepartmentsOf(codes)));
    this.disbursements = new DataLoader(batch((ids) => queries.disbursementsOf(ids)));
    this.milestones = new DataLoader(batch((ids) => queries.milestonesOf(ids)));
    this.adjustments = new DataLoader(batch((ids) => queries.adjustmentsOf(ids)));
  }
}

const perRequest = new WeakMap<object, ProjectLoaders>();

/** The loaders of the request whose GraphQL context this is. */
export function projectLoaders(
  context: object,
  queries: ProjectLibraryQueries,
  programme: ProgrammeQueries,
): ProjectLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = new ProjectLoaders(queries, programme);
    perRequest.set(context, loaders);
  }
  return loaders;
}
