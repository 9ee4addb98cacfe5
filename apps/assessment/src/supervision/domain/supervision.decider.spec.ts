import { InvalidCommandError } from '@ledger/domain-kernel';
import { deciderSpecification } from '@ledger/testing';
import { CircularIssued, IssueCircular, circularDecider } from './circular';
import {
  CitedFlag,
  RecordSummons,
  SummonsRecorded,
  parseSummonsId,
  summonsDecider,
} from './summons';
import { circularFigures } from './circular-figures';

const FLAG = '0190f000-0000-7000-8000-000000000001';
const OTHER_FLAG = '0190f000-0000-7000-8000-000000000002';
const openFlag: CitedFlag = {
  flagId: FLAG,
  raisedOn: '2021-07-05',
  resolvedOn: null,
  projectId: 'heating-1',
};

const summons = (overrides: Partial<RecordSummons> = {}): RecordSummons => ({
  type: 'RecordSummons',
  summonsId: parseSummonsId('YT-2021-07-01'),
  projectId: 'heating-1',
  unitCode: '长春热力集团',
  reason: '项目投资完成率低于计划70%',
  flagIds: [FLAG],
  scoreRefs: [],
  heldOn: '2021-07-10',
  today: '2021-07-12',
  flags: [{ flagId: FLAG, found: openFlag }],
  scores: [],
  ...overrides,
});

const recorded = (command: RecordSummons): SummonsRecorded => ({
  type: 'SummonsRecorded',
  data: {
    summonsId: command.summonsId,
    projectId: command.projectId,
    unitCode: command.unitCode,
    reason: command.reason,
    flagIds: command.flagIds,
    scoreRefs: command.scoreRefs,
    heldOn: command.heldOn,
    validAt: command.heldOn,
  },
});

describe('a summons (约谈)', () => {
  const { given, rulesSeen } = deciderSpecification(summonsDecider);

  it('given nothing, when a summons cites an open flag, then it is recorded with its causes', () => {
    const command = summons();
    given()
      .when(command)
      .then([recorded(command)]);
  });

  it('may cite a score of the period instead of a flag', () => {
    const ref = { period: '2021-06', unitCode: 'housing-urban-rural-department' };
    const command = summons({
      projectId: null,
      unitCode: 'housing-urban-rural-department',
      flagIds: [],
      flags: [],
      scoreRefs: [ref],
      scores: [{ ref, found: true }],
    });
    given()
      .when(command)
      .then([recorded(command)]);
  });

  it('accepts a flag resolved after the day the summons was held (it was open then)', () => {
    const command = summons({
      flags: [{ flagId: FLAG, found: { ...openFlag, resolvedOn: '2021-07-11' } }],
    });
    given()
      .when(command)
      .then([recorded(command)]);
  });

  it('refuses a flag that does not exist', () => {
    given()
      .when(summons({ flagIds: [OTHER_FLAG], flags: [{ flagId: OTHER_FLAG, found: null }] }))
      .thenRejects('FLAG_NOT_FOUND');
  });

  it('refuses a flag resolved on or before the day it was held: it did not cause it', () => {
    const violation = given()
      .when(
        summons({ flags: [{ flagId: FLAG, found: { ...openFlag, resolvedOn: '2021-07-10' } }] }),
      )
      .thenRejects('FLAG_NOT_OPEN');
    expect(violation.message).toContain('resolved on 2021-07-10');
  });

  it('refuses a flag raised only after the summons was held', () => {
    given()
      .when(summons({ flags: [{ flagId: FLAG, found: { ...openFlag, raisedOn: '2021-07-11' } }] }))
      .thenRejects('FLAG_NOT_OPEN');
  });

  it("refuses a flag about another project than the summons's", () => {
    given()
      .when(summons({ flags: [{ flagId: FLAG, found: { ...openFlag, projectId: 'water-2' } }] }))
      .thenRejects('FLAG_OF_ANOTHER_PROJECT');
  });

  it('refuses a score the ledger does not hold', () => {
    const ref = { period: '2021-06', unitCode: 'changchun' };
    given()
      .when(summons({ flagIds: [], flags: [], scoreRefs: [ref], scores: [{ ref, found: false }] }))
      .thenRejects('SCORE_NOT_FOUND');
  });

  it('refuses a summons that cites nothing', () => {
    given()
      .when(summons({ flagIds: [], flags: [] }))
      .thenRejects('SUMMONS_WITHOUT_CAUSE');
  });

  it('refuses a summons not held yet', () => {
    given()
      .when(summons({ heldOn: '2021-07-13' }))
      .thenRejects('SUMMONS_NOT_HELD_YET');
  });

  it('given a summons recorded, when the same id is recorded again, then it is refused', () => {
    const command = summons();
    given(recorded(command)).when(command).thenRejects('SUMMONS_ALREADY_RECORDED');
  });

  it('refuses a malformed date, a flag cited twice and a bad id as input, not as a rule', () => {
    expect(() =>
      given()
        .when(summons({ heldOn: '2021-02-30' }))
        .events(),
    ).toThrow('heldOn must be a real calendar date');
    expect(() =>
      given()
        .when(summons({ flagIds: [FLAG, FLAG] }))
        .events(),
    ).toThrow(InvalidCommandError);
    expect(() => parseSummonsId('has space')).toThrow(InvalidCommandError);
  });

  it('shows every rule it has', () => {
    expect([...rulesSeen].sort()).toEqual([
      'FLAG_NOT_FOUND',
      'FLAG_NOT_OPEN',
      'FLAG_OF_ANOTHER_PROJECT',
      'SCORE_NOT_FOUND',
      'SUMMONS_ALREADY_RECORDED',
      'SUMMONS_NOT_HELD_YET',
      'SUMMONS_WITHOUT_CAUSE',
    ]);
  });
});

