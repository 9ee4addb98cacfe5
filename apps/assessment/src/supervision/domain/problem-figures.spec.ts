import { RegisteredProblem, lastDayOfMonth, problemFigures } from './circular-figures';

/**
 * The circular's problem figures, by the definitions reporting's monthlySummary counts with
 * (raised and closed in the month; open and overdue on its last day, or today if sooner).
 */
const problem = (id: string, steps: Partial<RegisteredProblem>): RegisteredProblem => ({
  problemId: id,
  raisedOn: '2021-03-01',
  raisedEvent: `${id}-raised`,
  assignedOn: null,
  dueOn: null,
  assignedEvent: null,
  answeredOn: null,
  closedOn: null,
  closedEvent: null,
  ...steps,
});
const assigned = (id: string, assignedOn: string, dueOn: string): Partial<RegisteredProblem> => ({
  assignedOn,
  dueOn,
  assignedEvent: `${id}-assigned`,
});
const closed = (id: string, closedOn: string): Partial<RegisteredProblem> => ({
  closedOn,
  closedEvent: `${id}-closed`,
});
const figure = (key: string, ...eventIds: string[]) => ({
  key,
  value: String(eventIds.length),
  eventIds: eventIds.sort(),
});

describe("the circular's problem figures (要素保障)", () => {
  it('given a problem raised, assigned, answered late and closed in March, counts it raised and closed, neither open nor overdue', () => {
    const p = problem('a', {
      ...assigned('a', '2021-03-03', '2021-03-10'),
      answeredOn: '2021-03-16',
      ...closed('a', '2021-03-20'),
    });
    expect(problemFigures('2021-03', '2021-03-31', [p])).toEqual([
      figure('problems.raised', 'a-raised'),
      figure('problems.closed', 'a-closed'),
      figure('problems.open'),
      figure('problems.overdue'),
    ]);
  });

  it('given a problem assigned and unanswered past its due date at month end, counts it open and overdue by its assignment', () => {
    const p = problem('b', assigned('b', '2021-03-03', '2021-03-10'));
    expect(problemFigures('2021-03', '2021-03-31', [p])).toEqual([
      figure('problems.raised', 'b-raised'),
      figure('problems.closed'),
      figure('problems.open', 'b-raised'),
      figure('problems.overdue', 'b-assigned'),
    ]);
  });

  it('is not overdue on its due date itself, nor once answered by then', () => {
    expect(
      problemFigures('2021-03', '2021-03-10', [
        problem('c', assigned('c', '2021-03-03', '2021-03-10')),
      ]),
    ).toContainEqual(figure('problems.overdue'));
    expect(
      problemFigures('2021-03', '2021-03-31', [
        problem('d', { ...assigned('d', '2021-03-03', '2021-03-10'), answeredOn: '2021-03-12' }),
      ]),
    ).toContainEqual(figure('problems.overdue'));
  });

  it('counts a later month by the state at its end: raised in March, closed in April', () => {
    const p = problem('e', {
      ...assigned('e', '2021-03-03', '2021-03-10'),
      ...closed('e', '2021-04-02'),
    });
    // March, seen from its end: open and overdue; April: closed in it, and nothing left open.
    expect(problemFigures('2021-03', '2021-03-31', [p])).toEqual([
      figure('problems.raised', 'e-raised'),
      figure('problems.closed'),
      figure('problems.open', 'e-raised'),
      figure('problems.overdue', 'e-assigned'),
    ]);
    expect(problemFigures('2021-04', '2021-04-30', [p])).toEqual([
      figure('problems.raised'),
      figure('problems.closed', 'e-closed'),
      figure('problems.open'),
      figure('problems.overdue'),
    ]);
  });

  it('sees a step after `until` (today, in the current month) as not yet taken', () => {
    const p = problem('f', {
      ...assigned('f', '2021-03-20', '2021-03-25'),
      raisedOn: '2021-03-15',
    });
    expect(problemFigures('2021-03', '2021-03-18', [p])).toEqual([
      figure('problems.raised', 'f-raised'),
      figure('problems.closed'),
      figure('problems.open', 'f-raised'),
      figure('problems.overdue'),
    ]);
    // Raised after `until`: not open yet (as the summary's open-on-date reads it).
    expect(problemFigures('2021-03', '2021-03-10', [p])).toContainEqual(figure('problems.open'));
  });

  it('knows the last day of each month, February of a leap year too', () => {
    expect(['2021-02', '2020-02', '2021-04', '2021-12'].map(lastDayOfMonth)).toEqual([
      '2021-02-28',
      '2020-02-29',
      '2021-04-30',
      '2021-12-31',
    ]);
  });
});
