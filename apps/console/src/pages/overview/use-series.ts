import { useMemo } from 'react';
import { AsOf, useAsOf, asOfVariables } from '../../app/as-of';
import { QueryState, useLedgerQuery, usePrefetch } from '../../api/use-ledger-query';
import { Month, monthOfView } from './months';
import { SeriesResult, seriesQuery } from './overview.queries';

/**
 * The series is asked for from a fixed early month (the API answers only months with reports),
 * so its request does not wait for the programme's start year: a page starts both at once
 * (useSeriesPrefetch) and its body, mounting when the programme arrives, takes the answer.
 */
const SERIES_SINCE: Month = '2000-01';

function useViewMonth(asOf: AsOf | null): Month {
  const asOfKey = asOf ? JSON.stringify(asOf) : '';
  // Today's month is read once per as-of choice: a page left open over midnight keeps its month.
  return useMemo(() => monthOfView(asOf, new Date()), [asOfKey]);
}

const variablesOf = (asOf: AsOf | null, viewMonth: Month) => ({
  ...asOfVariables(asOf),
  from: SERIES_SINCE,
  to: viewMonth < SERIES_SINCE ? SERIES_SINCE : viewMonth,
});

/** Called by a page before its programme has arrived: the series request starts with it. */
export function useSeriesPrefetch(): void {
  const asOf = useAsOf();
  const viewMonth = useViewMonth(asOf);
  usePrefetch(seriesQuery(asOf), variablesOf(asOf, viewMonth));
}

/**
 * The programme's month-by-month series from its first month to the view's month (now, or the
 * as-of month), now or as the ledger stood then. Pages also read from it which months have
 * reports, to open on the latest of them.
 */
export function useProgrammeSeries(startYear: number): {
  series: QueryState<SeriesResult>;
  from: Month;
  viewMonth: Month;
} {
  const asOf = useAsOf();
  const viewMonth = useViewMonth(asOf);
  const from = `${startYear}-01`;
  const to = viewMonth < from ? from : viewMonth;
  const state = useLedgerQuery<SeriesResult>(seriesQuery(asOf), variablesOf(asOf, viewMonth), {
    live: !asOf || 'validAt' in asOf,
  });
  const series = useMemo<QueryState<SeriesResult>>(
    () =>
      state.status === 'ready'
        ? {
            ...state,
            data: {
              ...state.data,
              progressSeries: state.data.progressSeries.filter(
                (p) => p.period >= from && p.period <= to,
              ),
            },
          }
        : state,
    [state, from, to],
  );
  return { series, from, viewMonth: to };
}
