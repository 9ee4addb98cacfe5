import { useStrings } from '../../app/i18n';
import { setParams, useLocation } from '../../app/router';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import {
  listed,
  parseDay,
  parseKind,
  parseStatus,
  REPORT_KINDS,
  STATUSES,
  tally,
  TallyRow,
} from './deadlines.model';
import { REPORT_DEADLINES, ReportDeadline, ReportDeadlinesResult } from './deadlines.queries';
import { DEADLINES_STRINGS } from './deadlines.strings';

type Key = keyof (typeof DEADLINES_STRINGS)['zh'];

/** What each network owes of the plan's rhythms, and where each period stands. */
export function DeadlinesPage() {
  const t = useStrings(DEADLINES_STRINGS);
  const label = (key: string): string => (key in DEADLINES_STRINGS.zh ? t(key as Key) : key);
  const { search } = useLocation();
  const kind = parseKind(search.get('kind'));
  const status = parseStatus(search.get('status'));
  const asOf = parseDay(search.get('date'));
  const from = parseDay(search.get('from'));
  const state = useLedgerQuery<ReportDeadlinesResult>(
    REPORT_DEADLINES,
    { kind, asOf, from },
    { live: true, touches: (c) => c.service === null || c.service === 'reporting' },
  );
  const tallyColumns: Column<TallyRow>[] = [
    { key: 'network', header: t('network'), text: (r) => r.networkCode },
    { key: 'kind', header: t('kind'), text: (r) => `${r.kindNameZh} ${r.kind}` },
    { key: 'total', header: t('total'), text: (r) => String(r.total), numeric: true },
    { key: 'due', header: t('due'), text: (r) => String(r.due), numeric: true },
    { key: 'submitted', header: t('submitted'), text: (r) => String(r.submitted), numeric: true },
    { key: 'late', header: t('late'), text: (r) => String(r.late), numeric: true },
    {
      key: 'overdue',
      header: t('overdue'),
      text: (r) => String(r.overdue),
      numeric: true,
      render: (r) => (
        <strong data-testid={`overdue-${r.networkCode}-${r.kind}`}>{r.overdue}</strong>
      ),
    },
    { key: 'source', header: t('source'), text: (r) => r.source },
  ];
  const periodColumns: Column<ReportDeadline>[] = [
    { key: 'network', header: t('network'), text: (r) => r.networkCode },
    { key: 'kind', header: t('kind'), text: (r) => label(r.kind) },
    { key: 'period', header: t('period'), text: (r) => r.period },
    { key: 'dueOn', header: t('dueOn'), text: (r) => r.dueOn },
    {
      key: 'status',
      header: t('status'),
      text: (r) => label(r.status),
      render: (r) => <span className={`status status-${r.status}`}>{label(r.status)}</span>,
    },
    { key: 'submittedOn', header: t('submittedOn'), text: (r) => r.submittedOn ?? '' },
    {
      key: 'overdueRecordedOn',
      header: t('overdueRecordedOn'),
      text: (r) => r.overdueRecordedOn ?? '',
    },
  ];
  const stamp = asOf ?? 'today';
  return (
    <section data-testid="page-deadlines" className="deadlines-page">
      <h1>{t('heading')}</h1>
      <p className="note">{t('rule')}</p>
      <div className="page-tools">
        <label className="picker">
          {t('kind')}{' '}
          <select
            value={kind ?? ''}
            onChange={(e) => setParams({ kind: e.target.value || undefined })}
            data-testid="deadlines-kind"
          >
            <option value="">{t('allKinds')}</option>
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(k)}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          {t('status')}{' '}
          <select
            value={status ?? ''}
            onChange={(e) => setParams({ status: e.target.value || undefined })}
            data-testid="deadlines-status"
          >
            <option value="">{t('allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="picker">
          {t('from')}{' '}
          <input
            type="date"
            value={from ?? ''}
            onChange={(e) => setParams({ from: e.target.value || undefined })}
            data-testid="deadlines-from"
          />
        </label>
        <label className="picker">
          {t('asOf')}{' '}
          <input
            type="date"
            value={asOf ?? ''}
            placeholder={t('today')}
            onChange={(e) => setParams({ date: e.target.value || undefined })}
            data-testid="deadlines-date"
          />
        </label>
      </div>
      {state.status === 'loading' && <Loading testId="deadlines-loading" />}
      {state.status === 'failed' && <Failure error={state.error} testId="deadlines-error" />}
      {state.status === 'ready' &&
        (state.data.reportDeadlines.length === 0 ? (
          <p className="card" data-testid="deadlines-none">
            {t('none')}
          </p>
        ) : (
          <>
            <h2>{t('byNetwork')}</h2>
            <DataTable
              columns={tallyColumns}
              rows={tally(state.data.reportDeadlines)}
              filename={`report-deadlines-summary-${stamp}`}
              testId="deadlines-summary"
              rowKey={(r) => `${r.networkCode}|${r.kind}`}
            />
            <h2>{t('periods')}</h2>
            <DataTable
              columns={periodColumns}
              rows={listed(state.data.reportDeadlines, status)}
              filename={`report-deadlines-${stamp}`}
              testId="deadlines-periods"
              rowKey={(r) => `${r.networkCode}|${r.kind}|${r.period}`}
            />
          </>
        ))}
    </section>
  );
}
