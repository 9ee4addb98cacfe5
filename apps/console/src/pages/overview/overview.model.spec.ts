import { describe, expect, it } from '@jest/globals';
import {
  addMonths,
  beijingDate,
  chooseMonth,
  isMonth,
  latestMonthWithReports,
  monthLabel,
  monthOfView,
  monthsBetween,
} from './months';
import {
  behindTimeElapsed,
  chartData,
  chartValue,
  groupDigits,
  headlineDiscrepancies,
  moneyText,
  networkRows,
  orderSummary,
  parseMoneyUnit,
  percentText,
  progressTotals,
  sameDecimal,
  seriesNetworks,
  seriesRows,
  summaryTotals,
} from './overview.model';
import type {
  MonthlySummaryLine,
  ProgrammeOverview,
  ProgressLine,
  SeriesPoint,
} from './overview.queries';

// Shaped as the API answers (figures from the 761 seed and a synthetic month).
const PROGRAMME: ProgrammeOverview = {
  code: 'jilin-761',
  nameZh: '吉林省新基建“761”工程',
  nameEn: 'Jilin Province New Infrastructure "761" Programme',
  documentNumber: '吉政发〔2020〕6号',
  issuedOn: '2020-04-09',
  startYear: 2020,
  endYear: 2025,
  totalInvestment: { valueYi: '10962', source: { line: 23, quote: '总投资10962亿元' } },
  totalProjects: {
    value: 2188,
    source: { line: 23, quote: '新基建“761”工程计划实施项目2188个' },
  },
  networks: [
    {
      code: 'info',
      nameZh: '智能信息网',
      nameEn: 'Smart information network',
      leadDepartment: 'gov-services-digitalisation-bureau',
      totalInvestment: { valueYi: '839', source: { line: 45, quote: '计划总投资839亿元' } },
      mainTextTotalInvestment: {
        valueYi: '839',
        source: { line: 23, quote: '智能信息网总投资839亿元' },
      },
      projectCount: { value: 389, source: { line: 45, quote: '项目389个' } },
    },
    {
      code: 'water',
      nameZh: '水网',
      nameEn: 'Water network',
      leadDepartment: 'water-resources-department',
      totalInvestment: { valueYi: '1307.67', source: { line: 123, quote: '总投资1307.67亿元' } },
      mainTextTotalInvestment: {
        valueYi: '1308',
        source: { line: 23, quote: '水网总投资1308亿元' },
      },
      projectCount: null,
    },
  ],
  departments: [],
  discrepancies: [
    {
      code: 'programme-total-rounding',
      networkCode: null,
      severity: 'rounding',
      description: 'Programme total 10962 equals the sum of the rounded network totals.',
      figures: [
        {
          label: 'programme total',
          value: '10962',
          source: { line: 23, quote: '总投资10962亿元' },
        },
        { label: 'sum of exact annex network totals', value: '10961.12', source: null },
      ],
    },
    {
      code: 'water-project-count',
      networkCode: 'water',
      severity: 'unreconciled',
      description: 'Water network: no project count is stated.',
      figures: [
        { label: 'programme projects', value: '2188', source: { line: 23, quote: '项目2188个' } },
        { label: '2188 minus the others', value: '12', source: null },
      ],
    },
    {
      code: 'elsewhere',
      networkCode: 'info',
      severity: 'contradiction',
      description: 'Cites 10962 but on another line: not about the headline.',
      figures: [{ label: 'x', value: '10962', source: { line: 99, quote: 'q' } }],
    },
  ],
};

const line = (key: string, over: Partial<ProgressLine> = {}): ProgressLine => ({
  key,
  projects: 2,
  approvedProjects: 1,
  completedProjects: 0,
  planned: '100.00',
  approved: '50.00',
  disbursed: '25.00',
  reported: '20.00',
  projectsWithOverdueReports: 0,
  annualPlan: '30.00',
  completedInYear: '10.00',
  annualPlanPercent: '33.33',
  timeElapsedPercent: '66.66',
  ...over,
});

