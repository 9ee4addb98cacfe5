import { InvalidCommandError } from '@ledger/domain-kernel';
/**
 * The scoring rubric, versioned by year: points are in hundredths (10000 = 100.00 points)
 * so that a breakdown adds up to its score exactly.
 */
export interface Rubric {
  version: string;
  year: number;
  weights: {
    /** Investment completed against the planned value to date. */
    investment: number;
    /** Physical progress against the share of the plan's time elapsed (indicator proxy). */
    progress: number;
    /**
     * Monthly dispatch reports in on time, of those due whose outcome is known (in, or recorded
     * overdue): a late report is in but not on time; an awaited one counts neither way.
     */
    timeliness: number;
    /** Projects started of those planned to start by the period's end. */
    newStarts: number;
  };
  redFlagDeduction: number;
  maxDeduction: number;
}

const BASE: Omit<Rubric, 'version' | 'year'> = {
  weights: { investment: 4000, progress: 2000, timeliness: 2000, newStarts: 2000 },
  redFlagDeduction: 500,
  maxDeduction: 2000,
};

const RUBRICS: Record<number, Rubric> = Object.fromEntries(
  [2020, 2021, 2022, 2023, 2024, 2025, 2026].map((year) => [
    year,
    { ...BASE, version: `${year}.1`, year },
  ]),
);

export function rubricFor(year: number): Rubric {
  const rubric = RUBRICS[year];
  // A period outside the rubrics is the caller's mistake, answered as bad input.
  if (!rubric) {
    throw new InvalidCommandError(
      'period',
      `no scoring rubric for ${year}: rubrics exist for ${Object.keys(RUBRICS).join(', ')}`,
    );
  }
  return rubric;
}
