/**
 * Typed loader for the Jilin "New Infrastructure 761" seed data (seeds/jilin-761/*.json).
 *
 * The interfaces below describe the JSON files exactly as they are: every key that occurs is
 * declared, keys that occur only on some objects are optional, and keys whose value can be
 * JSON null are typed `| null`. The loader does not trust the files: each file is parsed to
 * `unknown` and run through a decoder built from the interface, which rejects missing keys,
 * unknown keys and values of the wrong type, so a loaded seed really has the declared shape.
 *
 * Conventions of the data (see the `$comment` of each file and /work/shared/DOMAIN.md):
 * - money is a decimal string in 亿元 (1 亿元 = 100,000,000 yuan), never a JSON number;
 * - counts (projects, stations, ...) are JSON integers;
 * - every stated figure carries a `SourceRef` into SOURCE_DOCUMENT_PATH.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

// ---------------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------------

/** A reference into the source document: 1-based line number and an exact substring of it. */
export interface SourceRef {
  line: number;
  quote: string;
}

/** A non-negative decimal number written as a string, e.g. "2116.85" (亿元 unless a unit says otherwise). */
export type DecimalString = string;

/** Network and category budget periods. "2021-2025" stands for “十四五”期间. */
export type BudgetPeriod = '2020' | '2021-2025';

export interface SourcedAmount {
  value: DecimalString;
  source: SourceRef;
}

export interface SourcedAmountWithAlsoIn extends SourcedAmount {
  alsoIn?: SourceRef[];
}

export interface NotedSourcedAmount extends SourcedAmount {
  note: string;
}

export interface SourcedCount {
  value: number;
  source: SourceRef;
}

export interface Quantity {
  code: string;
  nameEn: string;
  unit: string;
  value: DecimalString;
  source: SourceRef;
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// programme.json
// ---------------------------------------------------------------------------------------------

export interface Annex {
  number: number;
  networkCode: string;
  titleZh: string;
  source: SourceRef;
}

export interface ProgrammeDocument {
  number: string;
  numberSource: SourceRef;
  titleZh: string;
  titleEn: string;
  titleSources: SourceRef[];
  issuerZh: string;
  issuerEn: string;
  issuerSource: SourceRef;
  /** ISO date, e.g. "2020-04-09". */
  issueDate: string;
  issueDateSource: SourceRef;
  publication: string;
  publicationSource: SourceRef;
  annexes: Annex[];
}

export interface NewInfrastructureTag {
  code: string;
  nameZh: string;
  nameEn: string;
  source: SourceRef;
}

export interface FundingSource {
  code: string;
  nameZh: string;
  nameEn: string;
  isDebt: boolean;
  source: SourceRef;
  alsoIn?: SourceRef[];
  note?: string;
}

export interface ProgrammeFile {
  $comment: string;
  code: string;
  nameZh: string;
  nameEn: string;
  nameSource: SourceRef;
  planTitleZh: string;
  planTitleEn: string;
  moneyUnit: { code: string; nameZh: string; yuan: DecimalString };
  document: ProgrammeDocument;
  period: { startYear: number; endYear: number; sources: SourceRef[]; note: string };
  structure: {
    newInfrastructureCount: SourcedCount;
    networkCount: SourcedCount;
    shortfallCount: SourcedCount;
  };
  totalProjects: SourcedCount;
  /** The main-text programme total (10962), as stated. */
  totalInvestment: NotedSourcedAmount;
  /** Derived sum of the exact annex network totals; not stated in the document. */
  sumOfNetworkTotalsExact: { value: DecimalString; derived: true; note: string };
  newInfrastructureTags: NewInfrastructureTag[];
  fundingSources: FundingSource[];
  governance: {
    leadingGroup: {
      nameZh: string;
      nameEn: string;
      officeDepartmentCode: string;
      source: SourceRef;
    };
    projectLibrary: {
      ownerDepartmentCode: string;
      descriptionEn: string;
      source: SourceRef;
      alsoIn: SourceRef[];
    };
    monthlyDispatch: {
      dueWorkingDaysAfterMonthEnd: SourcedCount;
      recipientDepartmentCode: string;
      source: SourceRef;
    };
    infoNetworkCadence: { descriptionEn: string; source: SourceRef };
    riskPrevention: { source: SourceRef };
  };
}

// ---------------------------------------------------------------------------------------------
// networks.json
// ---------------------------------------------------------------------------------------------

export interface NetworkProjectCount extends SourcedCount {
  scope?: string;
}

export interface NetworkBudget {
  period: BudgetPeriod;
  investment: SourcedAmount;
  projects?: {
    continuing?: SourcedCount;
    continuingSubProjects?: SourcedCount;
    newStarts: SourcedCount;
    newStartSubProjects: SourcedCount;
  };
}

export interface CategoryProjectCount extends SourcedCount {
  alsoIn?: SourceRef[];
  note?: string;
  /** "bundle" (打捆项目) where the count is of bundled projects. */
  unit?: string;
}

export interface CategoryBudgetProjectCount extends SourcedCount {
  derived?: true;
  note?: string;
  unit?: string;
}

export interface CategoryBudgetPart {
  nameEn: string;
  investment: SourcedAmount;
  projectCount?: SourcedCount;
}

export interface CategoryBudget {
  period: BudgetPeriod;
  investment?: SourcedAmount;
  alsoIn?: SourceRef[];
  /** A lower "ensure" (确保) figure beside the "strive for" (力争) investment. */
  floor?: SourcedAmount;
  note?: string;
  projectCount?: CategoryBudgetProjectCount;
  parts?: CategoryBudgetPart[];
  /** A second stated figure for the same budget (see discrepancies.json). */
  alternative?: SourcedAmount;
  /** What part of the category the budget covers, when not all of it. */
  scope?: string;
  subProjects?: SourcedCount;
}

export interface CategoryQuantity extends Quantity {
  /** The number as written in the source when it uses 万 (e.g. "1.56万" for 15600). */
  valueAsWritten?: string;
  alsoIn?: SourceRef[];
}

export interface NetworkCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  parentCode: string | null;
  projectCount: CategoryProjectCount | null;
  investment: SourcedAmountWithAlsoIn | null;
  budgets: CategoryBudget[];
  quantities: CategoryQuantity[];
  responsibleDepartment?: string;
  source?: SourceRef;
  note?: string;
  alsoIn?: SourceRef[];
  namedProjects?: string[];
  regions2020New?: Array<{ regionCode: string; stations: number }>;
  regions2020NewSource?: SourceRef;
  focusRegions2021_2025?: string[];
  focusRegionsSource?: SourceRef;
  subProjectCount?: { value: number; derived: true; note: string };
  plannedInvestment?: SourcedAmount;
}

