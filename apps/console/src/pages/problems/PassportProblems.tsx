import { useLedgerQuery } from '../../api/use-ledger-query';
import { useStrings } from '../../app/i18n';
import { DataTable } from '../../export/DataTable';
import { Failure, Loading } from '../overview/common';
import { useProblemColumns } from './problem-columns';
import { PROJECT_PROBLEMS, ProjectProblemsResult } from './problems.queries';
import { PROBLEMS_STRINGS } from './problems.strings';

/** The passport's section of the register: the project's problems (Project.problems). */
export function PassportProblems({ projectId }: { projectId: string }) {
  const t = useStrings(PROBLEMS_STRINGS);
  const result = useLedgerQuery<ProjectProblemsResult>(
    PROJECT_PROBLEMS,
    { projectId },
    { live: true },
  );
  const columns = useProblemColumns((code) => code, false);
  return (
    <div data-testid="passport-problems">
      <h2>{t('passportHeading')}</h2>
      {result.status === 'loading' && <Loading />}
      {result.status === 'failed' && <Failure error={result.error} />}
      {result.status === 'ready' && (
        <DataTable
          columns={columns}
          rows={result.data.project?.problems ?? []}
          rowKey={(p) => p.problemId}
          testId="passport-problems-table"
          filename={`passport-${projectId}-problems`}
        />
      )}
    </div>
  );
}
