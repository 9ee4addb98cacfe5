import { asOfVariables, useAsOf } from '../../app/as-of';
import { useName, useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading, NoProgramme } from '../overview/common';
import { latestMonthWithReports, Month } from '../overview/months';
import { useProgrammeSeries, useSeriesPrefetch } from '../overview/use-series';
import {
  choosePeriod,
  components,
  lastMonthOf,
  PERIOD_KINDS,
  PeriodKind,
  periodHolding,
  periodKind,
  periodOptions,
  parseUnitKind,
  rankingRows,
  RankingRow,
  UnitKind,
} from './scores.model';
import {
  SCORES_PROGRAMME,
  ScoresProgrammeResult,
  scoresQuery,
  ScoresResult,
} from './scores.queries';
import { COMPONENT_KEYS, SCORES_STRINGS } from './scores.strings';
import './scores.css';

type T = (
  key: keyof (typeof SCORES_STRINGS)['zh'],
  values?: Record<string, string | number>,
) => string;

type Programme = NonNullable<ScoresProgrammeResult['programme']>;

function componentName(t: T, component: string): string {
  return (COMPONENT_KEYS as readonly string[]).includes(component)
    ? t(component as (typeof COMPONENT_KEYS)[number])
    : component;
}

/** Scores and ranks per period, each with the parts it is made of. */
export function ScoresPage() {
  const asOf = useAsOf();
  // The series starts with the programme's own request, not after it.
  useSeriesPrefetch();
  const programme = useLedgerQuery<ScoresProgrammeResult>(
    SCORES_PROGRAMME,
    {},
    { live: !asOf || 'validAt' in asOf },
  );
  return (
    <section data-testid="page-scores" className="scores-page">
      {programme.status === 'loading' && <Loading />}
      {programme.status === 'failed' && <Failure error={programme.error} />}
      {programme.status === 'ready' &&
        (programme.data.programme ? (
          <ScoresBody programme={programme.data.programme} />
        ) : (
          <NoProgramme />
        ))}
    </section>
  );
}

