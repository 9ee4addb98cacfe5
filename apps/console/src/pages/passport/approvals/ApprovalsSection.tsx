import { Strings, useLanguage, useStrings } from '../../../app/i18n';
import { useLedgerQuery } from '../../../api/use-ledger-query';
import { Column, DataTable } from '../../../export/DataTable';
import { Failure, Loading } from '../../overview/common';

/** The passport's approvals (前期审批): the national code, each step recorded, what is missing. */
export const PROJECT_APPROVALS = `query ProjectApprovals($projectId: String!) {
  project(projectId: $projectId) {
    projectId nationalProjectCode missingApprovals
    preConstructionApprovals { step stepZh issuedOn issuingBody documentNumber eventId }
  }
}`;

interface Approval {
  step: string;
  stepZh: string;
  issuedOn: string;
  issuingBody: string;
  documentNumber: string;
  eventId: string;
}
interface ProjectApprovalsResult {
  project: {
    projectId: string;
    nationalProjectCode: string | null;
    missingApprovals: string[];
    preConstructionApprovals: Approval[];
  } | null;
}

/** The published step codes, named for people (the same words as the API's stepZh). */
const STEP_NAMES: Record<'zh' | 'en', Record<string, string>> = {
  zh: {
    'project-approval': '立项/可研批复',
    'land-pre-review': '用地预审',
    'environmental-assessment': '环评',
    'forest-land': '林地',
    'construction-permit': '施工许可',
  },
  en: {
    'project-approval': 'Project approval',
    'land-pre-review': 'Land pre-review',
    'environmental-assessment': 'Environmental assessment',
    'forest-land': 'Forest land',
    'construction-permit': 'Construction permit',
  },
};

const STRINGS: Strings<
  | 'heading'
  | 'code'
  | 'noCode'
  | 'step'
  | 'issuedOn'
  | 'issuingBody'
  | 'documentNumber'
  | 'eventId'
  | 'missing'
  | 'noneMissing'
> = {
  zh: {
    heading: '前期审批',
    code: '全国投资项目在线审批监管平台 项目代码',
    noCode: '尚未赋码',
    step: '审批事项',
    issuedOn: '批复日期',
    issuingBody: '审批机关',
    documentNumber: '文号',
    eventId: '事件',
    missing: '尚缺：',
    noneMissing: '所需前期审批均已记录',
  },
  en: {
    heading: 'Pre-construction approvals',
    code: 'National project code',
    noCode: 'not yet assigned',
    step: 'Step',
    issuedOn: 'Issued on',
    issuingBody: 'Issued by',
    documentNumber: 'Document',
    eventId: 'Event',
    missing: 'Still missing: ',
    noneMissing: 'Every required approval is recorded',
  },
};

export function ApprovalsSection({ projectId }: { projectId: string }) {
  const t = useStrings(STRINGS);
  const language = useLanguage();
  const answer = useLedgerQuery<ProjectApprovalsResult>(PROJECT_APPROVALS, { projectId });
  if (answer.status === 'loading') return <Loading />;
  if (answer.status === 'failed') return <Failure error={answer.error} />;
  const project = answer.data.project;
  if (!project) return null;
  const name = (code: string) => STEP_NAMES[language][code] ?? code;
  const columns: Column<Approval>[] = [
    { key: 'step', header: t('step'), text: (r) => (language === 'zh' ? r.stepZh : r.step) },
    { key: 'issuedOn', header: t('issuedOn'), text: (r) => r.issuedOn },
    { key: 'issuingBody', header: t('issuingBody'), text: (r) => r.issuingBody },
    { key: 'documentNumber', header: t('documentNumber'), text: (r) => r.documentNumber },
    { key: 'eventId', header: t('eventId'), text: (r) => r.eventId },
  ];
  return (
    <div data-testid="passport-approvals">
      <h2>{t('heading')}</h2>
      <p data-testid="passport-national-code">
        {t('code')}: <code>{project.nationalProjectCode ?? t('noCode')}</code>
      </p>
      <DataTable
        columns={columns}
        rows={project.preConstructionApprovals}
        rowKey={(r) => r.step}
        testId="passport-approvals-table"
        filename={`passport-${project.projectId}-approvals`}
      />
      <p
        data-testid="passport-missing-approvals"
        className={project.missingApprovals.length ? 'warning' : ''}
      >
        {project.missingApprovals.length
          ? `${t('missing')}${project.missingApprovals.map(name).join('、')}`
          : t('noneMissing')}
      </p>
    </div>
  );
}
