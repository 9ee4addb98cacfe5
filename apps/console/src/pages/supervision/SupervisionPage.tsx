import { useState } from 'react';
import { graphql, LedgerApiError } from '../../api/graphql';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { useStrings } from '../../app/i18n';
import { hrefTo, Link } from '../../app/router';
import { useSession } from '../../app/session';
import { Column, DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import {
  CIRCULAR_DOCUMENT,
  CircularDocumentResult,
  CircularView,
  documentBytes,
  SUPERVISION_QUERY,
  SummonsView,
  SupervisionResult,
} from './supervision.queries';
import { SUPERVISION_STRINGS } from './supervision.strings';

type T = (key: keyof (typeof SUPERVISION_STRINGS)['zh']) => string;

/** 约谈 and 通报: the summonses recorded, the circulars issued, each circular as a docx. */
export function SupervisionPage() {
  const t: T = useStrings(SUPERVISION_STRINGS);
  const state = useLedgerQuery<SupervisionResult>(
    SUPERVISION_QUERY,
    {},
    { live: true, touches: (c) => c.service === null || c.service === 'assessment' },
  );
  return (
    <section data-testid="page-supervision">
      <h1>{t('title')}</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <Failure error={state.error} />}
      {state.status === 'ready' && (
        <>
          <h2>{t('circulars')}</h2>
          <p className="note">{t('note')}</p>
          <Circulars rows={state.data.circulars} t={t} />
          <h2>{t('summonses')}</h2>
          <Summonses rows={state.data.summonses} t={t} />
        </>
      )}
    </section>
  );
}

function Summonses({ rows, t }: { rows: SummonsView[]; t: T }) {
  if (rows.length === 0) return <p className="card">{t('noSummonses')}</p>;
  const columns: Column<SummonsView>[] = [
    { key: 'id', header: t('summonsId'), text: (r) => r.summonsId },
    { key: 'heldOn', header: t('heldOn'), text: (r) => r.heldOn },
    { key: 'unit', header: t('unit'), text: (r) => r.unitCode },
    {
      key: 'project',
      header: t('project'),
      text: (r) => r.projectId ?? '',
      render: (r) =>
        r.projectId ? (
          <Link to={hrefTo(`/projects/${encodeURIComponent(r.projectId)}`)}>{r.projectId}</Link>
        ) : (
          '—'
        ),
    },
    { key: 'reason', header: t('reason'), text: (r) => r.reason },
    {
      key: 'flags',
      header: t('flags'),
      text: (r) => r.flagIds.join(' '),
      render: (r) => (
        <>
          {r.flagIds.map((id) => (
            <Link key={id} to={hrefTo('/risk', { flag: id })}>
              <code>{id.slice(0, 8)}</code>{' '}
            </Link>
          ))}
        </>
      ),
    },
    {
      key: 'scores',
      header: t('scores'),
      text: (r) => r.scoreRefs.map((s) => `${s.period}/${s.unitCode}`).join(' '),
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(r) => r.summonsId}
      filename="summonses"
      testId="summonses"
    />
  );
}

function Circulars({ rows, t }: { rows: CircularView[]; t: T }) {
  if (rows.length === 0) return <p className="card">{t('noCirculars')}</p>;
  const columns: Column<CircularView>[] = [
    { key: 'month', header: t('month'), text: (r) => r.month },
    { key: 'issuedOn', header: t('issuedOn'), text: (r) => r.issuedOn },
    {
      key: 'named',
      header: t('namedUnits'),
      text: (r) => r.namedUnits.map((u) => u.unitCode).join('、'),
    },
    { key: 'figures', header: t('figures'), numeric: true, text: (r) => String(r.figures.length) },
    {
      key: 'document',
      header: t('document'),
      text: (r) => `circular-${r.month}.docx`,
      render: (r) => <DownloadButton month={r.month} t={t} />,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      rowKey={(r) => r.month}
      filename="circulars"
      testId="circulars"
    />
  );
}

function DownloadButton({ month, t }: { month: string; t: T }) {
  const { session } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<LedgerApiError | null>(null);
  const download = async () => {
    if (!session) return;
    setBusy(true);
    setError(null);
    try {
      const { circularDocument } = await graphql<CircularDocumentResult>(
        session.token,
        CIRCULAR_DOCUMENT,
        { month },
      );
      if (!circularDocument) return;
      const url = URL.createObjectURL(
        new Blob([documentBytes(circularDocument.base64)], { type: circularDocument.mediaType }),
      );
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = circularDocument.fileName;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      setError(e instanceof LedgerApiError ? e : new LedgerApiError(String(e), 'INTERNAL'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        onClick={() => void download()}
        disabled={busy}
        data-testid={`circular-download-${month}`}
      >
        {busy ? t('downloading') : t('download')}
      </button>
      {error && <Failure error={error} />}
    </>
  );
}