export interface CombinedBudget {
  period: BudgetPeriod;
  categoryCodes: string[];
  investment: SourcedAmount;
  note: string;
}

/** Derived roll-ups of the categories, recorded in the data (derived: true). */
export interface CategoriesSums {
  projectCount: number;
  investment: DecimalString;
  budget2020?: DecimalString;
  budget2021_2025?: DecimalString;
  plannedByPeriod?: DecimalString;
  derived: true;
  note?: string;
}

export interface RegionalShare {
  regionCode: string;
  projectCount: SourcedCount;
  investment: SourcedAmount;
}

export interface Network {
  code: string;
  nameZh: string;
  nameEn: string;
  annex: number;
  leadDepartment: string;
  /** "coordinator (统筹)" where the lead department coordinates rather than leads. */
  leadRole?: string;
  coResponsible: string[];
  responsibilitySource: SourceRef;
  /** Exact figure from the network's annex. */
  totalInvestment: SourcedAmount;
  /** Rounded figure from the main text (line 23). */
  mainTextTotalInvestment: SourcedAmount;
  /** null when the document states no count (water). */
  projectCount: NetworkProjectCount | null;
  derivedProjectCount?: { value: number; derived: true; method: string; caveat: string };
  subProjectCount?: SourcedCount;
  buildListInvestment?: NotedSourcedAmount;
  plannedInvestment?: NotedSourcedAmount;
  budgets: NetworkBudget[];
  budgetsNote?: string;
  combinedBudgets?: CombinedBudget[];
  categoriesSource?: SourceRef;
  categories: NetworkCategory[];
  categoriesSums?: CategoriesSums;
  byRegion?: RegionalShare[];
  byRegionSums?: { projectCount: number; investment: DecimalString; derived: true };
  note?: string;
}

export interface NetworksFile {
  $comment: string;
  networks: Network[];
}

// ---------------------------------------------------------------------------------------------
// departments.json
// ---------------------------------------------------------------------------------------------

export type DepartmentKind =
  'planning-office' | 'lead-department' | 'co-responsible' | 'enterprise';

export type DepartmentRoleName =
  | 'lead'
  | 'co-responsible'
  | 'coordinator'
  | 'section-responsible'
  | 'leading-group-office'
  | 'project-library-owner'
  | 'dispatch-aggregator'
  | 'sub-sector-lead'
  | 'safeguard-responsible';

