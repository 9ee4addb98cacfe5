/**
 * Thresholds of the risk rules, versioned: a flag records the version it was raised under,
 * so a later change of thresholds never rewrites why an old flag was raised. Ratios are in
 * basis points of a percent (hundredths): 9000 = 90.00%.
 */
export interface RiskConfig {
  version: string;
  behindSchedule: { amberSpiAtMost: number; redSpiAtMost: number };
  costOverrun: { amberOverrunAtLeast: number; redOverrunAtLeast: number };
  stalled: { months: number };
  notStarted: { redAfterMonths: number };
  moneyAheadOfWork: { amberGapAtLeast: number; redGapAtLeast: number };
  reportsLate: { amberOverdueAtLeast: number; redOverdueAtLeast: number };
  fundingGap: { amberInPlaceAtMost: number; redInPlaceAtMost: number };
  /** Share of special bonds and bank credit in a network's or region's funding plans. */
  debtConcentration: { amberShareAtLeast: number; redShareAtLeast: number };
  /** An assigned problem unanswered past its due date: amber, red after this many days. */
  problemUnanswered: { redOverdueDaysAtLeast: number };
}

export const RISK_CONFIG_2026_1: RiskConfig = {
  version: '2026.1',
  behindSchedule: { amberSpiAtMost: 9000, redSpiAtMost: 7000 },
  costOverrun: { amberOverrunAtLeast: 500, redOverrunAtLeast: 1000 },
  stalled: { months: 3 },
  notStarted: { redAfterMonths: 6 },
  moneyAheadOfWork: { amberGapAtLeast: 3000, redGapAtLeast: 5000 },
  reportsLate: { amberOverdueAtLeast: 1, redOverdueAtLeast: 3 },
  fundingGap: { amberInPlaceAtMost: 6000, redInPlaceAtMost: 3000 },
  debtConcentration: { amberShareAtLeast: 6000, redShareAtLeast: 8000 },
  problemUnanswered: { redOverdueDaysAtLeast: 30 },
};

/** Funding sources that are debt (programme.json fundingSources with isDebt: true). */
export const DEBT_SOURCES: ReadonlySet<string> = new Set(['special_bonds', 'bank_credit']);

export { RULE_IDS } from '@ledger/contracts';
export type { RuleId, Severity } from '@ledger/contracts';
