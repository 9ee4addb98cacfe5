/**
 * A project's stage in a year (建成一批、开工一批、储备一批), derived from its events alone:
 * - reserve 储备: in the library by the cut-off, not started by it, not cancelled by it;
 * - newStart 新开工: construction started in the year;
 * - continuing 续建: started before the year, neither completed nor cancelled before it;
 * - completed 建成: completed in the year.
 * newStart and continuing never overlap; completed overlaps either (a project started and
 * completed in one year is a new start and a completion of that year). The cut-off is the
 * year's last day, or `asOf` when earlier: facts dated after it are not yet known.
 */
export interface StageFacts {
  /** The day the project entered the library (see the projection for how it is dated). */
  introducedOn: string;
  startedOn: string | null;
  completedOn: string | null;
  cancelledOn: string | null;
}

export interface Stages {
  reserve: boolean;
  newStart: boolean;
  continuing: boolean;
  completed: boolean;
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

export function cutOff(year: number, asOf: string | null): string {
  const end = `${year}-12-31`;
  return asOf !== null && asOf < end ? asOf : end;
}

export function stagesIn(facts: StageFacts, year: number, asOf: string | null = null): Stages {
  const cut = cutOff(year, asOf);
  const known = (date: string | null): date is string => date !== null && date <= cut;
  const started = known(facts.startedOn) ? facts.startedOn : null;
  const completed = known(facts.completedOn) ? facts.completedOn : null;
  const cancelled = known(facts.cancelledOn) ? facts.cancelledOn : null;
  const endedBefore = (date: string | null): boolean => date !== null && yearOf(date) < year;
  return {
    reserve: started === null && cancelled === null && facts.introducedOn <= cut,
    newStart: started !== null && yearOf(started) === year,
    continuing:
      started !== null &&
      yearOf(started) < year &&
      !endedBefore(completed) &&
      !endedBefore(cancelled),
    completed: completed !== null && yearOf(completed) === year,
  };
}

export interface StageCounts {
  reserve: number;
  newStart: number;
  continuing: number;
  completed: number;
}

export function countStages(
  projects: readonly StageFacts[],
  year: number,
  asOf: string | null = null,
): StageCounts {
  const counts = { reserve: 0, newStart: 0, continuing: 0, completed: 0 };
  for (const p of projects) {
    const s = stagesIn(p, year, asOf);
    if (s.reserve) counts.reserve += 1;
    if (s.newStart) counts.newStart += 1;
    if (s.continuing) counts.continuing += 1;
    if (s.completed) counts.completed += 1;
  }
  return counts;
}

/**
 * actual / planned in percent with two decimals, rounded down, exact (integers only); null
 * when there is no plan count to measure against (none stated, or zero).
 */
export function ratePercent(actual: number, planned: number | null): string | null {
  if (planned === null || planned === 0) return null;
  const basisPoints = (BigInt(actual) * 10_000n) / BigInt(planned);
  return `${basisPoints / 100n}.${(basisPoints % 100n).toString().padStart(2, '0')}`;
}