export interface DepartmentRole {
  role: DepartmentRoleName;
  /** null = programme-wide. */
  networkCode: string | null;
  source: SourceRef;
  note?: string;
}

export interface Department {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: DepartmentKind;
  roles: DepartmentRole[];
  source: SourceRef;
  note?: string;
}

export interface DepartmentsFile {
  $comment: string;
  departments: Department[];
}

// ---------------------------------------------------------------------------------------------
// regions.json
// ---------------------------------------------------------------------------------------------

export type RegionKind =
  | 'prefecture-city'
  | 'autonomous-prefecture'
  | 'management-zone'
  | 'new-area'
  | 'county-level-city';

export interface Region {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: RegionKind;
  source: SourceRef;
  nameSource?: SourceRef;
  governmentSource?: SourceRef;
  alsoIn?: SourceRef[];
  note?: string;
}

export interface RegionsFile {
  $comment: string;
  prefectureCount: SourcedCount & { alsoIn: SourceRef[] };
  regions: Region[];
}

// ---------------------------------------------------------------------------------------------
// targets.json
// ---------------------------------------------------------------------------------------------

export type TargetKind =
  'new-in-year' | 'new-in-period' | 'cumulative-by' | 'share' | 'level-by' | 'programme-scale';

export type TargetComparator = '=' | '>=' | '>' | 'approx' | 'range';

export interface Target {
  code: string;
  networkCode: string;
  categoryCode: string | null;
  nameZh: string;
  nameEn: string;
  unit: string;
  kind: TargetKind;
  year: number | null;
  byEndOf: number | null;
  period: '2020-2025' | '2021-2025' | null;
  comparator: TargetComparator;
  /** null only for comparator "range" (see valueMin / valueMax). */
  value: DecimalString | null;
  valueMin?: DecimalString;
  valueMax?: DecimalString;
  valueAsWritten?: string;
  source: SourceRef;
  alsoIn?: SourceRef[];
  discrepancyCode?: string;
  note?: string;
}

export interface QualitativeTarget {
  code: string;
  networkCode: string;
  categoryCode: string | null;
  nameZh: string;
  nameEn: string;
  year: number | null;
  byEndOf: number | null;
  source: SourceRef;
}

export interface TargetsFile {
  $comment: string;
  targets: Target[];
  qualitativeTargets: QualitativeTarget[];
}

// ---------------------------------------------------------------------------------------------
// named-projects.json
// ---------------------------------------------------------------------------------------------

export type RegionBasis = 'name' | 'county-in-name' | 'stated-in-text';

export type ScheduleEvent =
  | 'continue'
  | 'start'
  | 'complete'
  | 'accelerate'
  | 'advance'
  | 'plan'
  | 'build'
  | 'preparatory-work'
  | 'milestone';

export interface ScheduleEntry {
  event: ScheduleEvent;
  period: '2020' | '2021' | '2021-2025' | '2020-2025';
  source: SourceRef;
  note?: string;
}

export interface ProjectAlias {
  nameZh: string;
  source: SourceRef;
  note?: string;
}

export interface NamedProject {
  id: string;
  nameZh: string;
  nameEn: string;
  networkCode: string;
  categoryCode: string;
  regionCodes: string[];
  regionBasis: RegionBasis | null;
  newInfraTags: string[];
  plannedInvestment: SourcedAmountWithAlsoIn | null;
  /** One figure stated for several projects together (ids in sharedWith). */
  sharedInvestment?: SourcedAmount & { sharedWith: string[]; note: string };
  quantities: Quantity[];
  schedule: ScheduleEntry[];
  aliasesZh: ProjectAlias[];
  source: SourceRef;
  alsoIn?: SourceRef[];
  alsoInNetworks?: string[];
  fundingSourceCodes?: string[];
  note?: string;
}

export interface NamedProjectsFile {
  $comment: string;
  projects: NamedProject[];
}

// ---------------------------------------------------------------------------------------------
// discrepancies.json
// ---------------------------------------------------------------------------------------------

export type DiscrepancySeverity =
  'contradiction' | 'unreconciled' | 'rounding' | 'two-figures' | 'approximate';

/** A stated figure has a source; a derived one has derived: true and a formula instead. */
export interface DiscrepancyFigure {
  label: string;
  value: DecimalString;
  source?: SourceRef;
  derived?: true;
  formula?: string;
}

