import { useMemo } from 'react';
import { asOfVariables, useAsOf } from '../../app/as-of';
import { useLanguage, useName, useStrings } from '../../app/i18n';
import { hrefTo, Link, setParams, useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { useSession } from '../../app/session';
import { Column, DataTable } from '../../export/DataTable';
import {
  Failure,
  Loading,
  MoneyUnitPicker,
  MonthPicker,
  NoProgramme,
  useMoneyUnit,
  useUnitName,
} from '../overview/common';
import { chooseMonth, isMonth, Month, monthLabel, monthsBetween } from '../overview/months';
import { moneyText, percentText } from '../overview/overview.model';
import { useProgrammeSeries, useSeriesPrefetch } from '../overview/use-series';
import {
  ColourBy,
  FLAG_CLASSES,
  flagCounts,
  flagCountText,
  FlagClass,
  GRID_COLUMNS,
  gridRows,
  NEAR_POINTS,
  parseColourBy,
  PROGRESS_CLASSES,
  ProgressClass,
  Tile,
  tiles,
} from './map.model';
import {
  FLAG_LIMIT,
  MAP_PROGRAMME,
  MapFlagsResult,
  mapFlagsQuery,
  MapProgrammeResult,
  mapProgressQuery,
  MapProgressResult,
  MapRegion,
} from './map.queries';
import { MAP_STRINGS } from './map.strings';
import './map.css';

type T = (
  key: keyof (typeof MAP_STRINGS)['zh'],
  values?: Record<string, string | number>,
) => string;

const FLAG_LABEL: Record<FlagClass, 'flagsNone' | 'flagsFew' | 'flagsSome' | 'flagsMany'> = {
  none: 'flagsNone',
  few: 'flagsFew',
  some: 'flagsSome',
  many: 'flagsMany',
};

function progressLabel(t: T, c: ProgressClass): string {
  return t(c, { points: NEAR_POINTS });
}

/** A schematic tile map of the regions, coloured by progress or by open red flags. */
export function MapPage() {
  const asOf = useAsOf();
  // The series starts with the programme's own request, not after it.
  useSeriesPrefetch();
  const programme = useLedgerQuery<MapProgrammeResult>(
    MAP_PROGRAMME,
    {},
    { live: !asOf || 'validAt' in asOf },
  );
  return (
    <section data-testid="page-map" className="map-page">
      {programme.status === 'loading' && <Loading />}
      {programme.status === 'failed' && <Failure error={programme.error} />}
      {programme.status === 'ready' &&
        (programme.data.programme ? (
          <MapBody
            startYear={programme.data.programme.startYear}
            regions={programme.data.programme.regions}
          />
        ) : (
          <NoProgramme />
        ))}
    </section>
  );
}

function MapBody({ startYear, regions }: { startYear: number; regions: MapRegion[] }) {
  const t = useStrings(MAP_STRINGS);
  const language = useLanguage();
  const asOf = useAsOf();
  const { search } = useLocation();
  const colourBy = parseColourBy(search.get('colour'));
  const { series, from, viewMonth } = useProgrammeSeries(startYear);
  const requested = search.get('month');
  const points = series.status === 'ready' ? series.data.progressSeries : null;
  const month: Month | null = points
    ? chooseMonth(requested, points, viewMonth)
    : series.status === 'failed'
      ? chooseMonth(requested, [], viewMonth)
      : isMonth(requested)
        ? requested
        : null;
  return (
    <>
      <h1>{t('heading', { month: month ? monthLabel(month, language) : '…' })}</h1>
      <p className="note" data-testid="map-schematic-note">
        {t('schematic')}
      </p>
      {asOf && (
        <p className="note past" data-testid="regions-not-as-of">
          {t('regionsNotAsOf')}
        </p>
      )}
      <div className="page-tools">
        <fieldset className="colour-by" data-testid="colour-by">
          <legend>{t('colourBy')}</legend>
          {(['progress', 'flags'] as const).map((c) => (
            <label key={c}>
              <input
                type="radio"
                name="colour"
                value={c}
                checked={colourBy === c}
                onChange={() => setParams({ colour: c === 'progress' ? undefined : c })}
                data-testid={`colour-${c}`}
              />{' '}
              {t(c === 'progress' ? 'byProgress' : 'byFlags')}
            </label>
          ))}
        </fieldset>
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
      {month ? <MapMonth regions={regions} month={month} colourBy={colourBy} t={t} /> : <Loading />}
    </>
  );
}

function MapMonth({
  regions,
  month,
  colourBy,
  t,
}: {
  regions: MapRegion[];
  month: Month;
  colourBy: ColourBy;
  t: T;
}) {
  const asOf = useAsOf();
  const name = useName();
  const unit = useMoneyUnit();
  const unitName = useUnitName()(unit);
  const claims = useSession().session?.claims;
  const scope = claims?.region ?? claims?.department;
  const codes = regions.map((r) => r.code);
  const live = { live: !asOf || 'validAt' in asOf };
  const progress = useLedgerQuery<MapProgressResult>(
    mapProgressQuery(asOf),
    { ...asOfVariables(asOf), month },
    live,
  );
  const flagsQuery = useMemo(
    () => mapFlagsQuery(asOf, codes),
    // The query text changes only with the as-of kind and the region list.
    [asOf ? ('recordedAt' in asOf ? 'r' : 'v') : '', codes.join(',')],
  );
  const flags = useLedgerQuery<MapFlagsResult>(
    flagsQuery.query,
    { ...flagsQuery.variables, ...asOfVariables(asOf) },
    live,
  );
  if (progress.status === 'loading' || flags.status === 'loading')
    return <Loading testId="map-loading" />;
  // Each half answers for itself: a reader may see the flags but not progress, or the reverse.
  const all = tiles(
    regions,
    progress.status === 'ready' ? progress.data.progress : [],
    flags.status === 'ready' ? flagCounts(flags.data, codes) : new Map(),
  );
  const rows = gridRows(all);
  const anyCapped = all.some((tile) => tile.flags.capped);
  const known = { progress: progress.status === 'ready', flags: flags.status === 'ready' };
  // The API answers a scoped reader with the flags of its scope only: another region's count
  // would read as "none" when it is "not yours to see".
  const outOfScope = (tile: Tile) => claims?.region !== undefined && claims.region !== tile.code;
  // A half that failed is drawn as unknown, never as "no plan" or "no flags".
  const classOf = (tile: Tile) =>
    colourBy === 'progress'
      ? known.progress
        ? `progress-${tile.progress}`
        : 'unknown'
      : known.flags && !outOfScope(tile)
        ? `flags-${tile.flagsClass}`
        : 'unknown';
  const figureOf = (tile: Tile): string => {
    if (colourBy === 'flags') {
      if (outOfScope(tile)) return t('outOfScope');
      return known.flags ? t('tileFlags', { count: flagCountText(tile.flags) }) : '—';
    }
    if (!known.progress) return '—';
    return tile.line && tile.line.annualPlanPercent !== null
      ? t('tileProgress', {
          percent: percentText(tile.line.annualPlanPercent),
          elapsed: percentText(tile.line.timeElapsedPercent),
        })
      : t('tileNoPlan');
  };
  const columns: Column<Tile>[] = [
    {
      key: 'region',
      header: t('region'),
      text: (r) => name(r.nameZh, r.nameEn),
      render: (r) => (
        <Link to={hrefTo('/risk', { region: r.code })} testId={`map-row-link-${r.code}`}>
          {name(r.nameZh, r.nameEn)}
        </Link>
      ),
    },
    {
      key: 'projects',
      header: t('projects'),
      text: (r) => (r.line ? String(r.line.projects) : '—'),
      numeric: true,
    },
    {
      key: 'planned',
      header: t('planned', { unit: unitName }),
      text: (r) => (r.line ? moneyText(r.line.planned, unit) : '—'),
      numeric: true,
    },
    {
      key: 'reported',
      header: t('reported', { unit: unitName }),
      text: (r) => (r.line ? moneyText(r.line.reported, unit) : '—'),
      numeric: true,
    },
    {
      key: 'annualPlan',
      header: t('annualPlan', { year: month.slice(0, 4), unit: unitName }),
      text: (r) => (r.line ? moneyText(r.line.annualPlan, unit) : '—'),
      numeric: true,
    },
    {
      key: 'completedInYear',
      header: t('completedInYear', { unit: unitName }),
      text: (r) => (r.line ? moneyText(r.line.completedInYear, unit) : '—'),
      numeric: true,
    },
    {
      key: 'annualPlanPercent',
      header: t('annualPlanPercent'),
      text: (r) => (r.line ? percentText(r.line.annualPlanPercent) : '—'),
      numeric: true,
    },
    {
      key: 'timeElapsedPercent',
      header: t('timeElapsedPercent'),
      text: (r) => (r.line ? percentText(r.line.timeElapsedPercent) : '—'),
      numeric: true,
    },
    {
      key: 'progressClass',
      header: t('progressClass'),
      text: (r) => (known.progress ? progressLabel(t, r.progress) : '—'),
      render: (r) =>
        !known.progress ? (
          '—'
        ) : (
          <>
            <span className={`swatch progress-${r.progress}`} /> {progressLabel(t, r.progress)}
          </>
        ),
    },
    {
      key: 'openRedFlags',
      header: t('openRedFlags'),
      text: (r) => (outOfScope(r) ? t('outOfScope') : known.flags ? flagCountText(r.flags) : '—'),
      numeric: true,
      render: (r) =>
        outOfScope(r) ? (
          t('outOfScope')
        ) : !known.flags ? (
          '—'
        ) : (
          <>
            <span className={`swatch flags-${r.flagsClass}`} /> {flagCountText(r.flags)}
          </>
        ),
    },
  ];
  const unplaced = all.filter((tile) => !tile.placed);
  return (
    <>
      {progress.status === 'failed' && (
        <Failure error={progress.error} testId="map-progress-error" />
      )}
      {flags.status === 'failed' && <Failure error={flags.error} testId="map-flags-error" />}
      {scope && (
        <p className="note" data-testid="map-scope-note">
          {t('scopeNote', {
            scope: (() => {
              const own = regions.find((r) => r.code === scope);
              return own ? name(own.nameZh, own.nameEn) : scope;
            })(),
          })}
        </p>
      )}
      <div className="map-layout">
        <div
          className="tile-map"
          style={{
            gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${rows}, auto)`,
          }}
          data-testid="tile-map"
          data-colour={colourBy}
          role="list"
        >
          {all.map((tile) => (
            <div
              key={tile.code}
              role="listitem"
              className={`tile-cell${tile.placed ? '' : ' unplaced'}`}
              style={{ gridColumn: tile.column + 1, gridRow: tile.row + 1 }}
            >
              <Link
                to={hrefTo('/risk', { region: tile.code })}
                className={`tile ${classOf(tile)}`}
                testId={`map-tile-${tile.code}`}
              >
                <span className="tile-name">{name(tile.nameZh, tile.nameEn)}</span>
                <span className="tile-figure" data-testid={`map-tile-figure-${tile.code}`}>
                  {figureOf(tile)}
                </span>
                <span className="sr-only">
                  {t('toRisk', { name: name(tile.nameZh, tile.nameEn) })}
                </span>
              </Link>
            </div>
          ))}
        </div>
        <Legend colourBy={colourBy} t={t} />
      </div>
      {unplaced.length > 0 && (
        <p className="note" data-testid="map-unplaced">
          {t('unplaced')} {unplaced.map((tile) => name(tile.nameZh, tile.nameEn)).join('、')}
        </p>
      )}
      <h2>{t('tableHeading')}</h2>
      <DataTable
        columns={columns}
        rows={all}
        rowKey={(r) => r.code}
        filename={`regions-${month}`}
        testId="map-regions"
        caption={anyCapped ? t('flagsCapped', { limit: FLAG_LIMIT }) : undefined}
      />
    </>
  );
}

function Legend({ colourBy, t }: { colourBy: ColourBy; t: T }) {
  return (
    <div className="legend card" data-testid="map-legend">
      <h3>
        {t('legend')}: {t(colourBy === 'progress' ? 'byProgress' : 'byFlags')}
      </h3>
      <ul>
        {colourBy === 'progress'
          ? PROGRESS_CLASSES.map((c) => (
              <li key={c} data-testid={`legend-progress-${c}`}>
                <span className={`swatch progress-${c}`} /> {progressLabel(t, c)}
              </li>
            ))
          : FLAG_CLASSES.map((c) => (
              <li key={c} data-testid={`legend-flags-${c}`}>
                <span className={`swatch flags-${c}`} /> {t(FLAG_LABEL[c])}
              </li>
            ))}
      </ul>
    </div>
  );
}
