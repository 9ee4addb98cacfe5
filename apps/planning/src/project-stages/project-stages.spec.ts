import { readFileSync } from 'node:fs';
import { SOURCE_DOCUMENT_PATH } from '../../../../seeds/jilin-761/seed-data';
import { PLAN_STAGE_COUNTS, networkPlanCount } from './plan-stage-counts';
import { StageFacts, countStages, ratePercent, stagesIn } from './project-stages';

const project = (overrides: Partial<StageFacts> = {}): StageFacts => ({
  introducedOn: '2020-04-09',
  startedOn: null,
  completedOn: null,
  cancelledOn: null,
  ...overrides,
});
const none = { reserve: false, newStart: false, continuing: false, completed: false };

describe('a project stage in a year, derived from its events', () => {
  it('given a listed project never started, when 2020 is asked, then it is reserve 储备', () => {
    expect(stagesIn(project(), 2020)).toEqual({ ...none, reserve: true });
  });

  it('given a project introduced in 2021, when 2020 is asked, then it is nothing in 2020', () => {
    expect(stagesIn(project({ introducedOn: '2021-01-01' }), 2020)).toEqual(none);
  });

  it('given construction started on the first and on the last day of 2020, when 2020 is asked, then it is a new start 新开工', () => {
    expect(stagesIn(project({ startedOn: '2020-01-01' }), 2020)).toEqual({
      ...none,
      newStart: true,
    });
    expect(stagesIn(project({ startedOn: '2020-12-31' }), 2020)).toEqual({
      ...none,
      newStart: true,
    });
  });

  it('given a start on 2020-12-31, when 2021 is asked, then it is continuing 续建 (the year edge)', () => {
    expect(stagesIn(project({ startedOn: '2020-12-31' }), 2021)).toEqual({
      ...none,
      continuing: true,
    });
  });

  it('given a start on 2021-01-01, when 2020 is asked, then it is still reserve in 2020', () => {
    expect(stagesIn(project({ startedOn: '2021-01-01' }), 2020)).toEqual({
      ...none,
      reserve: true,
    });
  });

  it('given started in 2019 and completed in 2020, when 2020 is asked, then it is continuing and completed 建成', () => {
    const p = project({
      introducedOn: '2019-01-01',
      startedOn: '2019-05-01',
      completedOn: '2020-12-31',
    });
    expect(stagesIn(p, 2020)).toEqual({ ...none, continuing: true, completed: true });
    expect(stagesIn(p, 2021)).toEqual(none);
  });

  it('given started and completed in 2020, when 2020 is asked, then it is a new start and a completion', () => {
    const p = project({ startedOn: '2020-03-01', completedOn: '2020-11-30' });
    expect(stagesIn(p, 2020)).toEqual({ ...none, newStart: true, completed: true });
  });

  it('given cancelled before starting, when the year is asked, then it is no longer reserve', () => {
    const p = project({ cancelledOn: '2020-06-01' });
    expect(stagesIn(p, 2020)).toEqual(none);
    expect(stagesIn(p, 2020, '2020-05-31')).toEqual({ ...none, reserve: true });
  });

  it('given cancelled in 2021 after starting in 2020, when 2021 is asked, then it continued into 2021; in 2022 it is nothing', () => {
    const p = project({ startedOn: '2020-03-01', cancelledOn: '2021-06-01' });
    expect(stagesIn(p, 2021)).toEqual({ ...none, continuing: true });
    expect(stagesIn(p, 2022)).toEqual(none);
  });

  it('given asOf inside the year, when a later start is asked, then it is not yet known: reserve as of that day', () => {
    const p = project({ startedOn: '2020-08-01' });
    expect(stagesIn(p, 2020, '2020-07-31')).toEqual({ ...none, reserve: true });
    expect(stagesIn(p, 2020, '2020-08-01')).toEqual({ ...none, newStart: true });
  });

  it('given asOf after the year, when the year is asked, then the year end is the cut-off', () => {
    const p = project({ startedOn: '2021-02-01' });
    expect(stagesIn(p, 2020, '2021-06-30')).toEqual({ ...none, reserve: true });
  });

  it('counts a set of projects by stage', () => {
    expect(
      countStages(
        [
          project(),
          project({ startedOn: '2020-05-01' }),
          project({ startedOn: '2019-05-01', introducedOn: '2019-01-01' }),
          project({
            startedOn: '2019-05-01',
            introducedOn: '2019-01-01',
            completedOn: '2020-09-01',
          }),
        ],
        2020,
      ),
    ).toEqual({ reserve: 1, newStart: 1, continuing: 2, completed: 1 });
  });
});

describe('rates against the plan counts', () => {
  it('are percent with two decimals, rounded down, exact; null without a plan count', () => {
    expect(ratePercent(31, 55)).toBe('56.36');
    expect(ratePercent(55, 55)).toBe('100.00');
    expect(ratePercent(60, 55)).toBe('109.09');
    expect(ratePercent(0, 55)).toBe('0.00');
    expect(ratePercent(3, null)).toBeNull();
    expect(ratePercent(3, 0)).toBeNull();
  });

  it('power 2020 has the plan count 55 new + 8 continuing; road 2020 only partial counts, so no network count', () => {
    expect(networkPlanCount('power', 2020)).toMatchObject({
      newStart: 55,
      continuing: 8,
      completed: null,
    });
    expect(networkPlanCount('road', 2020)).toBeNull();
    expect(networkPlanCount('power', 2021)).toBeNull();
  });

  it("quotes every count exactly as the document's line says it", () => {
    const lines = readFileSync(SOURCE_DOCUMENT_PATH, 'utf8').split('\n');
    for (const count of PLAN_STAGE_COUNTS) {
      expect(lines[count.source.line - 1]).toContain(count.source.quote);
    }
  });
});