export interface Discrepancy {
  code: string;
  /** null = programme-wide. */
  networkCode: string | null;
  severity: DiscrepancySeverity;
  description: string;
  figures: DiscrepancyFigure[];
  /** Which figure each seed file carries, keyed by file name. */
  seedUses: { 'programme.json'?: string; 'networks.json'?: string; 'targets.json'?: string };
  reason: string;
}

export interface DiscrepanciesFile {
  $comment: string;
  discrepancies: Discrepancy[];
}

// ---------------------------------------------------------------------------------------------
// The whole seed
// ---------------------------------------------------------------------------------------------

export interface Jilin761Seed {
  programme: ProgrammeFile;
  networks: NetworksFile;
  departments: DepartmentsFile;
  regions: RegionsFile;
  targets: TargetsFile;
  namedProjects: NamedProjectsFile;
  discrepancies: DiscrepanciesFile;
}

/** The JSON file behind each part of the seed, relative to this directory. */
export const SEED_FILES: Readonly<Record<keyof Jilin761Seed, string>> = {
  programme: 'programme.json',
  networks: 'networks.json',
  departments: 'departments.json',
  regions: 'regions.json',
  targets: 'targets.json',
  namedProjects: 'named-projects.json',
  discrepancies: 'discrepancies.json',
};

/** The source document every SourceRef points into (UTF-8, one paragraph per line). */
/**
 * The folder with the JSON files. Compiled, this module runs from dist/seeds/jilin-761 while
 * the data stays in seeds/jilin-761: look beside the module first, then in the source tree.
 */
export const SEED_DIRECTORY: string =
  [__dirname, join(__dirname, '..', '..', '..', 'seeds', 'jilin-761')].find((dir) =>
    existsSync(join(dir, 'programme.json')),
  ) ?? __dirname;

export const SOURCE_DOCUMENT_PATH: string = join(SEED_DIRECTORY, 'source', 'jilin-761-plan.zh.txt');

// ---------------------------------------------------------------------------------------------
// Decoders: unknown -> typed value, or a SeedShapeError naming the offending JSON path
// ---------------------------------------------------------------------------------------------

export class SeedShapeError extends Error {
  override readonly name = 'SeedShapeError';
}

type Decoder<T> = (input: unknown, path: string) => T;

interface OptionalField<T> {
  readonly optional: true;
  readonly decode: Decoder<T>;
}

/** One decoder per key of T; optional keys (`k?:`) need an `optional(...)` decoder. */
type FieldDecoders<T> = {
  [K in keyof T]-?: undefined extends T[K]
    ? OptionalField<Exclude<T[K], undefined>>
    : Decoder<T[K]>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new SeedShapeError(`${path}: expected ${expected}, got ${describeValue(got)}`);
}

/** JSONPath-style child path: `$.a.b[3]`, or `$['targets.json']` for awkward keys. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

const string: Decoder<string> = (input, path) =>
  typeof input === 'string' ? input : fail(path, 'a string', input);

const integer: Decoder<number> = (input, path) =>
  typeof input === 'number' && Number.isInteger(input) ? input : fail(path, 'an integer', input);

const boolean: Decoder<boolean> = (input, path) =>
  typeof input === 'boolean' ? input : fail(path, 'a boolean', input);

const literalTrue: Decoder<true> = (input, path) =>
  input === true ? true : fail(path, 'true', input);

const DECIMAL = /^\d+(\.\d+)?$/;

/** Amounts and quantities: a non-negative decimal written as a string, never a JSON number. */
const decimal: Decoder<DecimalString> = (input, path) =>
  typeof input === 'string' && DECIMAL.test(input)
    ? input
    : fail(path, 'a decimal string such as "2116.85"', input);

/**
 * A string from a closed set. The set is given as a record with one key per member of T, so the
 * compiler rejects a decoder that misses a member of the union or lists one it does not have.
 */
function oneOf<T extends string>(members: Record<T, true>): Decoder<T> {
  const values: readonly string[] = Object.keys(members);
  return (input, path) =>
    typeof input === 'string' && values.includes(input)
      ? (input as T)
      : fail(path, `one of ${values.join(' | ')}`, input);
}

function nullable<T>(decode: Decoder<T>): Decoder<T | null> {
  return (input, path) => (input === null ? null : decode(input, path));
}

function array<T>(decode: Decoder<T>): Decoder<T[]> {
  return (input, path) => {
    if (!Array.isArray(input)) return fail(path, 'an array', input);
    const items: unknown[] = input;
    return items.map((item, index) => decode(item, childPath(path, index)));
  };
}

function optional<T>(decode: Decoder<T>): OptionalField<T> {
  return { optional: true, decode };
}

