import { ChangeEvent, useState } from 'react';
import { graphql, LedgerApiError } from '../../api/graphql';
import { useStrings } from '../../app/i18n';
import { useToken } from '../../app/session';
import { Column, DataTable } from '../../export/DataTable';
import {
  fromBase64,
  ImportRow,
  importMutation,
  templateQuery,
  toBase64,
  WORKBOOK_FIELDS,
  WorkbookDocument,
  WorkbookImport,
  WorkbookKind,
} from './import.queries';
import { IMPORT_STRINGS } from './import.strings';

function save(document: WorkbookDocument): void {
  const url = URL.createObjectURL(
    new Blob([fromBase64(document.base64) as BlobPart], { type: document.mediaType }),
  );
  const anchor = window.document.createElement('a');
  anchor.href = url;
  anchor.download = document.fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

type State =
  | { status: 'idle' }
  | { status: 'importing' }
  | { status: 'done'; result: WorkbookImport }
  | { status: 'refused'; message: string };

/** Templates out, filled workbooks in: a result per row, and the result as a workbook. */
export function ImportPage() {
  const t = useStrings(IMPORT_STRINGS);
  const token = useToken();
  const [kind, setKind] = useState<WorkbookKind>('project-library');
  const [state, setState] = useState<State>({ status: 'idle' });

  const downloadTemplate = async () => {
    try {
      const answer = await graphql<Record<string, WorkbookDocument>>(token, templateQuery(kind));
      save(answer[WORKBOOK_FIELDS[kind].template]!);
    } catch (error) {
      setState({ status: 'refused', message: (error as Error).message });
    }
  };

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setState({ status: 'importing' });
    try {
      const workbook = toBase64(new Uint8Array(await file.arrayBuffer()));
      const answer = await graphql<Record<string, WorkbookImport>>(token, importMutation(kind), {
        workbook,
      });
      setState({ status: 'done', result: answer[WORKBOOK_FIELDS[kind].import]! });
    } catch (error) {
      setState({
        status: 'refused',
        message: error instanceof LedgerApiError ? error.message : String(error),
      });
    }
  };

  const columns: Column<ImportRow>[] = [
    { key: 'row', header: t('row'), text: (r) => String(r.row), numeric: true },
    { key: 'outcome', header: t('outcome'), text: (r) => t(r.outcome) },
    { key: 'cell', header: t('cell'), text: (r) => r.cell ?? '' },
    { key: 'code', header: t('code'), text: (r) => r.code ?? '' },
    { key: 'message', header: t('message'), text: (r) => r.message ?? '' },
    { key: 'project', header: t('project'), text: (r) => r.projectId ?? '' },
  ];

  return (
    <section data-testid="page-import" className="import-page">
      <h1>{t('heading')}</h1>
      <p>{t('intro')}</p>
      <div className="import-tools">
        <label>
          {t('kind')}{' '}
          <select
            value={kind}
            data-testid="import-kind"
            onChange={(e) => {
              setKind(e.target.value as WorkbookKind);
              setState({ status: 'idle' });
            }}
          >
            <option value="project-library">{t('projectLibrary')}</option>
            <option value="dispatch-report">{t('dispatchReport')}</option>
          </select>
        </label>{' '}
        <button type="button" data-testid="import-template" onClick={() => void downloadTemplate()}>
          {t('template')}
        </button>{' '}
        <label>
          {t('upload')}{' '}
          <input
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            data-testid="import-file"
            disabled={state.status === 'importing'}
            onChange={(e) => void upload(e)}
          />
        </label>
      </div>
      {state.status === 'importing' && <p data-testid="import-busy">{t('importing')}</p>}
      {state.status === 'refused' && (
        <p className="error" role="alert" data-testid="import-refused">
          {t('refusedWhole', { message: state.message })}
        </p>
      )}
      {state.status === 'done' && (
        <>
          <p data-testid="import-summary">
            {t('summary', {
              recorded: state.result.recorded,
              replayed: state.result.replayed,
              refused: state.result.refused,
            })}{' '}
            <button
              type="button"
              data-testid="import-report"
              onClick={() => save(state.result.report)}
            >
              {t('report')}
            </button>
          </p>
          <DataTable
            columns={columns}
            rows={state.result.rows}
            filename={`import-${kind}`}
            testId="import-rows"
            rowKey={(r) => String(r.row)}
          />
        </>
      )}
    </section>
  );
}