const figures = circularFigures({
  openRedFlags: [
    { flagId: FLAG, networkCode: 'municipal', regionCodes: ['changchun'] },
    { flagId: OTHER_FLAG, networkCode: 'municipal', regionCodes: ['changchun', 'jilin-city'] },
  ],
  scores: [
    { unitKind: 'region', unit: 'jilin-city', score: '80.00', rank: 2, eventId: 'e-2' },
    { unitKind: 'region', unit: 'changchun', score: '90.50', rank: 1, eventId: 'e-1' },
  ],
  overdueReports: [{ projectId: 'p', networkCode: 'power', eventId: 'e-3' }],
  summonses: [{ summonsId: 'YT-1', eventId: 'e-4' }],
});

const issue = (overrides: Partial<IssueCircular> = {}): IssueCircular => ({
  type: 'IssueCircular',
  month: '2021-07',
  issuedOn: '2021-08-02',
  namedUnits: [
    { unitCode: '长春热力集团', reason: '约谈：投资完成率低', flagIds: [FLAG], scoreRefs: [] },
  ],
  figures,
  knownFlagIds: [FLAG],
  ...overrides,
});

const issued = (command: IssueCircular): CircularIssued => ({
  type: 'CircularIssued',
  data: {
    circularId: `circular-${command.month}`,
    month: command.month,
    issuedOn: command.issuedOn,
    namedUnits: command.namedUnits,
    figures: command.figures,
    validAt: command.issuedOn,
  },
});

describe("the month's circular (通报)", () => {
  const { given, rulesSeen } = deciderSpecification(circularDecider);

  it('given none for the month, when issued, then it records the units named and every figure', () => {
    const command = issue();
    given()
      .when(command)
      .then([issued(command)]);
  });

  it('given the month issued, when issued again, then it is refused: one per month', () => {
    const command = issue();
    const violation = given(issued(command))
      .when(issue({ issuedOn: '2021-08-03' }))
      .thenRejects('CIRCULAR_ALREADY_ISSUED');
    expect(violation.message).toContain('issued on 2021-08-02');
  });

  it('refuses a circular issued before its month began', () => {
    given()
      .when(issue({ issuedOn: '2021-06-30' }))
      .thenRejects('CIRCULAR_BEFORE_MONTH');
  });

  it('refuses a named unit citing a flag the ledger does not hold', () => {
    given()
      .when(issue({ knownFlagIds: [] }))
      .thenRejects('FLAG_NOT_FOUND');
  });

  it('refuses a figure that cites no event unless it is a zero', () => {
    given()
      .when(issue({ figures: [{ key: 'openRedFlags.total', value: '2', eventIds: [] }] }))
      .thenRejects('FIGURE_WITHOUT_EVENTS');
    const zero = issue({ figures: [{ key: 'summonses.total', value: '0', eventIds: [] }] });
    given()
      .when(zero)
      .then([issued(zero)]);
  });

  it('refuses a malformed month and a unit named twice as input', () => {
    expect(() =>
      given()
        .when(issue({ month: '2021-13' }))
        .events(),
    ).toThrow(InvalidCommandError);
    const unit = issue().namedUnits[0]!;
    expect(() =>
      given()
        .when(issue({ namedUnits: [unit, unit] }))
        .events(),
    ).toThrow('named twice');
  });

  it('shows every rule it has', () => {
    expect([...rulesSeen].sort()).toEqual([
      'CIRCULAR_ALREADY_ISSUED',
      'CIRCULAR_BEFORE_MONTH',
      'FIGURE_WITHOUT_EVENTS',
      'FLAG_NOT_FOUND',
    ]);
  });
});

describe("the circular's figures", () => {
  const value = (key: string) => figures.find((f) => f.key === key);

  it('counts open red flags per network and per region, a project in two regions in both', () => {
    expect(value('openRedFlags.total')).toEqual({
      key: 'openRedFlags.total',
      value: '2',
      eventIds: [FLAG, OTHER_FLAG],
    });
    expect(value('openRedFlags.network.municipal')?.value).toBe('2');
    expect(value('openRedFlags.region.changchun')?.value).toBe('2');
    expect(value('openRedFlags.region.jilin-city')).toEqual({
      key: 'openRedFlags.region.jilin-city',
      value: '1',
      eventIds: [OTHER_FLAG],
    });
  });

  it('states each score and rank with the event that recorded it, best first', () => {
    const keys = figures.filter((f) => /^(score|rank)\./.test(f.key)).map((f) => f.key);
    expect(keys).toEqual([
      'score.region.changchun',
      'rank.region.changchun',
      'score.region.jilin-city',
      'rank.region.jilin-city',
    ]);
    expect(value('score.region.changchun')).toEqual({
      key: 'score.region.changchun',
      value: '90.50',
      eventIds: ['e-1'],
    });
  });

  it('counts overdue reports per network and the summonses of the month', () => {
    expect(value('overdueReports.network.power')).toEqual({
      key: 'overdueReports.network.power',
      value: '1',
      eventIds: ['e-3'],
    });
    expect(value('summonses.total')?.eventIds).toEqual(['e-4']);
  });

  it('states zeros with no events when there is nothing to count', () => {
    const none = circularFigures({
      openRedFlags: [],
      scores: [],
      overdueReports: [],
      summonses: [],
    });
    expect(none).toEqual([
      { key: 'openRedFlags.total', value: '0', eventIds: [] },
      { key: 'overdueReports.total', value: '0', eventIds: [] },
      { key: 'summonses.total', value: '0', eventIds: [] },
    ]);
  });
});
