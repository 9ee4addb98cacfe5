import { FUNDING_SOURCES } from '../project/domain/project-vocabulary';
import {
  DEFAULT_PROJECT_ID_PREFIX,
  FINANCE_ARRANGEMENTS,
  ProjectHistory,
  mapProjectToOc4ids,
} from './oc4ids-project';
import { DateTime, Oc4idsProject, Oc4idsProjectPackage, Oc4idsPublisher } from './oc4ids.types';
import { ProgrammeReference } from './programme-reference';

export interface PackageOptions {
  /** Where this package is (to be) published: the package's `uri`. */
  uri: string;
  publisher: Oc4idsPublisher;
  /**
   * Defaults to the newest `updated` of its projects: the schema asks an on-demand package
   * for "the date of the last change to the underlying contents", which keeps the output a
   * pure function of the history. Required when no project says when it was updated.
   */
  publishedDate?: DateTime;
  license?: string;
  publicationPolicy?: string;
}

export interface ExportOptions extends PackageOptions {
  /** See ProjectMappingOptions.idPrefix; a placeholder by default. */
  idPrefix?: string;
  /** Generated volume is never published as open data unless asked for (and then marked). */
  includeSynthetic?: boolean;
}

export const DEFAULT_PUBLISHER: Oc4idsPublisher = {
  name: '吉林省发展和改革委员会（“761”工程项目库）',
};

/** Wraps projects into a package; refuses duplicates (the schema requires unique project ids). */
export function buildProjectPackage(
  projects: readonly Oc4idsProject[],
  options: PackageOptions,
): Oc4idsProjectPackage {
  if (projects.length === 0) throw new Error('an OC4IDS package needs at least one project');
  const seen = new Set<string>();
  for (const p of projects) {
    if (seen.has(p.id)) throw new Error(`project ${p.id} appears twice in the package`);
    seen.add(p.id);
  }
  const latest = projects
    .map((p) => p.updated)
    .filter((u): u is string => u !== undefined)
    .sort()
    .at(-1);
  const publishedDate = options.publishedDate ?? latest;
  if (publishedDate === undefined) {
    throw new Error('publishedDate is required when no project carries its update time');
  }
  const pkg: Oc4idsProjectPackage = {
    uri: options.uri,
    publishedDate,
    publisher: options.publisher,
    version: '0.9',
    projects: [...projects],
  };
  if (options.license !== undefined) pkg.license = options.license;
  if (options.publicationPolicy !== undefined) pkg.publicationPolicy = options.publicationPolicy;
  return pkg;
}

/**
 * The export's finance table and the plan must agree on what is debt: a source the plan calls
 * debt must export as a debt arrangement, and no other source may. Checked on every export so
 * a change to either side cannot silently publish bonds as grants.
 */
export function checkDebtClassification(reference: ProgrammeReference): void {
  for (const source of FUNDING_SOURCES) {
    const entry = reference.fundingSources.get(source);
    if (!entry) throw new Error(`the programme has no funding source ${source}`);
    const exportedAsDebt = FINANCE_ARRANGEMENTS[source]?.assetClass === 'debt';
    if (entry.isDebt !== exportedAsDebt) {
      throw new Error(
        `funding source ${entry.code}: the plan says isDebt=${entry.isDebt}, the export would publish it as ${exportedAsDebt ? 'debt' : 'not debt'}`,
      );
    }
  }
}

function isSynthetic(history: ProjectHistory): boolean {
  const first = history.events[0];
  return (
    first !== undefined &&
    (first.type === 'ProjectProposed' || first.type === 'ProjectListedInPlan') &&
    first.data.synthetic
  );
}

/** Every project history -> one OC4IDS project package. Pure: what an adapter calls. */
export function exportProjectPackage(
  histories: readonly ProjectHistory[],
  reference: ProgrammeReference,
  options: ExportOptions,
): Oc4idsProjectPackage {
  checkDebtClassification(reference);
  const idPrefix = options.idPrefix ?? DEFAULT_PROJECT_ID_PREFIX;
  const projects = histories
    .filter((h) => options.includeSynthetic === true || !isSynthetic(h))
    .map((h) => mapProjectToOc4ids(h, reference, { idPrefix }));
  return buildProjectPackage(projects, options);
}
