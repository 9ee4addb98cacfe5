import { lazy, Suspense, useMemo } from 'react';
import { asOfVariables, useAsOf } from '../../app/as-of';
import type { ChartOption } from '../../app/Chart';
import { useLanguage, useName, useStrings } from '../../app/i18n';
import { useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { Column, DataTable } from '../../export/DataTable';
import type { MoneyUnit } from '../../money';
import {
  Failure,
  Loading,
  MoneyUnitPicker,
  MonthPicker,
  NoProgramme,
  useMoneyUnit,
  useUnitName,
} from './common';
import { chooseMonth, isMonth, Month, monthLabel, monthsBetween } from './months';
import {
  behindTimeElapsed,
  chartData,
  groupDigits,
  headlineDiscrepancies,
  moneyText,
  networkRows,
  orderSummary,
  percentText,
  progressTotals,
  seriesNetworks,
  seriesRows,
  SeriesRow,
  summaryTotals,
} from './overview.model';
import {
  MonthlySummaryLine,
  monthQuery,
  MonthResult,
  PROGRAMME_OVERVIEW,
  ProgrammeOverview,
  ProgrammeOverviewResult,
  SeriesPoint,
  SourceDiscrepancy,
  SourcedAmount,
} from './overview.queries';
import { OVERVIEW_STRINGS } from './overview.strings';
import { useProgrammeSeries, useSeriesPrefetch } from './use-series';
import './overview.css';

// ECharts is most of the console's weight: loaded when a chart is first drawn, so that the
// other pages (and this one's tables) do not wait for it.
const Chart = lazy(() => import('../../app/Chart').then((m) => ({ default: m.Chart })));

type T = (
  key: keyof (typeof OVERVIEW_STRINGS)['zh'],
  values?: Record<string, string | number>,
) => string;

/** The programme at a glance: the document's headline figures, progress by network, the month. */
export function OverviewPage() {
  const asOf = useAsOf();
  // The series starts with the programme's own request, not after it.
  useSeriesPrefetch();
  const programme = useLedgerQuery<ProgrammeOverviewResult>(
    PROGRAMME_OVERVIEW,
    {},
    { live: !asOf || 'validAt' in asOf },
  );
  return (
    <section data-testid="page-overview" className="overview">
      {programme.status === 'loading' && <Loading />}
      {programme.status === 'failed' && <Failure error={programme.error} />}
      {programme.status === 'ready' &&
        (programme.data.programme ? (
          <OverviewBody programme={programme.data.programme} />
        ) : (
          <NoProgramme />
        ))}
    </section>
  );
}

function OverviewBody({ programme }: { programme: ProgrammeOverview }) {
  const t = useStrings(OVERVIEW_STRINGS);
  const name = useName();
  const asOf = useAsOf();
  const { search } = useLocation();
  const { series, from, viewMonth } = useProgrammeSeries(programme.startYear);
  const requested = search.get('month');
  const points = series.status === 'ready' ? series.data.progressSeries : null;
  // Without ?month the page waits for the series to know the latest month with reports.
  // Without the series (it failed) the view's month stands in; the month's own query then
  // answers for itself.
  const month: Month | null = points
    ? chooseMonth(requested, points, viewMonth)
    : series.status === 'failed'
      ? chooseMonth(requested, [], viewMonth)
      : isMonth(requested)
        ? requested
        : null;
  return (
    <>
      <h1 data-testid="programme-name">{name(programme.nameZh, programme.nameEn)}</h1>
      <p className="note" data-testid="programme-document">
        {t('document', {
          number: programme.documentNumber,
          issuedOn: programme.issuedOn,
          start: programme.startYear,
          end: programme.endYear,
        })}
      </p>
      <Headline programme={programme} t={t} />
      {asOf && (
        <p className="note past" data-testid="programme-not-as-of">
          {t('programmeNotAsOf')}
        </p>
      )}
      <div className="page-tools">
        {month && (
          <MonthPicker
            months={monthsBetween(from, viewMonth)}
            value={month}
            withReports={new Set((points ?? []).filter((p) => p.reports > 0).map((p) => p.period))}
          />
        )}
        <MoneyUnitPicker />
      </div>
      {series.status === 'failed' && <Failure error={series.error} testId="series-error" />}
      {month ? <MonthView programme={programme} month={month} t={t} /> : <Loading />}
      {points && month && (
        <SeriesView
          programme={programme}
          points={points}
          from={from}
          // The series runs to the later of the chosen month and the last month with reports.
          to={latestOf(month, points, viewMonth)}
          month={month}
          t={t}
        />
      )}
    </>
  );
}

function latestOf(month: Month, points: readonly SeriesPoint[], viewMonth: Month): Month {
  let to = month;
  for (const p of points) if (p.period > to && p.period <= viewMonth) to = p.period;
  return to;
}

function SourceNote({ amount, t }: { amount: { source: SourcedAmount['source'] }; t: T }) {
  return (
    <span className="source" title={amount.source.quote}>
      {t('sourceLine', { line: amount.source.line, quote: amount.source.quote })}
    </span>
  );
}

/** The document's two headline figures, each with its line and quote, and where it disagrees. */
function Headline({ programme, t }: { programme: ProgrammeOverview; t: T }) {
  const discrepancies = headlineDiscrepancies(programme);
  return (
    <div className="headline">
      <div className="card figure" data-testid="headline-investment">
        <div className="figure-label">{t('totalInvestment')}</div>
        <div className="figure-value" data-testid="headline-investment-value">
          {groupDigits(programme.totalInvestment.valueYi)} <span className="unit">亿元</span>
        </div>
        <div data-testid="headline-investment-source">
          <SourceNote amount={programme.totalInvestment} t={t} />
        </div>
        <Discrepancies
          items={discrepancies.investment}
          t={t}
          testId="headline-investment-discrepancies"
        />
      </div>
      <div className="card figure" data-testid="headline-projects">
        <div className="figure-label">{t('totalProjects')}</div>
        <div className="figure-value" data-testid="headline-projects-value">
          {groupDigits(String(programme.totalProjects.value))}{' '}
          <span className="unit">{t('projectsUnit')}</span>
        </div>
        <div data-testid="headline-projects-source">
          <SourceNote amount={programme.totalProjects} t={t} />
        </div>
        <Discrepancies
          items={discrepancies.projects}
          t={t}
          testId="headline-projects-discrepancies"
        />
      </div>
    </div>
  );
}

/** Every figure of each discrepancy, as the document states it, with its line and quote. */
function Discrepancies({
  items,
  t,
  testId,
}: {
  items: readonly SourceDiscrepancy[];
  t: T;
  testId: string;
}) {
  if (items.length === 0) return null;
  return (
    <div className="discrepancies" data-testid={testId}>
      <p className="disagrees">{t('selfDisagrees')}</p>
      {items.map((d) => (
        <div key={d.code} className="discrepancy" data-testid={`discrepancy-${d.code}`}>
          <p>
            <span className="badge">{d.severity}</span> {d.description}
          </p>
          <details>
            <summary>{t('figures', { count: d.figures.length })}</summary>
            <ul>
              {d.figures.map((f, i) => (
                <li key={i} data-testid="discrepancy-figure">
                  <span className="figure-name">{f.label}</span>: <strong>{f.value}</strong>{' '}
                  {f.source ? (
                    <span className="source" title={f.source.quote}>
                      {t('sourceLine', { line: f.source.line, quote: f.source.quote })}
                    </span>
                  ) : (
                    <span className="source">{t('derived')}</span>
                  )}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ))}
    </div>
  );
}

interface NetworkTableRow {
  key: string;
  name: string;
  isTotal: boolean;
  annexTotal: string;
  mainTextTotal: string;
  figuresDiffer: boolean;
  source: string;
  documentProjects: string;
  projects: string;
  approvedProjects: string;
  planned: string;
  approved: string;
  disbursed: string;
  reported: string;
  annualPlan: string;
  completedInYear: string;
  annualPlanPercent: string;
  timeElapsedPercent: string;
  behind: boolean | null;
  overdue: string;
  discrepancies: string;
}

function MonthView({ programme, month, t }: { programme: ProgrammeOverview; month: Month; t: T }) {
  const asOf = useAsOf();
  const language = useLanguage();
  const name = useName();
  const unit = useMoneyUnit();
  const unitName = useUnitName()(unit);
  const state = useLedgerQuery<MonthResult>(
    monthQuery(asOf),
    { ...asOfVariables(asOf), month },
    {
      live: !asOf || 'validAt' in asOf,
      touches: (c) => c.service === null || c.service === 'planning' || c.service === 'reporting',
    },
  );
  if (state.status === 'loading') return <Loading testId="month-loading" />;
  if (state.status === 'failed') return <Failure error={state.error} testId="month-error" />;
  const { progress, monthlySummary } = state.data;
  const rows = networkRows(programme, progress);
  const totals = progressTotals(progress);
  const money = (amount: string) => moneyText(amount, unit);
  const tableRows: NetworkTableRow[] = [
    ...rows.map((r): NetworkTableRow => {
      const l = r.line;
      const sources = [
        r.annexTotal ? t('annex', { line: r.annexTotal.source.line }) : null,
        r.mainTextTotal ? t('mainText', { line: r.mainTextTotal.source.line }) : null,
      ].filter((s): s is string => s !== null);
      return {
        key: r.code,
        name: name(r.nameZh, r.nameEn),
        isTotal: false,
        annexTotal: r.annexTotal ? groupDigits(r.annexTotal.valueYi) : '—',
        mainTextTotal: r.mainTextTotal ? groupDigits(r.mainTextTotal.valueYi) : '—',
        figuresDiffer: r.documentFiguresDiffer,
        source: sources.join(language === 'zh' ? '；' : '; '),
        documentProjects: r.documentProjects ? String(r.documentProjects.value) : '—',
        projects: l ? String(l.projects) : '—',
        approvedProjects: l ? String(l.approvedProjects) : '—',
        planned: l ? money(l.planned) : '—',
        approved: l ? money(l.approved) : '—',
        disbursed: l ? money(l.disbursed) : '—',
        reported: l ? money(l.reported) : '—',
        annualPlan: l ? money(l.annualPlan) : '—',
        completedInYear: l ? money(l.completedInYear) : '—',
        annualPlanPercent: l ? percentText(l.annualPlanPercent) : '—',
        timeElapsedPercent: l ? percentText(l.timeElapsedPercent) : '—',
        behind: l ? behindTimeElapsed(l.annualPlanPercent, l.timeElapsedPercent) : null,
        overdue: l ? String(l.projectsWithOverdueReports) : '—',
        discrepancies: String(r.discrepancies.length),
      };
    }),
    {
      key: 'total',
      name: t('total'),
      isTotal: true,
      annexTotal: '',
      mainTextTotal: '',
      figuresDiffer: false,
      source: '',
      documentProjects: '',
      projects: String(totals.projects),
      approvedProjects: String(totals.approvedProjects),
      planned: money(totals.planned),
      approved: money(totals.approved),
      disbursed: money(totals.disbursed),
      reported: money(totals.reported),
      annualPlan: money(totals.annualPlan),
      completedInYear: money(totals.completedInYear),
      annualPlanPercent: percentText(totals.annualPlanPercent),
      timeElapsedPercent: percentText(totals.timeElapsedPercent),
      behind: behindTimeElapsed(totals.annualPlanPercent, totals.timeElapsedPercent),
      overdue: String(totals.projectsWithOverdueReports),
      discrepancies: String(rows.reduce((n, r) => n + r.discrepancies.length, 0)),
    },
  ];
  const year = month.slice(0, 4);
  const columns: Column<NetworkTableRow>[] = [
    {
      key: 'network',
      header: t('network'),
      text: (r) => r.name,
      render: (r) => (r.isTotal ? <strong>{r.name}</strong> : r.name),
    },
    {
      key: 'annexTotal',
      header: t('annexTotal'),
      text: (r) => r.annexTotal,
      numeric: true,
      render: (r) => (
        <>
          {r.annexTotal}
          {r.figuresDiffer && (
            <span className="badge" title={t('figuresDiffer')} data-testid="figures-differ">
              ≠
            </span>
          )}
        </>
      ),
    },
    {
      key: 'mainTextTotal',
      header: t('mainTextTotal'),
      text: (r) => r.mainTextTotal,
      numeric: true,
    },
    { key: 'source', header: t('source'), text: (r) => r.source },
    {
      key: 'documentProjects',
      header: t('documentProjects'),
      text: (r) => r.documentProjects,
      numeric: true,
    },
    { key: 'projects', header: t('projects'), text: (r) => r.projects, numeric: true },
    {
      key: 'approvedProjects',
      header: t('approvedProjects'),
      text: (r) => r.approvedProjects,
      numeric: true,
    },
    {
      key: 'planned',
      header: t('planned', { unit: unitName }),
      text: (r) => r.planned,
      numeric: true,
    },
    {
      key: 'approved',
      header: t('approved', { unit: unitName }),
      text: (r) => r.approved,
      numeric: true,
    },
    {
      key: 'disbursed',
      header: t('disbursed', { unit: unitName }),
      text: (r) => r.disbursed,
      numeric: true,
    },
    {
      key: 'reported',
      header: t('reported', { unit: unitName }),
      text: (r) => r.reported,
      numeric: true,
    },
    {
      key: 'annualPlan',
      header: t('annualPlan', { year, unit: unitName }),
      text: (r) => r.annualPlan,
      numeric: true,
    },
    {
      key: 'completedInYear',
      header: t('completedInYear', { unit: unitName }),
      text: (r) => r.completedInYear,
      numeric: true,
    },
    {
      key: 'annualPlanPercent',
      header: t('annualPlanPercent'),
      text: (r) => r.annualPlanPercent,
      numeric: true,
      render: (r) => (
        <span
          className={r.behind ? 'behind' : undefined}
          title={r.behind ? t('behind') : undefined}
        >
          {r.annualPlanPercent}
        </span>
      ),
    },
    {
      key: 'timeElapsedPercent',
      header: t('timeElapsedPercent'),
      text: (r) => r.timeElapsedPercent,
      numeric: true,
    },
    { key: 'overdue', header: t('overdue'), text: (r) => r.overdue, numeric: true },
    {
      key: 'discrepancies',
      header: t('discrepancies'),
      text: (r) => r.discrepancies,
      numeric: true,
    },
  ];
  const networkDiscrepancies = rows.flatMap((r) => r.discrepancies);
  return (
    <>
      <h2>{t('networksHeading', { month: monthLabel(month, language) })}</h2>
      <p className="note" data-testid="ledger-holds">
        {t('ledgerHolds', {
          projects: totals.projects,
          planned: money(totals.planned),
          unit: unitName,
        })}
      </p>
      <DataTable
        columns={columns}
        rows={tableRows}
        rowKey={(r) => r.key}
        filename={`progress-by-network-${month}`}
        testId="overview-networks"
        caption={t('totalNote')}
      />
      {networkDiscrepancies.length > 0 && (
        <details className="card" data-testid="network-discrepancies">
          <summary>{t('networkDiscrepancies', { count: networkDiscrepancies.length })}</summary>
          <Discrepancies items={networkDiscrepancies} t={t} testId="network-discrepancy-list" />
        </details>
      )}
      <Summary
        programme={programme}
        lines={monthlySummary}
        month={month}
        unit={unit}
        unitName={unitName}
        t={t}
      />
    </>
  );
}

function Summary({
  programme,
  lines,
  month,
  unit,
  unitName,
  t,
}: {
  programme: ProgrammeOverview;
  lines: readonly MonthlySummaryLine[];
  month: Month;
  unit: MoneyUnit;
  unitName: string;
  t: T;
}) {
  const language = useLanguage();
  const name = useName();
  const order = programme.networks.map((n) => n.code);
  const networkName = (code: string) => {
    const network = programme.networks.find((n) => n.code === code);
    return network ? name(network.nameZh, network.nameEn) : code;
  };
  const totals = summaryTotals(lines);
  const money = (amount: string) => moneyText(amount, unit);
  type Row = MonthlySummaryLine & { total: boolean };
  const rows: Row[] = [
    ...orderSummary(lines, order).map((l) => ({ ...l, total: false })),
    { networkCode: t('total'), ...totals, total: true },
  ];
  const columns: Column<Row>[] = [
    {
      key: 'network',
      header: t('network'),
      text: (r) => (r.total ? r.networkCode : networkName(r.networkCode)),
    },
    {
      key: 'projectsReporting',
      header: t('projectsReporting'),
      text: (r) => String(r.projectsReporting),
      numeric: true,
    },
    {
      key: 'reportsReceived',
      header: t('reportsReceived'),
      text: (r) => String(r.reportsReceived),
      numeric: true,
    },
    {
      key: 'reportsLate',
      header: t('reportsLate'),
      text: (r) => String(r.reportsLate),
      numeric: true,
    },
    {
      key: 'reportsOverdue',
      header: t('reportsOverdue'),
      text: (r) => String(r.reportsOverdue),
      numeric: true,
    },
    {
      key: 'investmentInMonth',
      header: t('investmentInMonth', { unit: unitName }),
      text: (r) => money(r.investmentInMonth),
      numeric: true,
    },
    {
      key: 'cumulativeReported',
      header: t('cumulativeReported', { unit: unitName }),
      text: (r) => money(r.cumulativeReported),
      numeric: true,
    },
  ];
  return (
    <>
      <h2>{t('summaryHeading', { month: monthLabel(month, language) })}</h2>
      <p className="card summary-text" data-testid="overview-summary-text">
        {t('summaryText', {
          month: monthLabel(month, language),
          projects: totals.projectsReporting,
          received: totals.reportsReceived,
          late: totals.reportsLate,
          overdue: totals.reportsOverdue,
          investment: money(totals.investmentInMonth),
          cumulative: money(totals.cumulativeReported),
          unit: unitName,
        })}
      </p>
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => (r.total ? 'total' : r.networkCode)}
        filename={`monthly-summary-${month}`}
        testId="overview-summary"
      />
    </>
  );
}

function SeriesView({
  programme,
  points,
  from,
  to,
  month,
  t,
}: {
  programme: ProgrammeOverview;
  points: readonly SeriesPoint[];
  from: Month;
  to: Month;
  month: Month;
  t: T;
}) {
  const language = useLanguage();
  const name = useName();
  const unit = useMoneyUnit();
  const unitName = useUnitName()(unit);
  const order = programme.networks.map((n) => n.code);
  const networkName = (code: string) => {
    const network = programme.networks.find((n) => n.code === code);
    return network ? name(network.nameZh, network.nameEn) : code;
  };
  const rows = useMemo(() => seriesRows(points, from, to), [points, from, to]);
  const networks = seriesNetworks(points, order);
  const option = useMemo((): ChartOption => {
    const data = chartData(rows, networks);
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 56, right: 64, top: 64, bottom: 32 },
      xAxis: { type: 'category', data: data.months },
      yAxis: [
        { type: 'value', name: '亿元', position: 'left' },
        { type: 'value', name: '亿元', position: 'right', splitLine: { show: false } },
      ],
      series: [
        ...data.networks.map((n, i) => ({
          type: 'bar' as const,
          name: networkName(n.code),
          stack: 'month',
          data: n.values,
          ...(i === 0
            ? {
                markLine: {
                  symbol: 'none',
                  label: { formatter: month },
                  data: [{ xAxis: month }],
                },
              }
            : {}),
        })),
        {
          type: 'line' as const,
          name: t('cumulative', { unit: '亿元' }),
          yAxisIndex: 1,
          data: data.cumulative,
          showSymbol: false,
        },
      ],
    };
    // The option depends on the language through the names.
  }, [rows, networks.join(','), month, language]);
  const columns: Column<SeriesRow>[] = [
    { key: 'month', header: t('month'), text: (r) => r.period },
    ...networks.map((code): Column<SeriesRow> => ({
      key: `network-${code}`,
      header: t('withUnit', { name: networkName(code), unit: unitName }),
      text: (r) => moneyText(r.investment.get(code) ?? '0.00', unit),
      numeric: true,
    })),
    {
      key: 'monthTotal',
      header: t('monthTotal', { unit: unitName }),
      text: (r) => moneyText(r.monthTotal, unit),
      numeric: true,
    },
    {
      key: 'cumulative',
      header: t('cumulative', { unit: unitName }),
      text: (r) => moneyText(r.cumulative, unit),
      numeric: true,
    },
    { key: 'reports', header: t('reports'), text: (r) => String(r.reports), numeric: true },
  ];
  return (
    <>
      <h2>
        {t('seriesHeading', { from: monthLabel(from, language), to: monthLabel(to, language) })}
      </h2>
      <div className="card">
        <Suspense fallback={<div className="chart-placeholder" style={{ height: 340 }} />}>
          <Chart option={option} height={340} testId="overview-series-chart" />
        </Suspense>
        <p className="note">{t('chartNote')}</p>
      </div>
      <div className="series-table">
        <DataTable
          columns={columns}
          rows={[...rows].reverse()}
          rowKey={(r) => r.period}
          filename={`investment-by-month-${from}-${to}`}
          testId="overview-series"
          caption={t('seriesCaption')}
        />
      </div>
    </>
  );
}