function ScoresBody({ programme }: { programme: Programme }) {
  const t = useStrings(SCORES_STRINGS);
  const asOf = useAsOf();
  const { search } = useLocation();
  const unitKind = parseUnitKind(search.get('unit'));
  const requested = search.get('period');
  const { series, viewMonth } = useProgrammeSeries(programme.startYear);
  // The default period is the latest month with reports; a period in the URL needs no series.
  const fallback: Month | null =
    series.status === 'ready'
      ? (latestMonthWithReports(series.data.progressSeries, viewMonth) ?? viewMonth)
      : series.status === 'failed'
        ? viewMonth
        : null;
  const period =
    periodKind(requested) !== null
      ? requested!
      : fallback !== null
        ? choosePeriod(requested, fallback)
        : null;
  const kind = periodKind(period) ?? 'month';
  return (
    <>
      <h1 data-testid="scores-heading">
        {t('heading', { period: period ?? '…', kind: t(unitKind) })}
      </h1>
      {asOf && (
        <p className="note past" data-testid="names-not-as-of">
          {t('namesNotAsOf')}
        </p>
      )}
      <div className="page-tools">
        <label className="picker">
          {t('periodKind')}{' '}
          <select
            value={kind}
            onChange={(e) => {
              const next = e.target.value as PeriodKind;
              // The new kind's period that holds the current one's last month (not after today).
              const last = (period && lastMonthOf(period)) ?? fallback ?? viewMonth;
              setParams({ period: periodHolding(next, last > viewMonth ? viewMonth : last) });
            }}
            data-testid="period-kind"
          >
            {PERIOD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        {period && (
          <label className="picker">
            {t('period')}{' '}
            <select
              value={period}
              onChange={(e) => setParams({ period: e.target.value })}
              data-testid="period-picker"
            >
              {withValue(periodOptions(kind, programme.startYear, viewMonth), period).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="picker">
          {t('unitKind')}{' '}
          <select
            value={unitKind}
            onChange={(e) =>
              setParams({ unit: e.target.value === 'department' ? undefined : e.target.value })
            }
            data-testid="unit-kind"
          >
            {(['department', 'region'] as const).map((k) => (
              <option key={k} value={k}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {period ? (
        <Ranking programme={programme} period={period} unitKind={unitKind} t={t} />
      ) : (
        <Loading />
      )}
    </>
  );
}

/** The options, with the chosen one among them even if it lies outside (a shared old link). */
function withValue(options: readonly string[], value: string): string[] {
  return options.includes(value) ? [...options] : [value, ...options];
}

function Ranking({
  programme,
  period,
  unitKind,
  t,
}: {
  programme: Programme;
  period: string;
  unitKind: UnitKind;
  t: T;
}) {
  const asOf = useAsOf();
  const name = useName();
  const state = useLedgerQuery<ScoresResult>(
    scoresQuery(asOf),
    { ...asOfVariables(asOf), period, unitKind },
    {
      live: !asOf || 'validAt' in asOf,
      touches: (c) => c.service === null || c.service === 'assessment',
    },
  );
  if (state.status === 'loading') return <Loading testId="scores-loading" />;
  if (state.status === 'failed') return <Failure error={state.error} testId="scores-error" />;
  const scores = state.data.scores;
  if (scores.length === 0)
    return (
      <p className="card" data-testid="scores-none">
        {t('none')}
      </p>
    );
  const units = unitKind === 'region' ? programme.regions : programme.departments;
  const rows = rankingRows(scores, units, name);
  const parts = components(scores);
  const mismatches = rows.filter((r) => !r.adds);
  // One colour per component, the same in every row.
  const colour = (component: string) => parts.indexOf(component) % 6;
  const columns: Column<RankingRow>[] = [
    { key: 'rank', header: t('rank'), text: (r) => String(r.rank), numeric: true },
    { key: 'unit', header: t('unit'), text: (r) => r.name },
    {
      key: 'score',
      header: t('score'),
      text: (r) => r.score,
      numeric: true,
      render: (r) => <strong data-testid={`score-${r.unit}`}>{r.score}</strong>,
    },
    {
      key: 'breakdown',
      header: t('breakdown'),
      text: (r) => r.equation,
      render: (r) => <Bar row={r} colour={colour} t={t} />,
    },
    ...parts.map((component): Column<RankingRow> => ({
      key: `part-${component}`,
      header: componentName(t, component),
      numeric: true,
      text: (r) => {
        const part = r.parts.find((p) => p.component === component);
        return part ? t('ofMax', { points: part.points, max: part.max }) : '—';
      },
      render: (r) => {
        const part = r.parts.find((p) => p.component === component);
        if (!part) return '—';
        return (
          <span title={part.basis} data-testid={`part-${r.unit}-${component}`}>
            {t('ofMax', { points: part.points, max: part.max })}
          </span>
        );
      },
    })),
    {
      key: 'check',
      header: t('check'),
      text: (r) => (r.adds ? t('adds') : t('doesNotAdd', { sum: r.partsSum, score: r.score })),
      render: (r) =>
        r.adds ? (
          <span className="adds" data-testid={`score-adds-${r.unit}`}>
            ✓ {t('adds')}
          </span>
        ) : (
          <span className="badge red" data-testid={`score-mismatch-${r.unit}`}>
            {t('doesNotAdd', { sum: r.partsSum, score: r.score })}
          </span>
        ),
    },
    { key: 'rubric', header: t('rubric'), text: (r) => r.rubricVersion },
  ];
  return (
    <>
      {mismatches.length > 0 && (
        <div className="failure" role="alert" data-testid="score-mismatches">
          {t('mismatchBanner', { count: mismatches.length })}
        </div>
      )}
      <ul className="bar-legend" data-testid="scores-legend">
        {parts.map((component) => (
          <li key={component}>
            <span
              className={`swatch segment-swatch ${
                rows.some((r) => r.segments.some((s) => s.component === component && s.deduction))
                  ? 'deduction'
                  : `part-${colour(component)}`
              }`}
            />{' '}
            {componentName(t, component)}
          </li>
        ))}
      </ul>
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => r.unit}
        filename={`scores-${unitKind}-${period}`}
        testId="scores-ranking"
        caption={t('caption')}
      />
    </>
  );
}

/** The parts end to end; a deduction is hatched over the end, so the solid length is the score. */
function Bar({ row, colour, t }: { row: RankingRow; colour: (component: string) => number; t: T }) {
  return (
    <div className="breakdown">
      <div
        className="bar"
        data-testid={`score-bar-${row.unit}`}
        role="img"
        aria-label={row.equation}
      >
        {row.segments.map((s, i) => (
          <span
            key={`${s.component}-${i}`}
            className={`segment ${s.deduction ? 'deduction' : `part-${colour(s.component)}`}`}
            style={{ left: `${s.start / 10}%`, width: `${s.width / 10}%` }}
            title={componentName(t, s.component)}
            data-component={s.component}
          />
        ))}
      </div>
      <span className="equation" data-testid={`score-equation-${row.unit}`}>
        {row.equation}
      </span>
    </div>
  );
}
