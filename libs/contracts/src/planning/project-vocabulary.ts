/** Words of the project library, as stable codes. Chinese labels live in data, not here. */

/** The plan's own funding sources (programme.json fundingSources, codes with "_" for "-"). */
export const FUNDING_SOURCES = [
  'central_budget',
  'provincial_budget',
  'city_county_self_raised',
  'special_bonds',
  'ppp',
  'bank_credit',
  'industrial_funds',
  'private_capital',
  'equity_listing',
] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const CONSTRUCTION_NATURES = [
  'new_build',
  'expansion',
  'reconstruction',
  'continuing',
] as const;
export type ConstructionNature = (typeof CONSTRUCTION_NATURES)[number];

export const MILESTONE_KINDS = [
  'feasibility_study',
  'approval',
  'land_use',
  'financial_close',
  'commencement',
  'completion',
  'commissioning',
  'handover',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** Milestones that cannot be reached before construction has started. */
export const AFTER_COMMENCEMENT: ReadonlySet<MilestoneKind> = new Set([
  'completion',
  'commissioning',
  'handover',
]);

export const PROJECT_STATUSES = [
  'proposed',
  'approved',
  'under_construction',
  'suspended',
  'completed',
  'cancelled',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** 成熟度评定: A is ready to start, C needs most preparatory work. */
export const MATURITY_RATINGS = ['A', 'B', 'C'] as const;
export type MaturityRating = (typeof MATURITY_RATINGS)[number];