/** A JSON object with exactly the keys of T (no unknown keys, no missing required keys). */
function object<T extends object>(fields: FieldDecoders<T>): Decoder<T> {
  const entries = Object.entries(
    fields as Record<string, Decoder<unknown> | OptionalField<unknown>>,
  );
  return (input, path) => {
    if (!isRecord(input)) return fail(path, 'an object', input);
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(fields, key)) {
        throw new SeedShapeError(`${path}: unexpected key ${JSON.stringify(key)}`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      const present = Object.prototype.hasOwnProperty.call(input, key);
      if (typeof field === 'function') {
        if (!present) throw new SeedShapeError(`${path}: missing key ${JSON.stringify(key)}`);
        out[key] = field(input[key], childPath(path, key));
      } else if (present) {
        out[key] = field.decode(input[key], childPath(path, key));
      }
    }
    // Every key has been checked against the decoder derived from T.
    return out as T;
  };
}

// --- shared -----------------------------------------------------------------------------------

const sourceRef = object<SourceRef>({ line: integer, quote: string });
const sourceRefs = array(sourceRef);
const budgetPeriod = oneOf<BudgetPeriod>({ '2020': true, '2021-2025': true });

const sourcedAmount = object<SourcedAmount>({ value: decimal, source: sourceRef });
const sourcedAmountWithAlsoIn = object<SourcedAmountWithAlsoIn>({
  value: decimal,
  source: sourceRef,
  alsoIn: optional(sourceRefs),
});
const notedSourcedAmount = object<NotedSourcedAmount>({
  value: decimal,
  source: sourceRef,
  note: string,
});
const sourcedCount = object<SourcedCount>({ value: integer, source: sourceRef });
const quantity = object<Quantity>({
  code: string,
  nameEn: string,
  unit: string,
  value: decimal,
  source: sourceRef,
  note: optional(string),
});

// --- programme.json ---------------------------------------------------------------------------

const programmeFile = object<ProgrammeFile>({
  $comment: string,
  code: string,
  nameZh: string,
  nameEn: string,
  nameSource: sourceRef,
  planTitleZh: string,
  planTitleEn: string,
  moneyUnit: object<ProgrammeFile['moneyUnit']>({ code: string, nameZh: string, yuan: decimal }),
  document: object<ProgrammeDocument>({
    number: string,
    numberSource: sourceRef,
    titleZh: string,
    titleEn: string,
    titleSources: sourceRefs,
    issuerZh: string,
    issuerEn: string,
    issuerSource: sourceRef,
    issueDate: string,
    issueDateSource: sourceRef,
    publication: string,
    publicationSource: sourceRef,
    annexes: array(
      object<Annex>({ number: integer, networkCode: string, titleZh: string, source: sourceRef }),
    ),
  }),
  period: object<ProgrammeFile['period']>({
    startYear: integer,
    endYear: integer,
    sources: sourceRefs,
    note: string,
  }),
  structure: object<ProgrammeFile['structure']>({
    newInfrastructureCount: sourcedCount,
    networkCount: sourcedCount,
    shortfallCount: sourcedCount,
  }),
  totalProjects: sourcedCount,
  totalInvestment: notedSourcedAmount,
  sumOfNetworkTotalsExact: object<ProgrammeFile['sumOfNetworkTotalsExact']>({
    value: decimal,
    derived: literalTrue,
    note: string,
  }),
  newInfrastructureTags: array(
    object<NewInfrastructureTag>({
      code: string,
      nameZh: string,
      nameEn: string,
      source: sourceRef,
    }),
  ),
  fundingSources: array(
    object<FundingSource>({
      code: string,
      nameZh: string,
      nameEn: string,
      isDebt: boolean,
      source: sourceRef,
      alsoIn: optional(sourceRefs),
      note: optional(string),
    }),
  ),
  governance: object<ProgrammeFile['governance']>({
    leadingGroup: object<ProgrammeFile['governance']['leadingGroup']>({
      nameZh: string,
      nameEn: string,
      officeDepartmentCode: string,
      source: sourceRef,
    }),
    projectLibrary: object<ProgrammeFile['governance']['projectLibrary']>({
      ownerDepartmentCode: string,
      descriptionEn: string,
      source: sourceRef,
      alsoIn: sourceRefs,
    }),
    monthlyDispatch: object<ProgrammeFile['governance']['monthlyDispatch']>({
      dueWorkingDaysAfterMonthEnd: sourcedCount,
      recipientDepartmentCode: string,
      source: sourceRef,
    }),
    infoNetworkCadence: object<ProgrammeFile['governance']['infoNetworkCadence']>({
      descriptionEn: string,
      source: sourceRef,
    }),
    riskPrevention: object<ProgrammeFile['governance']['riskPrevention']>({ source: sourceRef }),
  }),
});

