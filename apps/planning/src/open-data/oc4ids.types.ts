/**
 * The part of OC4IDS 0.9.5 (/work/shared/standards/oc4ids-0.9.5/project-schema.json) this
 * export fills, typed so the compiler catches a misspelt field before the schema test does.
 * Optional fields are left out rather than set to null or []: most arrays in the schema have
 * minItems 1 and most objects minProperties 1, so "nothing known" must be "no field".
 */

/** A full RFC 3339 timestamp: the schema's `format: date-time`. */
export type DateTime = string;

export interface Oc4idsValue {
  /** A JSON number of yuan with at most two decimals (see toOc4idsAmount). */
  amount: number;
  currency: 'CNY';
}

export interface Oc4idsPeriod {
  startDate?: DateTime;
  endDate?: DateTime;
}

export interface Oc4idsOrganizationReference {
  id: string;
  name: string;
}

export interface Oc4idsClassification {
  scheme: string;
  id: string;
  description?: string;
}

export interface Oc4idsAddress {
  locality?: string;
  region?: string;
  countryName?: string;
}

export interface Oc4idsOrganization {
  id: string;
  name: string;
  identifier?: { scheme: string; id: string; legalName?: string };
  roles: string[];
  classifications?: Oc4idsClassification[];
}

export interface Oc4idsLocation {
  id: string;
  description: string;
  address: Oc4idsAddress;
}

export interface Oc4idsBudgetBreakdown {
  id: string;
  description: string;
  /** Absent where the plan names a source without an amount for it. */
  amount?: Oc4idsValue;
  period?: Oc4idsPeriod;
  sourceParty?: Oc4idsOrganizationReference;
}

export interface Oc4idsBudgetBreakdowns {
  id: string;
  description: string;
  budgetBreakdown: Oc4idsBudgetBreakdown[];
}

/** `financingArrangementType` and `assetClass` are closed codelists in the schema. */
export type Oc4idsFinanceType =
  'bond' | 'loan' | 'hybrid' | 'shares.listed' | 'shares.unlisted' | 'grant' | 'guarantee';
export type Oc4idsAssetClass = 'debt' | 'equity';

export interface Oc4idsFinance {
  id: string;
  title: string;
  description?: string;
  value: Oc4idsValue;
  financingParty: Oc4idsOrganizationReference;
  source: string;
  assetClass: Oc4idsAssetClass[];
  type: Oc4idsFinanceType;
}

export interface Oc4idsBudget {
  description?: string;
  amount?: Oc4idsValue;
  approvalDate?: DateTime;
  budgetBreakdowns?: Oc4idsBudgetBreakdowns[];
  finance?: Oc4idsFinance[];
}

export type Oc4idsMilestoneStatus = 'scheduled' | 'met' | 'notMet' | 'partiallyMet';

export interface Oc4idsMilestone {
  id: string;
  title: string;
  type?: string;
  code?: string;
  description?: string;
  dueDate?: DateTime;
  dateMet?: DateTime;
  status?: Oc4idsMilestoneStatus;
}

export interface Oc4idsTransaction {
  id: string;
  date: DateTime;
  value: Oc4idsValue;
  payer: Oc4idsOrganizationReference;
  payee: Oc4idsOrganizationReference;
}

export interface Oc4idsUnit {
  name: string;
  scheme: string;
  id: string;
}

export interface Oc4idsObservation {
  id: string;
  period: Oc4idsPeriod;
  value?: Oc4idsValue;
  /** A decimal string as reported: the schema allows string or number; text stays exact. */
  measure?: string;
  unit?: Oc4idsUnit;
  notes?: string;
}

export interface Oc4idsMetric {
  id: string;
  title: string;
  description: string;
  observations: Oc4idsObservation[];
}

export interface Oc4idsDocument {
  id: string;
  title: string;
  description?: string;
  datePublished?: DateTime;
  author?: string;
  language?: string;
}

/** The schema's closed projectStatus codelist. */
export type Oc4idsProjectStatus =
  | 'identification'
  | 'preparation'
  | 'implementation'
  | 'completion'
  | 'maintenance'
  | 'decommissioning'
  | 'decommissioned'
  | 'cancelled';

/** The schema's closed projectType codelist. */
export type Oc4idsProjectType =
  'construction' | 'rehabilitation' | 'replacement' | 'expansion' | 'decommissioning';

export interface Oc4idsProject {
  id: string;
  updated?: DateTime;
  language: string;
  identifiers: Array<{ id: string; scheme: string }>;
  title: string;
  description?: string;
  status: Oc4idsProjectStatus;
  type?: Oc4idsProjectType;
  sector?: string[];
  additionalClassifications?: Oc4idsClassification[];
  publicAuthority?: Oc4idsOrganizationReference;
  parties?: Oc4idsOrganization[];
  locations: Oc4idsLocation[];
  budget?: Oc4idsBudget;
  period?: Oc4idsPeriod;
  implementationPeriod?: Oc4idsPeriod;
  completion?: { endDate: DateTime };
  milestones?: Oc4idsMilestone[];
  transactions?: Oc4idsTransaction[];
  forecasts?: Oc4idsMetric[];
  metrics?: Oc4idsMetric[];
  documents?: Oc4idsDocument[];
}

export interface Oc4idsPublisher {
  name: string;
  scheme?: string;
  uid?: string;
  uri?: string;
}

export interface Oc4idsProjectPackage {
  uri: string;
  publishedDate: DateTime;
  publisher: Oc4idsPublisher;
  license?: string;
  publicationPolicy?: string;
  /** major.minor of the schema: 0.9.5 is published as "0.9". */
  version: '0.9';
  projects: Oc4idsProject[];
}
