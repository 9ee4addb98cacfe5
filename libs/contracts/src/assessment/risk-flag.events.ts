/**
 * The assessment's risk flags as published: raised when a rule starts to hold, updated while
 * it holds whenever its severity or its figures (as the flag shows them) change, resolved
 * when it stops. A flag is the rule on its subject from a raise to the next resolution.
 * Rule ids are stable codes; thresholds are not part of the contract, only the version they
 * were checked under. Streams recorded before RiskFlagUpdated existed hold a second
 * RiskFlagRaised, without a resolution between, where the severity changed: read it as an
 * update of the open flag.
 */
export const RULE_IDS = [
  'behind-schedule',
  'cost-overrun',
  'stalled',
  'not-started',
  'money-ahead-of-work',
  'reports-late',
  'funding-gap',
  'debt-concentration',
  // An assigned problem of the register (要素保障) past its due date without an answer.
  'problem-unanswered',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type Severity = 'amber' | 'red';

/** Why a rule fired or not: the figures it compared and the events they come from. */
export interface Evidence {
  figures: Record<string, string>;
  eventIds: string[];
}

/** What a flag is about: a project, or a network or region as a whole (debt concentration). */
export type SubjectKind = 'project' | 'network' | 'region';

export interface RiskFlagRaised {
  type: 'RiskFlagRaised';
  data: {
    subjectKind: SubjectKind;
    subject: string;
    /** The project, for project flags; null for a network's or region's. */
    projectId: string | null;
    rule: RuleId;
    severity: Severity;
    /** The day the rules were checked. */
    asOf: string;
    configVersion: string;
    evidence: Evidence;
  };
}

export interface RiskFlagResolved {
  type: 'RiskFlagResolved';
  data: {
    subjectKind: SubjectKind;
    subject: string;
    projectId: string | null;
    rule: RuleId;
    asOf: string;
    configVersion: string;
    evidence: Evidence;
  };
}

/**
 * An open flag's current finding, when its severity (amber, red) or any of its figures moved
 * since the flag was raised or last updated. What it was raised on stays in RiskFlagRaised.
 */
export interface RiskFlagUpdated {
  type: 'RiskFlagUpdated';
  data: {
    subjectKind: SubjectKind;
    subject: string;
    projectId: string | null;
    rule: RuleId;
    severity: Severity;
    /** The severity before this update: the same as `severity` when only the figures moved. */
    previousSeverity: Severity;
    /** The day the rules were checked. */
    asOf: string;
    configVersion: string;
    /** The current figures and the events they come from. */
    evidence: Evidence;
  };
}

export type RiskFlagEvent = RiskFlagRaised | RiskFlagUpdated | RiskFlagResolved;
export const RISK_FLAG_EVENT_TYPES: readonly RiskFlagEvent['type'][] = [
  'RiskFlagRaised',
  'RiskFlagUpdated',
  'RiskFlagResolved',
];
