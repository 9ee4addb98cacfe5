import { useLedgerQuery } from '../../api/use-ledger-query';
import { useLanguage, useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import { useProblemColumns } from './problem-columns';
import {
  parseStatus,
  PROBLEM_STATUSES,
  PROBLEMS_PAGE,
  ProblemsPageResult,
  UnitProblems,
  unitNamer,
} from './problems.queries';
import { PROBLEM_CODE_NAMES, PROBLEMS_STRINGS } from './problems.strings';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The problem register (要素保障): open problems per unit with the age of the oldest and the
 * answers overdue, then the register itself, filtered by status and overdue (in the URL).
 * Ages and overdue are on the ledger's clock, as the API answers them.
 */
export function ProblemsPage() {
  const t = useStrings(PROBLEMS_STRINGS);
  const language = useLanguage();
  const { search } = useLocation();
  const status = parseStatus(search.get('status'));
  const overdue = search.get('overdue') === 'true';
  const asOf = DATE.test(search.get('on') ?? '') ? search.get('on') : null;
  const result = useLedgerQuery<ProblemsPageResult>(
    PROBLEMS_PAGE,
    { status, overdue: overdue ? true : null, asOf },
    { live: true },
  );
  const unitName = unitNamer(
    result.status === 'ready' ? result.data.programme : null,
    language === 'en',
  );
  const columns = useProblemColumns(unitName, true);
  const unitColumns: Column<UnitProblems>[] = [
    { key: 'unit', header: t('unit'), text: (u) => unitName(u.unit) },
    { key: 'open', header: t('open'), text: (u) => String(u.open), numeric: true },
    {
      key: 'oldestOpenDays',
      header: t('oldestOpenDays'),
      text: (u) => (u.oldestOpenDays === null ? '' : String(u.oldestOpenDays)),
      numeric: true,
    },
    {
      key: 'overdueAnswers',
      header: t('overdueAnswers'),
      text: (u) => String(u.overdueAnswers),
      numeric: true,
    },
  ];
  return (
    <section data-testid="page-problems" className="problems-page">
      <h1>{t('heading')}</h1>
      <div className="page-tools">
        <label className="picker">
          {t('status')}{' '}
          <select
            value={status ?? ''}
            onChange={(e) => setParams({ status: e.target.value || undefined })}
            data-testid="problems-status"
          >
            <option value="">{t('all')}</option>
            {PROBLEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PROBLEM_CODE_NAMES[language][s]}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setParams({ overdue: e.target.checked ? 'true' : undefined })}
            data-testid="problems-overdue"
          />{' '}
          {t('onlyOverdue')}
        </label>
        <label className="picker">
          {t('asOf')}{' '}
          <input
            type="date"
            value={asOf ?? ''}
            onChange={(e) => setParams({ on: e.target.value || undefined })}
            data-testid="problems-as-of"
          />
        </label>
      </div>
      {result.status === 'loading' && <Loading />}
      {result.status === 'failed' && <Failure error={result.error} />}
      {result.status === 'ready' && (
        <>
          <h2>{t('byUnit')}</h2>
          <DataTable
            columns={unitColumns}
            rows={result.data.problemsByUnit}
            rowKey={(u) => u.unit}
            testId="problems-by-unit"
            filename={`problems-by-unit${asOf ? `-${asOf}` : ''}`}
          />
          <h2>{t('register')}</h2>
          <DataTable
            columns={columns}
            rows={result.data.problems}
            rowKey={(p) => p.problemId}
            testId="problems-register"
            filename="problem-register"
          />
        </>
      )}
    </section>
  );
}
