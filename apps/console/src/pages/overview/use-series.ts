import { useMemo } from 'react';
import { useAsOf, asOfVariables } from '../../app/as-of';
import { QueryState, useLedgerQuery } from '../../api/use-ledger-query';
import { Month, monthOfView } from './months';
import { SeriesResult, seriesQuery } from './overview.queries';

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
  const asOfKey = asOf ? JSON.stringify(asOf) : '';
  // Today's month is read once per as-of choice: a page left open over midnight keeps its month.
  const viewMonth = useMemo(() => monthOfView(asOf, new Date()), [asOfKey]);
  const from = `${startYear}-01`;
  const to = viewMonth < from ? from : viewMonth;
  const series = useLedgerQuery<SeriesResult>(
    seriesQuery(asOf),
    { ...asOfVariables(asOf), from, to },
    { live: !asOf || 'validAt' in asOf },
  );
  return { series, from, viewMonth: to };
}
