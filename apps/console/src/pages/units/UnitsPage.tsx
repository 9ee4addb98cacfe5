import { useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import { parseDay, UnitRow, unitRows } from './units.model';
import { UNITS_QUERY, UnitsResult } from './units.queries';
import { UNITS_STRINGS } from './units.strings';

/** The administrative units below the province as they stood on a day (?day=YYYY-MM-DD). */
export function UnitsPage() {
  const t = useStrings(UNITS_STRINGS);
  const { search } = useLocation();
  const day = parseDay(search.get('day'));
  const parent = search.get('parent') || null;
  const answer = useLedgerQuery<UnitsResult>(UNITS_QUERY, { asOf: day, parentCode: parent });
  const prefectures = useLedgerQuery<UnitsResult>(UNITS_QUERY, { asOf: day, parentCode: null });
  const columns: Column<UnitRow>[] = [
    { key: 'code', header: t('code'), text: (u) => u.code },
    { key: 'name', header: t('name'), text: (u) => u.nameZh },
    { key: 'level', header: t('level'), text: (u) => t(u.level) },
    { key: 'parent', header: t('parent'), text: (u) => u.parentName ?? '' },
    { key: 'region', header: t('region'), text: (u) => u.programmeRegionCode ?? '' },
    { key: 'validFrom', header: t('validFrom'), text: (u) => u.validFrom },
    { key: 'validTo', header: t('validTo'), text: (u) => u.validTo ?? '' },
    { key: 'gbt2260', header: t('gbt2260'), text: (u) => (u.gbt2260 ? t('yes') : t('ledgerCode')) },
    { key: 'source', header: t('source'), text: (u) => u.source.summary },
  ];
  const parents =
    prefectures.status === 'ready'
      ? prefectures.data.administrativeUnits.filter((u) => u.level === 'prefecture')
      : [];
  return (
    <section data-testid="page-units" className="units-page">
      <h1 data-testid="units-heading">{t('heading', { day: day ?? t('now') })}</h1>
      <p className="note">{t('note')}</p>
      <div className="page-tools">
        <label className="picker">
          {t('day')}{' '}
          <input
            type="date"
            value={day ?? ''}
            onChange={(e) => setParams({ day: e.target.value || undefined })}
            data-testid="units-day"
          />
        </label>
        <label className="picker">
          {t('parent')}{' '}
          <select
            value={parent ?? ''}
            onChange={(e) => setParams({ parent: e.target.value || undefined })}
            data-testid="units-parent"
          >
            <option value="">{t('allParents')}</option>
            {parents.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} {p.nameZh}
              </option>
            ))}
          </select>
        </label>
      </div>
      {answer.status === 'loading' && <Loading />}
      {answer.status === 'failed' && <Failure error={answer.error} />}
      {answer.status === 'ready' && (
        <DataTable
          columns={columns}
          rows={unitRows(answer.data.administrativeUnits)}
          filename={`administrative-units-${day ?? 'now'}${parent ? `-${parent}` : ''}`}
          testId="units-table"
          rowKey={(u) => `${u.code}:${u.validFrom}`}
          caption={t('caption', { n: answer.data.administrativeUnits.length })}
        />
      )}
    </section>
  );
}