describe('months', () => {
  it('recognises API months and steps across years', () => {
    expect(['2021-06', '2021-12'].every(isMonth)).toBe(true);
    expect(['2021-13', '2021-6', '2021', '2021-Q2', '', null].some(isMonth)).toBe(false);
    expect(addMonths('2021-12', 1)).toBe('2022-01');
    expect(addMonths('2021-01', -1)).toBe('2020-12');
    expect(monthsBetween('2020-11', '2021-02')).toEqual([
      '2020-11',
      '2020-12',
      '2021-01',
      '2021-02',
    ]);
    expect(monthsBetween('2021-02', '2021-01')).toEqual([]);
  });

  it('reads the view’s month in Beijing time', () => {
    // 23:30 UTC on 31 July is already 1 August in Beijing.
    expect(beijingDate(new Date('2021-07-31T23:30:00Z'))).toBe('2021-08-01');
    expect(monthOfView(null, new Date('2021-07-31T23:30:00Z'))).toBe('2021-08');
    expect(monthOfView({ validAt: '2021-06-30' }, new Date('2026-01-01'))).toBe('2021-06');
    expect(monthOfView({ recordedAt: '2021-06-30T20:00:00-04:00' }, new Date('2026-01-01'))).toBe(
      '2021-07',
    );
  });

  it('opens on the month asked for, else the latest with reports, else the view’s month', () => {
    const points = [
      { period: '2021-05', reports: 3 },
      { period: '2021-07', reports: 2 },
      { period: '2021-08', reports: 0 },
      { period: '2021-09', reports: 4 },
    ];
    expect(chooseMonth('2021-03', points, '2021-12')).toBe('2021-03');
    expect(chooseMonth(null, points, '2021-12')).toBe('2021-09');
    expect(chooseMonth('junk', points, '2021-08')).toBe('2021-07');
    expect(latestMonthWithReports(points, '2021-06')).toBe('2021-05');
    expect(chooseMonth(null, [], '2021-12')).toBe('2021-12');
  });

  it('names months in both languages', () => {
    expect(monthLabel('2021-06', 'zh')).toBe('2021年6月');
    expect(monthLabel('2021-06', 'en')).toBe('June 2021');
  });
});

describe('headline figures', () => {
  it('groups the document’s digits and keeps its decimals', () => {
    expect(groupDigits('10962')).toBe('10,962');
    expect(groupDigits('1307.67')).toBe('1,307.67');
    expect(groupDigits('2188')).toBe('2,188');
    expect(groupDigits('839')).toBe('839');
  });

  it('compares decimals as figures, not as text', () => {
    expect(sameDecimal('10962', '10962.00')).toBe(true);
    expect(sameDecimal('0.50', '.5')).toBe(false);
    expect(sameDecimal('0.50', '0.5')).toBe(true);
    expect(sameDecimal('-0.00', '0')).toBe(true);
    expect(sameDecimal('1308', '1307.67')).toBe(false);
  });

  it('finds the discrepancies that cite a headline figure on its own line', () => {
    const found = headlineDiscrepancies(PROGRAMME);
    expect(found.investment.map((d) => d.code)).toEqual(['programme-total-rounding']);
    expect(found.projects.map((d) => d.code)).toEqual(['water-project-count']);
  });
});

describe('networkRows', () => {
  it('keeps the document’s order and figures, the API’s lines and any key it adds', () => {
    const rows = networkRows(PROGRAMME, [line('water'), line('unassigned'), line('info')]);
    expect(rows.map((r) => r.code)).toEqual(['info', 'water', 'unassigned']);
    expect(rows[0]!.documentFiguresDiffer).toBe(false);
    expect(rows[1]!.documentFiguresDiffer).toBe(true);
    expect(rows[1]!.annexTotal?.valueYi).toBe('1307.67');
    expect(rows[1]!.mainTextTotal?.valueYi).toBe('1308');
    expect(rows[1]!.discrepancies.map((d) => d.code)).toEqual(['water-project-count']);
    expect(rows[2]).toMatchObject({ nameZh: 'unassigned', nameEn: null, annexTotal: null });
  });

  it('leaves a network without projects without a line rather than inventing zeros', () => {
    const rows = networkRows(PROGRAMME, [line('info')]);
    expect(rows.find((r) => r.code === 'water')!.line).toBeNull();
  });
});

