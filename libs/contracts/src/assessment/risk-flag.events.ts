/**
 * The assessment's risk flags as published: raised when a rule starts to hold (or its
 * severity changes), resolved when it stops. Rule ids are stable codes; thresholds are not
 * part of the contract, only the version they were checked under.
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

export type RiskFlagEvent = RiskFlagRaised | RiskFlagResolved;
export const RISK_FLAG_EVENT_TYPES: readonly RiskFlagEvent['type'][] = [
  'RiskFlagRaised',
  'RiskFlagResolved',
];
