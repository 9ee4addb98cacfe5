import { FundingSource } from './project-vocabulary';

/**
 * The plan itself as events. Figures keep the document's unit (亿元, suffix `Yi`) and where
 * the document states them: a figure is `{ value, source: { line, quote } }`, `line` being
 * the 1-based line of the source document (seeds/jilin-761/source/).
 */
export interface SourceLine {
  line: number;
  quote: string;
}

export interface Figure<T extends string | number> {
  value: T;
  source: SourceLine;
}

export interface NamedCode {
  code: string;
  nameZh: string;
  nameEn: string;
  source: SourceLine;
}

export interface ProgrammeEstablished {
  type: 'ProgrammeEstablished';
  data: {
    programmeCode: string;
    nameZh: string;
    nameEn: string;
    documentNumber: string;
    documentTitleZh: string;
    issuerZh: string;
    issuedOn: string;
    startYear: number;
    endYear: number;
    totalInvestmentYi: Figure<string>;
    totalProjects: Figure<number>;
    newInfrastructureTags: NamedCode[];
    /** Since version 2, codes as every event spells them (`central_budget`). */
    fundingSources: FundingSourceDefined[];
  };
}

/** One of the plan's funding sources, with whether the plan counts it as debt. */
export interface FundingSourceDefined {
  code: FundingSource;
  nameZh: string;
  nameEn: string;
  source: SourceLine;
  isDebt: boolean;
}

export interface DepartmentRegistered {
  type: 'DepartmentRegistered';
  data: { code: string; nameZh: string; nameEn: string; kind: string; source: SourceLine };
}

export interface RegionRegistered {
  type: 'RegionRegistered';
  data: { code: string; nameZh: string; nameEn: string; kind: string; source: SourceLine };
}

export interface NetworkDefined {
  type: 'NetworkDefined';
  data: {
    code: string;
    nameZh: string;
    nameEn: string;
    annex: number;
    leadDepartment: string;
    coResponsible: string[];
    responsibilitySource: SourceLine;
    /** The annex's exact figure. */
    totalInvestmentYi: Figure<string> | null;
    /** The main text's rounded figure, kept beside the exact one. */
    mainTextTotalInvestmentYi: Figure<string> | null;
    projectCount: Figure<number> | null;
  };
}

export interface CategoryDefined {
  type: 'CategoryDefined';
  data: {
    networkCode: string;
    code: string;
    parentCode: string | null;
    nameZh: string;
    nameEn: string;
    projectCount: Figure<number> | null;
    investmentYi: Figure<string> | null;
  };
}

/** Investment planned for a network (or one of its categories, or regions) over a period. */
export interface BudgetAllocated {
  type: 'BudgetAllocated';
  data: {
    networkCode: string;
    categoryCode: string | null;
    regionCode: string | null;
    /** '2020', '2021-2025' (the 14th Five-Year Plan) or 'programme' (the whole programme). */
    period: string;
    amountYi: Figure<string>;
    projectCount: Figure<number> | null;
  };
}

export interface IndicatorTargetSet {
  type: 'IndicatorTargetSet';
  data: {
    code: string;
    networkCode: string;
    categoryCode: string | null;
    nameZh: string;
    nameEn: string;
    /** new-in-year, new-in-period, cumulative-by, level-by, share, programme-scale; null when qualitative. */
    kind: string | null;
    unit: string | null;
    comparator: string | null;
    /** Decimal string as the document states it; null for a qualitative target or a range. */
    value: string | null;
    /** Bounds of a target stated as a range ("0.5-0.8 billion m³"). */
    valueMin: string | null;
    valueMax: string | null;
    year: number | null;
    byEndOf: number | null;
    period: string | null;
    source: SourceLine;
  };
}

/** Where the document disagrees with itself: every figure kept, none corrected. */
export interface SourceDiscrepancyRecorded {
  type: 'SourceDiscrepancyRecorded';
  data: {
    code: string;
    networkCode: string | null;
    severity: string;
    description: string;
    figures: Array<{ label: string; value: string; source: SourceLine | null }>;
  };
}

export type ProgrammeEvent =
  | ProgrammeEstablished
  | DepartmentRegistered
  | RegionRegistered
  | NetworkDefined
  | CategoryDefined
  | BudgetAllocated
  | IndicatorTargetSet
  | SourceDiscrepancyRecorded;

export const PROGRAMME_EVENT_TYPES: readonly ProgrammeEvent['type'][] = [
  'ProgrammeEstablished',
  'DepartmentRegistered',
  'RegionRegistered',
  'NetworkDefined',
  'CategoryDefined',
  'BudgetAllocated',
  'IndicatorTargetSet',
  'SourceDiscrepancyRecorded',
];

/**
 * Version 1 of ProgrammeEstablished: funding-source codes spelt with "-" as programme.json
 * had them ("central-budget"); version 2 spells them as every other event does
 * ("central_budget"). Kept for the catalog and the upcaster; never change it.
 */
export interface ProgrammeEstablishedV1 {
  type: 'ProgrammeEstablished';
  data: {
    programmeCode: string;
    nameZh: string;
    nameEn: string;
    documentNumber: string;
    documentTitleZh: string;
    issuerZh: string;
    issuedOn: string;
    startYear: number;
    endYear: number;
    totalInvestmentYi: Figure<string>;
    totalProjects: Figure<number>;
    newInfrastructureTags: NamedCode[];
    fundingSources: Array<NamedCode & { isDebt: boolean }>;
  };
}