// --- networks.json ----------------------------------------------------------------------------

const networkBudget = object<NetworkBudget>({
  period: budgetPeriod,
  investment: sourcedAmount,
  projects: optional(
    object<NonNullable<NetworkBudget['projects']>>({
      continuing: optional(sourcedCount),
      continuingSubProjects: optional(sourcedCount),
      newStarts: sourcedCount,
      newStartSubProjects: sourcedCount,
    }),
  ),
});

const categoryBudget = object<CategoryBudget>({
  period: budgetPeriod,
  investment: optional(sourcedAmount),
  alsoIn: optional(sourceRefs),
  floor: optional(sourcedAmount),
  note: optional(string),
  projectCount: optional(
    object<CategoryBudgetProjectCount>({
      value: integer,
      source: sourceRef,
      derived: optional(literalTrue),
      note: optional(string),
      unit: optional(string),
    }),
  ),
  parts: optional(
    array(
      object<CategoryBudgetPart>({
        nameEn: string,
        investment: sourcedAmount,
        projectCount: optional(sourcedCount),
      }),
    ),
  ),
  alternative: optional(sourcedAmount),
  scope: optional(string),
  subProjects: optional(sourcedCount),
});

const networkCategory = object<NetworkCategory>({
  code: string,
  nameZh: string,
  nameEn: string,
  parentCode: nullable(string),
  projectCount: nullable(
    object<CategoryProjectCount>({
      value: integer,
      source: sourceRef,
      alsoIn: optional(sourceRefs),
      note: optional(string),
      unit: optional(string),
    }),
  ),
  investment: nullable(sourcedAmountWithAlsoIn),
  budgets: array(categoryBudget),
  quantities: array(
    object<CategoryQuantity>({
      code: string,
      nameEn: string,
      unit: string,
      value: decimal,
      source: sourceRef,
      note: optional(string),
      valueAsWritten: optional(string),
      alsoIn: optional(sourceRefs),
    }),
  ),
  responsibleDepartment: optional(string),
  source: optional(sourceRef),
  note: optional(string),
  alsoIn: optional(sourceRefs),
  namedProjects: optional(array(string)),
  regions2020New: optional(
    array(
      object<{ regionCode: string; stations: number }>({ regionCode: string, stations: integer }),
    ),
  ),
  regions2020NewSource: optional(sourceRef),
  focusRegions2021_2025: optional(array(string)),
  focusRegionsSource: optional(sourceRef),
  subProjectCount: optional(
    object<NonNullable<NetworkCategory['subProjectCount']>>({
      value: integer,
      derived: literalTrue,
      note: string,
    }),
  ),
  plannedInvestment: optional(sourcedAmount),
});

const network = object<Network>({
  code: string,
  nameZh: string,
  nameEn: string,
  annex: integer,
  leadDepartment: string,
  leadRole: optional(string),
  coResponsible: array(string),
  responsibilitySource: sourceRef,
  totalInvestment: sourcedAmount,
  mainTextTotalInvestment: sourcedAmount,
  projectCount: nullable(
    object<NetworkProjectCount>({ value: integer, source: sourceRef, scope: optional(string) }),
  ),
  derivedProjectCount: optional(
    object<NonNullable<Network['derivedProjectCount']>>({
      value: integer,
      derived: literalTrue,
      method: string,
      caveat: string,
    }),
  ),
  subProjectCount: optional(sourcedCount),
  buildListInvestment: optional(notedSourcedAmount),
  plannedInvestment: optional(notedSourcedAmount),
  budgets: array(networkBudget),
  budgetsNote: optional(string),
  combinedBudgets: optional(
    array(
      object<CombinedBudget>({
        period: budgetPeriod,
        categoryCodes: array(string),
        investment: sourcedAmount,
        note: string,
      }),
    ),
  ),
  categoriesSource: optional(sourceRef),
  categories: array(networkCategory),
  categoriesSums: optional(
    object<CategoriesSums>({
      projectCount: integer,
      investment: decimal,
      budget2020: optional(decimal),
      budget2021_2025: optional(decimal),
      plannedByPeriod: optional(decimal),
      derived: literalTrue,
      note: optional(string),
    }),
  ),
  byRegion: optional(
    array(
      object<RegionalShare>({
        regionCode: string,
        projectCount: sourcedCount,
        investment: sourcedAmount,
      }),
    ),
  ),
  byRegionSums: optional(
    object<NonNullable<Network['byRegionSums']>>({
      projectCount: integer,
      investment: decimal,
      derived: literalTrue,
    }),
  ),
  note: optional(string),
});

