import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidCommandError, LocalDate } from '@ledger/domain-kernel';
import {
  KIND_DEFINITIONS,
  NETWORK_REPORT_KINDS,
  NetworkReportKind,
  isoWeeksIn,
  parseNetworkReportPeriod,
  periodAfter,
  periodContaining,
  periodsBetween,
  spanOf,
} from './report-kinds';
import { deadlineStatus, owedPeriods } from './report-deadlines';

const source = readFileSync(
  join(__dirname, '../../../../../seeds/jilin-761/source/jilin-761-plan.zh.txt'),
  'utf8',
).split('\n');
const networks = (
  JSON.parse(
    readFileSync(join(__dirname, '../../../../../seeds/jilin-761/networks.json'), 'utf8'),
  ) as { networks: Array<{ code: string }> }
).networks.map((n) => n.code);

const day = (s: string) => s as LocalDate;
const parse = (kind: NetworkReportKind, value: unknown) =>
  parseNetworkReportPeriod(kind, value, 'period');

function refusal(kind: NetworkReportKind, value: unknown): string {
  try {
    parse(kind, value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCommandError);
    return (error as Error).message;
  }
  throw new Error(`${String(value)} was accepted as a ${kind} period`);
}

describe('report kinds and who owes them', () => {
  it('cites every obligation from the document: the quote is on its line', () => {
    for (const kind of NETWORK_REPORT_KINDS) {
      for (const { networkCode, source: cite } of KIND_DEFINITIONS[kind].owedBy) {
        expect(networks).toContain(networkCode);
        expect({ kind, networkCode, line: source[cite.line - 1]?.includes(cite.quote) }).toEqual({
          kind,
          networkCode,
          line: true,
        });
      }
    }
  });

  it('asks the weekly dispatch of power and oil-gas, the consultation and summary of info', () => {
    const owed = (kind: NetworkReportKind) =>
      KIND_DEFINITIONS[kind].owedBy.map((o) => o.networkCode);
    expect(owed('weekly-dispatch')).toEqual(['power', 'oilgas']);
    expect(owed('quarterly-consultation')).toEqual(['info']);
    expect(owed('annual-summary')).toEqual(['info']);
  });
});

describe('period formats', () => {
  it('takes each kind’s own format and refuses the others', () => {
    expect(parse('weekly-dispatch', '2020-W23')).toBe('2020-W23');
    expect(parse('quarterly-consultation', '2020-Q2')).toBe('2020-Q2');
    expect(parse('annual-summary', '2020')).toBe('2020');
    expect(refusal('weekly-dispatch', '2020-Q2')).toMatch(/ISO week as YYYY-Www/);
    expect(refusal('weekly-dispatch', '2020-W5')).toMatch(/ISO week/);
    expect(refusal('quarterly-consultation', '2020-Q5')).toMatch(/quarter as YYYY-Qn/);
    expect(refusal('quarterly-consultation', '2020-06')).toMatch(/quarter/);
    expect(refusal('annual-summary', '2020-Q1')).toMatch(/year as YYYY/);
    expect(refusal('annual-summary', 2020)).toMatch(/year as YYYY/);
    expect(refusal('annual-summary', '2019')).toMatch(/programme's years/);
  });

  it('knows which years have 53 ISO weeks: 2020 and 2026 do, 2021 does not', () => {
    expect([2020, 2021, 2022, 2023, 2024, 2025, 2026].map(isoWeeksIn)).toEqual([
      53, 52, 52, 52, 52, 52, 53,
    ]);
    expect(parse('weekly-dispatch', '2020-W53')).toBe('2020-W53');
    expect(refusal('weekly-dispatch', '2021-W53')).toMatch(/2021 has ISO weeks 1 to 52/);
    expect(refusal('weekly-dispatch', '2021-W00')).toMatch(/not 0/);
  });

  it('spans an ISO week that crosses the year from Monday to Sunday', () => {
    expect(spanOf('weekly-dispatch', parse('weekly-dispatch', '2020-W53'))).toEqual({
      start: '2020-12-28',
      end: '2021-01-03',
    });
    // 1 January 2021 belongs to 2020-W53; 2026-W01 begins on 29 December 2025.
    expect(periodContaining('weekly-dispatch', day('2021-01-01'))).toBe('2020-W53');
    expect(periodContaining('weekly-dispatch', day('2025-12-29'))).toBe('2026-W01');
    expect(periodAfter('weekly-dispatch', parse('weekly-dispatch', '2020-W53'))).toBe('2021-W01');
    expect(periodAfter('weekly-dispatch', parse('weekly-dispatch', '2021-W52'))).toBe('2022-W01');
  });

  it('spans quarters and years', () => {
    expect(spanOf('quarterly-consultation', parse('quarterly-consultation', '2020-Q1'))).toEqual({
      start: '2020-01-01',
      end: '2020-03-31',
    });
    expect(spanOf('quarterly-consultation', parse('quarterly-consultation', '2024-Q4'))).toEqual({
      start: '2024-10-01',
      end: '2024-12-31',
    });
    expect(periodAfter('quarterly-consultation', parse('quarterly-consultation', '2020-Q4'))).toBe(
      '2021-Q1',
    );
    expect(spanOf('annual-summary', parse('annual-summary', '2024'))).toEqual({
      start: '2024-01-01',
      end: '2024-12-31',
    });
  });

  it('lists the periods from the one holding the first day to the one holding the last', () => {
    expect(periodsBetween('weekly-dispatch', day('2020-12-20'), day('2021-01-11'))).toEqual([
      '2020-W51',
      '2020-W52',
      '2020-W53',
      '2021-W01',
      '2021-W02',
    ]);
    expect(periodsBetween('quarterly-consultation', day('2020-04-09'), day('2021-01-01'))).toEqual([
      '2020-Q2',
      '2020-Q3',
      '2020-Q4',
      '2021-Q1',
    ]);
    expect(periodsBetween('annual-summary', day('2021-01-01'), day('2020-12-31'))).toEqual([]);
  });
});

describe('deadline status', () => {
  it('is submitted, late, overdue or due as of a date', () => {
    const due = day('2020-10-21');
    expect(deadlineStatus(due, day('2020-10-21'), day('2020-10-21'))).toBe('submitted');
    expect(deadlineStatus(due, day('2020-11-01'), day('2020-10-22'))).toBe('late');
    expect(deadlineStatus(due, day('2020-10-21'), null)).toBe('due');
    expect(deadlineStatus(due, day('2020-10-22'), null)).toBe('overdue');
    // As of a day before the report came in, it had not come in.
    expect(deadlineStatus(due, day('2020-10-22'), day('2020-10-23'))).toBe('overdue');
  });

  it('owes periods only to the networks the plan names, from the plan’s issue', () => {
    const owed = owedPeriods(
      ['weekly-dispatch', 'quarterly-consultation'],
      day('2020-01-01'),
      day('2020-04-20'),
    );
    expect(owed.map((o) => `${o.networkCode} ${o.kind} ${o.period}`)).toEqual([
      'power weekly-dispatch 2020-W15',
      'power weekly-dispatch 2020-W16',
      'power weekly-dispatch 2020-W17',
      'oilgas weekly-dispatch 2020-W15',
      'oilgas weekly-dispatch 2020-W16',
      'oilgas weekly-dispatch 2020-W17',
      'info quarterly-consultation 2020-Q2',
    ]);
    expect(
      owedPeriods(['weekly-dispatch'], day('2020-01-01'), day('2020-04-13'), (n) => n === 'oilgas')
        .length,
    ).toBe(2);
  });
});
