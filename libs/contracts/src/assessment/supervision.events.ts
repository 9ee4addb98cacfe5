/**
 * Supervision as published: 约谈 (a summons of a slow project owner or unit) and 通报 (the
 * month's circular naming units). Both cite what caused them: the risk flags (by the id of
 * the event that raised each flag) and the scores (period and unit). The circular also
 * carries every figure it states, each with the events it was counted from, so the document
 * a person opens can be checked against the ledger figure by figure.
 *
 * The 761 plan: the power and oil-gas leading groups summon and circulate the owners of slow
 * projects (jilin-761-plan.zh.txt L177 "对项目业主进行约谈和通报", L212); the provincial
 * development and reform commission circulates how each action is carried out (L38 "适时通报各
 * 专项行动实施情况").
 */

/** A score a supervision action cites: the unit's score for a period (YYYY-MM, YYYY-Qn, YYYY). */
export interface ScoreRef {
  period: string;
  unitCode: string;
}

export interface SummonsRecorded {
  type: 'SummonsRecorded';
  data: {
    summonsId: string;
    /** The project whose owner was summoned; null for a unit summoned for its record as a whole. */
    projectId: string | null;
    /** Who was summoned: a responsible unit, lead department or region code. */
    unitCode: string;
    reason: string;
    /** Ids of the events that raised the flags cited (RiskFlag.flagId); open when recorded. */
    flagIds: string[];
    scoreRefs: ScoreRef[];
    /** The day the summons was held (YYYY-MM-DD). */
    heldOn: string;
    /** The date the fact is about: the day it was held. */
    validAt: string;
  };
}

/** A unit the circular names, and why. */
export interface CircularNamedUnit {
  unitCode: string;
  reason: string;
  flagIds: string[];
  scoreRefs: ScoreRef[];
}

/**
 * A figure the circular states, exactly as stated (a count, a score with two decimals, a
 * rank), and the ids of the events it was counted from.
 */
export interface CircularFigure {
  key: string;
  value: string;
  eventIds: string[];
}

export interface CircularIssued {
  type: 'CircularIssued';
  data: {
    circularId: string;
    /** YYYY-MM: one circular per month. */
    month: string;
    issuedOn: string;
    namedUnits: CircularNamedUnit[];
    figures: CircularFigure[];
    /** The date the fact is about: the day it was issued. */
    validAt: string;
  };
}

export type SupervisionEvent = SummonsRecorded | CircularIssued;
export const SUPERVISION_EVENT_TYPES: readonly SupervisionEvent['type'][] = [
  'SummonsRecorded',
  'CircularIssued',
];