const networksFile = object<NetworksFile>({ $comment: string, networks: array(network) });

// --- departments.json -------------------------------------------------------------------------

const departmentsFile = object<DepartmentsFile>({
  $comment: string,
  departments: array(
    object<Department>({
      code: string,
      nameZh: string,
      nameEn: string,
      kind: oneOf<DepartmentKind>({
        'planning-office': true,
        'lead-department': true,
        'co-responsible': true,
        enterprise: true,
      }),
      roles: array(
        object<DepartmentRole>({
          role: oneOf<DepartmentRoleName>({
            lead: true,
            'co-responsible': true,
            coordinator: true,
            'section-responsible': true,
            'leading-group-office': true,
            'project-library-owner': true,
            'dispatch-aggregator': true,
            'sub-sector-lead': true,
            'safeguard-responsible': true,
          }),
          networkCode: nullable(string),
          source: sourceRef,
          note: optional(string),
        }),
      ),
      source: sourceRef,
      note: optional(string),
    }),
  ),
});

// --- regions.json -----------------------------------------------------------------------------

const regionsFile = object<RegionsFile>({
  $comment: string,
  prefectureCount: object<RegionsFile['prefectureCount']>({
    value: integer,
    source: sourceRef,
    alsoIn: sourceRefs,
  }),
  regions: array(
    object<Region>({
      code: string,
      nameZh: string,
      nameEn: string,
      kind: oneOf<RegionKind>({
        'prefecture-city': true,
        'autonomous-prefecture': true,
        'management-zone': true,
        'new-area': true,
        'county-level-city': true,
      }),
      source: sourceRef,
      nameSource: optional(sourceRef),
      governmentSource: optional(sourceRef),
      alsoIn: optional(sourceRefs),
      note: optional(string),
    }),
  ),
});

// --- targets.json -----------------------------------------------------------------------------

const targetsFile = object<TargetsFile>({
  $comment: string,
  targets: array(
    object<Target>({
      code: string,
      networkCode: string,
      categoryCode: nullable(string),
      nameZh: string,
      nameEn: string,
      unit: string,
      kind: oneOf<TargetKind>({
        'new-in-year': true,
        'new-in-period': true,
        'cumulative-by': true,
        share: true,
        'level-by': true,
        'programme-scale': true,
      }),
      year: nullable(integer),
      byEndOf: nullable(integer),
      period: nullable(oneOf<'2020-2025' | '2021-2025'>({ '2020-2025': true, '2021-2025': true })),
      comparator: oneOf<TargetComparator>({
        '=': true,
        '>=': true,
        '>': true,
        approx: true,
        range: true,
      }),
      value: nullable(decimal),
      valueMin: optional(decimal),
      valueMax: optional(decimal),
      valueAsWritten: optional(string),
      source: sourceRef,
      alsoIn: optional(sourceRefs),
      discrepancyCode: optional(string),
      note: optional(string),
    }),
  ),
  qualitativeTargets: array(
    object<QualitativeTarget>({
      code: string,
      networkCode: string,
      categoryCode: nullable(string),
      nameZh: string,
      nameEn: string,
      year: nullable(integer),
      byEndOf: nullable(integer),
      source: sourceRef,
    }),
  ),
});

// --- named-projects.json ----------------------------------------------------------------------

const namedProjectsFile = object<NamedProjectsFile>({
  $comment: string,
  projects: array(
    object<NamedProject>({
      id: string,
      nameZh: string,
      nameEn: string,
      networkCode: string,
      categoryCode: string,
      regionCodes: array(string),
      regionBasis: nullable(
        oneOf<RegionBasis>({ name: true, 'county-in-name': true, 'stated-in-text': true }),
      ),
      newInfraTags: array(string),
      plannedInvestment: nullable(sourcedAmountWithAlsoIn),
      sharedInvestment: optional(
        object<NonNullable<NamedProject['sharedInvestment']>>({
          value: decimal,
          source: sourceRef,
          sharedWith: array(string),
          note: string,
        }),
      ),
      quantities: array(quantity),
      schedule: array(
        object<ScheduleEntry>({
          event: oneOf<ScheduleEvent>({
            continue: true,
            start: true,
            complete: true,
            accelerate: true,
            advance: true,
            plan: true,
            build: true,
            'preparatory-work': true,
            milestone: true,
          }),
          period: oneOf<ScheduleEntry['period']>({
            '2020': true,
            '2021': true,
            '2021-2025': true,
            '2020-2025': true,
          }),
          source: sourceRef,
          note: optional(string),
        }),
      ),
      aliasesZh: array(
        object<ProjectAlias>({ nameZh: string, source: sourceRef, note: optional(string) }),
      ),
      source: sourceRef,
      alsoIn: optional(sourceRefs),
      alsoInNetworks: optional(array(string)),
      fundingSourceCodes: optional(array(string)),
      note: optional(string),
    }),
  ),
});