describe('progressTotals', () => {
  it('adds the lines exactly and says when the 序时进度 is one figure', () => {
    const totals = progressTotals([
      line('a', { planned: '0.10', annualPlan: '1096200000000.00', completedInYear: '0.01' }),
      line('b', { planned: '0.20', annualPlan: '0.00', completedInYear: '0.02' }),
    ]);
    expect(totals.planned).toBe('0.30');
    expect(totals.projects).toBe(4);
    expect(totals.annualPlan).toBe('1096200000000.00');
    expect(totals.annualPlanPercent).toBe('0.00');
    expect(totals.timeElapsedPercent).toBe('66.66');
  });

  it('has no annual share without a plan, and no single 序时进度 if lines disagree', () => {
    const totals = progressTotals([
      line('a', { annualPlan: '0.00', timeElapsedPercent: '50.00' }),
      line('b', { annualPlan: '0.00' }),
    ]);
    expect(totals.annualPlanPercent).toBeNull();
    expect(totals.timeElapsedPercent).toBeNull();
    expect(progressTotals([]).planned).toBe('0.00');
  });

  it('compares the year’s completion with time elapsed exactly', () => {
    expect(behindTimeElapsed('66.65', '66.66')).toBe(true);
    expect(behindTimeElapsed('66.66', '66.66')).toBe(false);
    expect(behindTimeElapsed('120.00', '66.66')).toBe(false);
    expect(behindTimeElapsed(null, '66.66')).toBeNull();
    expect(percentText('80.00')).toBe('80.00%');
    expect(percentText(null)).toBe('—');
  });
});

describe('money on the page', () => {
  it('shows the chosen unit, exact in yuan', () => {
    expect(parseMoneyUnit(null)).toBe('yi');
    expect(parseMoneyUnit('wan')).toBe('wan');
    expect(parseMoneyUnit('nonsense')).toBe('yi');
    expect(moneyText('1460237500.00', 'yi')).toBe('14.60');
    expect(moneyText('1460237500.00', 'wan')).toBe('146,023.75');
    expect(moneyText('1460237500.01', 'yuan')).toBe('1,460,237,500.01');
  });
});

describe('the monthly series', () => {
  const point = (networkCode: string, period: string, inMonth: string, running: string) =>
    ({
      networkCode,
      period,
      reports: 1,
      investmentInMonth: inMonth,
      runningTotal: running,
    }) satisfies SeriesPoint;
  const points = [
    point('info', '2021-01', '1.10', '1.10'),
    point('water', '2021-01', '2.00', '2.00'),
    point('info', '2021-02', '0.20', '1.30'),
    // water reports nothing in February; its running total carries into March's cumulative.
    point('info', '2021-04', '0.05', '1.35'),
  ];

  it('has a row for every month, zeros where nothing came in, cumulative over networks', () => {
    const rows = seriesRows(points, '2020-12', '2021-04');
    expect(rows.map((r) => r.period)).toEqual([
      '2020-12',
      '2021-01',
      '2021-02',
      '2021-03',
      '2021-04',
    ]);
    expect(rows.map((r) => r.monthTotal)).toEqual(['0.00', '3.10', '0.20', '0.00', '0.05']);
    expect(rows.map((r) => r.cumulative)).toEqual(['0.00', '3.10', '3.30', '3.30', '3.35']);
    expect(rows.map((r) => r.reports)).toEqual([0, 2, 1, 0, 1]);
    expect(rows[2]!.investment.get('water')).toBeUndefined();
  });

  it('orders networks as the programme does and draws in 亿元', () => {
    expect(seriesNetworks(points, ['water', 'info', 'road'])).toEqual(['water', 'info']);
    expect(seriesNetworks([point('zz', '2021-01', '1.00', '1.00')], [])).toEqual(['zz']);
    expect(chartValue('1460237500.00')).toBe(14.6024);
    const data = chartData(seriesRows(points, '2021-01', '2021-02'), ['info', 'water']);
    expect(data.months).toEqual(['2021-01', '2021-02']);
    expect(data.networks[1]!.values).toEqual([0, 0]);
  });
});

describe('the monthly summary', () => {
  const summary = (networkCode: string, over: Partial<MonthlySummaryLine> = {}) =>
    ({
      networkCode,
      projectsReporting: 3,
      reportsReceived: 2,
      reportsLate: 1,
      reportsOverdue: 1,
      investmentInMonth: '0.10',
      cumulativeReported: '1096200000000.00',
      ...over,
    }) satisfies MonthlySummaryLine;

  it('adds up the lines the office sends and keeps the programme’s order', () => {
    const lines = [summary('water'), summary('x'), summary('info', { investmentInMonth: '0.20' })];
    expect(orderSummary(lines, ['info', 'water']).map((l) => l.networkCode)).toEqual([
      'info',
      'water',
      'x',
    ]);
    expect(summaryTotals(lines)).toEqual({
      projectsReporting: 9,
      reportsReceived: 6,
      reportsLate: 3,
      reportsOverdue: 3,
      investmentInMonth: '0.40',
      cumulativeReported: '3288600000000.00',
    });
  });
});
