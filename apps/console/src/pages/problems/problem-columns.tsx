import { Language, useLanguage, useStrings } from '../../app/i18n';
import { hrefTo, Link } from '../../app/router';
import { Column } from '../../export/DataTable';
import { Problem } from './problems.queries';
import { PROBLEM_CODE_NAMES, PROBLEMS_STRINGS } from './problems.strings';

const code = (language: Language, value: string | null): string =>
  value === null ? '' : (PROBLEM_CODE_NAMES[language][value] ?? value);

/** The register's columns, for the problems page and the passport (without the project). */
export function useProblemColumns(
  unitName: (code: string) => string,
  withProject: boolean,
): Column<Problem>[] {
  const t = useStrings(PROBLEMS_STRINGS);
  const language = useLanguage();
  const columns: Column<Problem>[] = [
    { key: 'problemId', header: t('problem'), text: (p) => p.problemId },
    {
      key: 'projectId',
      header: t('project'),
      text: (p) => p.projectId,
      render: (p) => (
        <Link to={hrefTo(`/projects/${encodeURIComponent(p.projectId)}`)}>{p.projectId}</Link>
      ),
    },
    { key: 'kind', header: t('kind'), text: (p) => code(language, p.kind) },
    { key: 'description', header: t('description'), text: (p) => p.description },
    { key: 'raisedBy', header: t('raisedBy'), text: (p) => unitName(p.raisedBy) },
    { key: 'raisedOn', header: t('raisedOn'), text: (p) => p.raisedOn },
    { key: 'status', header: t('status'), text: (p) => code(language, p.status) },
    { key: 'escalatedTo', header: t('escalatedTo'), text: (p) => code(language, p.escalatedTo) },
    {
      key: 'department',
      header: t('department'),
      text: (p) => (p.departmentCode === null ? '' : unitName(p.departmentCode)),
    },
    { key: 'dueOn', header: t('dueOn'), text: (p) => p.dueOn ?? '' },
    { key: 'answer', header: t('answer'), text: (p) => p.answer ?? '' },
    { key: 'answeredOn', header: t('answeredOn'), text: (p) => p.answeredOn ?? '' },
    { key: 'resolution', header: t('resolution'), text: (p) => p.resolution ?? '' },
    { key: 'daysOpen', header: t('daysOpen'), text: (p) => String(p.daysOpen), numeric: true },
    {
      key: 'overdue',
      header: t('overdue'),
      text: (p) => (p.overdue ? t('yes') : t('no')),
      render: (p) => (p.overdue ? <strong className="overdue">{t('yes')}</strong> : t('no')),
    },
    { key: 'events', header: t('events'), text: (p) => p.eventIds.join(' ') },
  ];
  return withProject ? columns : columns.filter((c) => c.key !== 'projectId');
}