// --- discrepancies.json -----------------------------------------------------------------------

const discrepanciesFile = object<DiscrepanciesFile>({
  $comment: string,
  discrepancies: array(
    object<Discrepancy>({
      code: string,
      networkCode: nullable(string),
      severity: oneOf<DiscrepancySeverity>({
        contradiction: true,
        unreconciled: true,
        rounding: true,
        'two-figures': true,
        approximate: true,
      }),
      description: string,
      figures: array(
        object<DiscrepancyFigure>({
          label: string,
          value: decimal,
          source: optional(sourceRef),
          derived: optional(literalTrue),
          formula: optional(string),
        }),
      ),
      seedUses: object<Discrepancy['seedUses']>({
        'programme.json': optional(string),
        'networks.json': optional(string),
        'targets.json': optional(string),
      }),
      reason: string,
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

function readJson(fileName: string): unknown {
  const text = readFileSync(join(SEED_DIRECTORY, fileName), 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SeedShapeError(`${fileName}: not valid JSON (${reason})`);
  }
}

/** The seven files parsed but not yet validated (for checks that must not depend on the shape). */
export type RawJilin761Seed = { readonly [K in keyof Jilin761Seed]: unknown };

export function readRawJilin761Seed(): RawJilin761Seed {
  return {
    programme: readJson(SEED_FILES.programme),
    networks: readJson(SEED_FILES.networks),
    departments: readJson(SEED_FILES.departments),
    regions: readJson(SEED_FILES.regions),
    targets: readJson(SEED_FILES.targets),
    namedProjects: readJson(SEED_FILES.namedProjects),
    discrepancies: readJson(SEED_FILES.discrepancies),
  };
}

/**
 * Reads and validates the seven seed files. Throws SeedShapeError (naming file and JSON path)
 * if any file does not have exactly the shape declared by the interfaces above.
 */
export function loadJilin761Seed(): Jilin761Seed {
  const raw = readRawJilin761Seed();
  const at = (part: keyof Jilin761Seed): string => `${SEED_FILES[part]}:$`;
  return {
    programme: programmeFile(raw.programme, at('programme')),
    networks: networksFile(raw.networks, at('networks')),
    departments: departmentsFile(raw.departments, at('departments')),
    regions: regionsFile(raw.regions, at('regions')),
    targets: targetsFile(raw.targets, at('targets')),
    namedProjects: namedProjectsFile(raw.namedProjects, at('namedProjects')),
    discrepancies: discrepanciesFile(raw.discrepancies, at('discrepancies')),
  };
}

/** Reads the source document and returns its lines (index 0 = line 1). */
export function readSourceDocumentLines(): string[] {
  return readFileSync(SOURCE_DOCUMENT_PATH, 'utf8').split(/\r?\n/);
}

// ---------------------------------------------------------------------------------------------
// Source references
// ---------------------------------------------------------------------------------------------

export interface LocatedSourceRef {
  /** File and JSON path of the reference object, e.g. `networks.json:$.networks[5].totalInvestment.source`. */
  where: string;
  line: number;
  quote: string;
}

/**
 * Every source reference in the seed: a generic walk over all files that collects each object
 * having a numeric `line` and a string `quote`, wherever it sits. Accepts the validated seed or
 * the raw parsed files (so references can be checked even when a file fails validation).
 */
export function allSourceReferences(seed: Jilin761Seed | RawJilin761Seed): LocatedSourceRef[] {
  const found: LocatedSourceRef[] = [];
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      items.forEach((item, index) => visit(item, childPath(path, index)));
      return;
    }
    if (!isRecord(value)) return;
    const { line, quote } = value;
    if (typeof line === 'number' && typeof quote === 'string') {
      found.push({ where: path, line, quote });
    }
    for (const [key, child] of Object.entries(value)) visit(child, childPath(path, key));
  };
  for (const part of Object.keys(SEED_FILES) as Array<keyof Jilin761Seed>) {
    visit(seed[part], `${SEED_FILES[part]}:$`);
  }
  return found;
}
