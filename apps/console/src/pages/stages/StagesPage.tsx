import { useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import {
  cell,
  GROUPINGS,
  groupingOf,
  PROJECT_STAGES,
  ProjectStagesResult,
  StageRow,
  yearOf,
} from './stages.queries';
import { STAGES_STRINGS } from './stages.strings';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];

/** Projects by stage per year, per network, region or department, beside the plan's counts. */
export function StagesPage() {
  const t = useStrings(STAGES_STRINGS);
  const { search } = useLocation();
  const year = yearOf(search.get('year'));
  const groupBy = groupingOf(search.get('groupBy'));
  const answer = useLedgerQuery<ProjectStagesResult>(PROJECT_STAGES, { year, groupBy, asOf: null });
  const count = (key: keyof StageRow & keyof (typeof STAGES_STRINGS)['zh']): Column<StageRow> => ({
    key,
    header: t(key),
    text: (row) => cell(row[key]),
    numeric: true,
  });
  const columns: Column<StageRow>[] = [
    { key: 'key', header: t('unit'), text: (row) => row.nameZh },
    count('reserve'),
    count('newStart'),
    count('continuing'),
    count('completed'),
    count('plannedNewStart'),
    count('plannedContinuing'),
    count('plannedCompleted'),
    count('startRate'),
    count('completionRate'),
  ];
  return (
    <section data-testid="page-stages" className="stages-page">
      <h1>{t('heading', { year })}</h1>
      <div className="page-tools">
        <label className="picker">
          {t('year')}{' '}
          <select
            value={year}
            onChange={(e) => setParams({ year: e.target.value })}
            data-testid="stages-year"
          >
            {YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          {t('groupBy')}{' '}
          <select
            value={groupBy}
            onChange={(e) => setParams({ groupBy: e.target.value })}
            data-testid="stages-group"
          >
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(g)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="note">{t('note')}</p>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'failed' && <Failure error={answer.error} />}
      {answer.status === 'ready' && (
        <>
          <DataTable
            columns={columns}
            rows={answer.data.projectStages}
            filename={`project-stages-${groupBy.toLowerCase()}-${year}`}
            testId="stages-table"
            rowKey={(row) => row.key}
          />
          <h2>{t('sources')}</h2>
          <ul className="plan-sources" data-testid="stages-sources">
            {answer.data.projectStages.flatMap((row) =>
              row.planSources.map((s) => (
                <li key={`${row.key}-${s.line}-${s.part ?? ''}`}>
                  {row.nameZh} · {s.document} L{s.line}
                  {s.coverage === 'partial' ? ` (${t('partial')}: ${s.part ?? ''})` : ''}: 「
                  {s.quote}」
                </li>
              )),
            )}
          </ul>
        </>
      )}
    </section>
  );
}
