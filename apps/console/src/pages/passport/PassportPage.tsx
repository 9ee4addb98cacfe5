import { ReactNode, useEffect, useState } from 'react';
import { ApprovalsSection } from './approvals/ApprovalsSection';
import { LedgerApiError } from '../../api/graphql';
import { QueryState, useLedgerQuery } from '../../api/use-ledger-query';
import { AsOf, useAsOf } from '../../app/as-of';
import { Language, useLanguage, useName, useStrings } from '../../app/i18n';
import { hrefTo, Link } from '../../app/router';
import { verifyStreams } from '../../chain/verify-chain';
import { Column, DataTable } from '../../export/DataTable';
import { formatAmount, percentOf } from '../../money';
import { FIGURE_NAMES, nameIn, RULE_NAMES, SEVERITY_NAMES } from '../risk/risk.strings';
import {
  adjustmentChanges,
  annualRows,
  AnnualRow,
  asOfDay,
  beijingTime,
  ChainState,
  datedAfter,
  disbursementSum,
  earlierFigure,
  fundingRows,
  FundingRow,
  latestReport,
  projectStreams,
  recordedAfter,
  reportVersions,
  ReportVersion,
} from './passport.model';
import {
  Disbursement,
  DispatchReport,
  Milestone,
  PASSPORT_AS_OF,
  PASSPORT_NOW,
  PASSPORT_PLAN,
  PASSPORT_STREAMS,
  PASSPORT_TIMELINE,
  PassportAsOfResult,
  PassportNowResult,
  PassportPlanResult,
  PassportStreamsResult,
  PassportTimelineResult,
  Project,
  ProgrammeNames,
  RiskFlag,
  TimelineEvent,
} from './passport.queries';
import { CODE_NAMES, PASSPORT_STRINGS } from './passport.strings';
import { Failure, Loading } from './states';
import './passport.css';
import { PassportProblems } from '../problems/PassportProblems';

type Translate = (
  key: keyof (typeof PASSPORT_STRINGS)['zh'],
  values?: Record<string, string | number>,
) => string;

const yuan = (amount: string | null): string =>
  amount === null ? '—' : formatAmount(amount, 'yuan', 2);

/** The project's page: remounted per project, so nothing of another project ever shows. */
export function PassportPage({ projectId }: { projectId: string }) {
  return <PassportBody key={projectId} projectId={projectId} />;
}

function PassportBody({ projectId }: { projectId: string }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const asOf = useAsOf();
  // The project's present (planning has no as-of form for it), always live. Now, its
  // reports and flags come in the same request as entity fields.
  const main = useLedgerQuery<PassportNowResult | PassportPlanResult>(
    asOf ? PASSPORT_PLAN : PASSPORT_NOW,
    { projectId },
    { live: true, projectId },
  );
  // Its streams as stored, in parallel: the chain check and the reports' earlier figures.
  const streams = useLedgerQuery<PassportStreamsResult>(
    PASSPORT_STREAMS,
    projectStreams(projectId),
    {
      live: true,
      projectId,
    },
  );
  const chain = useChainCheck(streams);

  if (main.status === 'loading') {
    return (
      <section className="passport" data-testid="page-passport" data-state="loading">
        <Loading testId="passport-loading" text={t('loading')} />
      </section>
    );
  }
  if (main.status === 'failed') {
    return (
      <section className="passport" data-testid="page-passport" data-state="failed">
        {main.error.code === 'FORBIDDEN' ? (
          <Denied error={main.error} />
        ) : (
          <Failure error={main.error} testId="passport-error" />
        )}
      </section>
    );
  }
  const project = main.data.project;
  if (!project) {
    return (
      <section className="passport" data-testid="page-passport" data-state="denied">
        <Denied error={null} />
      </section>
    );
  }
  const history = streams.status === 'ready' ? streams.data : null;
  return (
    <section
      className="passport"
      data-testid="page-passport"
      data-state="ready"
      data-project={project.projectId}
    >
      <Header project={project} programme={main.data.programme} />
      <ChainStatus chain={chain} />
      <Figures
        project={project}
        reports={'dispatchReports' in project ? project.dispatchReports : null}
      />
      {asOf && (
        <p className="note as-of-note" data-testid="passport-as-of-note">
          {t('asOfPlanNote')}
        </p>
      )}
      <PlanSections project={project} asOf={asOf} />
      {!asOf && <ApprovalsSection projectId={projectId} />}
      {asOf ? (
        <PastReportsAndFlags
          key={JSON.stringify(asOf)}
          projectId={projectId}
          asOf={asOf}
          history={history}
          historyError={streams.status === 'failed' ? streams.error : null}
        />
      ) : (
        'dispatchReports' in project && (
          <ReportsAndFlags
            reports={project.dispatchReports}
            flags={project.riskFlags}
            history={history}
            historyError={streams.status === 'failed' ? streams.error : null}
            projectId={projectId}
            asOf={null}
          />
        )
      )}
      {!asOf && <PassportProblems projectId={projectId} />}
      <Timeline projectId={projectId} asOf={asOf} />
    </section>
  );
}

function Denied({ error }: { error: LedgerApiError | null }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  return (
    <div className="card denied" data-testid="passport-denied" data-code={error?.code ?? 'NULL'}>
      <h1>{t('denied')}</h1>
      <p>{t('deniedHint')}</p>
      {error && (
        <p className="muted">
          <code>{error.code}</code> {error.message}
        </p>
      )}
    </div>
  );
}

/** Verifies the streams in this browser whenever they arrive; keeps the last verdict meanwhile. */
function useChainCheck(streams: QueryState<PassportStreamsResult>): ChainState {
  const [state, setState] = useState<ChainState>({ state: 'checking' });
  useEffect(() => {
    if (streams.status === 'loading') return;
    if (streams.status === 'failed') {
      const { code, message } = streams.error;
      setState(
        code === 'FORBIDDEN'
          ? { state: 'forbidden', code, message }
          : { state: 'error', code, message },
      );
      return;
    }
    let cancelled = false;
    const { planning, reports, flags } = streams.data;
    verifyStreams([
      { streamId: 'planning', events: planning },
      { streamId: 'reports', events: reports },
      { streamId: 'flags', events: flags },
    ]).then(
      (result) => {
        if (cancelled) return;
        setState(
          result.intact
            ? {
                state: 'intact',
                events: result.events,
                streams: result.streams,
                perStream: [planning.length, reports.length, flags.length],
              }
            : { state: 'broken', brokenAt: result.brokenAt, events: result.events },
        );
      },
      (error: unknown) => {
        if (!cancelled) setState({ state: 'error', code: 'VERIFIER', message: String(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [streams]);
  return state;
}

function ChainStatus({ chain }: { chain: ChainState }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  let body: ReactNode;
  const attributes: Record<string, string> = {};
  switch (chain.state) {
    case 'checking':
      body = t('chainChecking');
      break;
    case 'intact':
      body = t('chainIntact', {
        n: chain.events,
        planning: chain.perStream[0],
        reports: chain.perStream[1],
        flags: chain.perStream[2],
      });
      attributes['data-events'] = String(chain.events);
      break;
    case 'broken':
      body = (
        <>
          {t('chainBroken', {
            stream: chain.brokenAt.streamId,
            version: chain.brokenAt.streamVersion,
            reason: chain.brokenAt.reason,
          })}
          <span className="muted detail">
            {' '}
            ({chain.brokenAt.eventId}: {chain.brokenAt.detail})
          </span>
        </>
      );
      attributes['data-stream'] = chain.brokenAt.streamId;
      attributes['data-version'] = chain.brokenAt.streamVersion;
      attributes['data-event'] = chain.brokenAt.eventId;
      attributes['data-reason'] = chain.brokenAt.reason;
      break;
    case 'forbidden':
      body = (
        <>
          {t('chainForbidden')} <code>{chain.code}</code>
        </>
      );
      break;
    case 'error':
      body = (
        <>
          {t('chainError')}: <code>{chain.code}</code> {chain.message}
        </>
      );
      break;
  }
  return (
    <div
      className={`card chain chain-${chain.state}`}
      data-testid="chain-status"
      data-state={chain.state}
      {...attributes}
    >
      <strong>{t('chain')}</strong> <span>{body}</span>
      <p className="muted small">{t('chainHow')}</p>
    </div>
  );
}

function useCodeName(): (code: string | null | undefined) => string {
  const language = useLanguage();
  return (code) => (code ? (CODE_NAMES[language][code] ?? code) : '—');
}

function Header({ project, programme }: { project: Project; programme: ProgrammeNames | null }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const name = useName();
  const code = useCodeName();
  const network = programme?.networks.find((n) => n.code === project.networkCode);
  const category = network?.categories.find((c) => c.code === project.categoryCode);
  const plan = project.currentPlan;
  const facts: Array<[string, ReactNode, string]> = [
    [t('projectId'), <code key="id">{project.projectId}</code>, 'id'],
    [t('status'), code(project.status), 'status'],
    [t('network'), network ? name(network.nameZh, network.nameEn) : project.networkCode, 'network'],
    [
      t('category'),
      category ? name(category.nameZh, category.nameEn) : (project.categoryCode ?? '—'),
      'category',
    ],
    [
      t('regions'),
      project.regions.length > 0
        ? project.regions.map((r) => name(r.nameZh, r.nameEn)).join('、')
        : project.regionCodes.join('、'),
      'regions',
    ],
    [t('responsibleUnit'), project.responsibleUnit ?? '—', 'unit'],
    [
      t('leadDepartment'),
      project.leadDepartment
        ? name(project.leadDepartment.nameZh, project.leadDepartment.nameEn)
        : '—',
      'lead',
    ],
    [t('nature'), code(project.constructionNature), 'nature'],
    [t('period'), `${plan.plannedStart ?? '—'} – ${plan.plannedEnd ?? '—'}`, 'period'],
    [t('startedOn'), project.startedOn ?? '—', 'started'],
    [t('completedOn'), project.completedOn ?? '—', 'completed'],
    [
      t('approval'),
      project.approval
        ? `${project.approval.authority} ${project.approval.documentNumber}（${project.approval.approvedOn}）`
        : '—',
      'approval',
    ],
    [t('tags'), project.tags.length > 0 ? project.tags.join(', ') : '—', 'tags'],
    [t('maturity'), project.maturityRating ?? '—', 'maturity'],
    [t('version'), project.version, 'version'],
  ];
  return (
    <header className="passport-header">
      <h1 data-testid="passport-name">
        {name(project.nameZh, project.nameEn)}
        {project.synthetic && (
          <span
            className="badge synthetic"
            data-testid="passport-synthetic"
            title={t('syntheticHint')}
          >
            {t('synthetic')}
          </span>
        )}
        {project.fromPlanDocument && <span className="badge plan">{t('fromPlan')}</span>}
      </h1>
      <dl className="facts" data-testid="passport-facts">
        {facts.map(([label, value, key]) => (
          <div key={key} data-fact={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {project.source && (
        <p className="source" data-testid="passport-source">
          {t('sourceLine', {
            document: project.source.document,
            line: project.source.line,
            quote: project.source.quote,
          })}
        </p>
      )}
    </header>
  );
}

function Figure({
  label,
  amount,
  testId,
  note,
}: {
  label: string;
  amount: string | null;
  testId: string;
  note?: string;
}) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  return (
    <div className="figure" data-testid={testId} data-amount={amount ?? ''}>
      <span className="label">{label}</span>
      <span className="value" title={amount ? t('yuanExact', { v: amount }) : undefined}>
        {amount === null ? '—' : formatAmount(amount, 'wan', 2)} <small>{t('wan')}</small>
      </span>
      {note && <span className="sub">{note}</span>}
    </div>
  );
}

function Figures({ project, reports }: { project: Project; reports: DispatchReport[] | null }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const approved = project.currentPlan.approvedInvestment;
  const latest = reports ? latestReport(reports) : null;
  return (
    <div className="figures" data-testid="passport-figures">
      <Figure
        label={t('planned')}
        amount={project.currentPlan.plannedTotalInvestment}
        testId="passport-planned"
      />
      <Figure label={t('approved')} amount={approved} testId="passport-approved" />
      <Figure
        label={t('disbursed')}
        amount={project.disbursedTotal}
        testId="passport-disbursed-total"
        {...(approved
          ? { note: t('disbursedOf', { p: percentOf(project.disbursedTotal, approved) }) }
          : {})}
      />
      {reports && (
        <>
          <Figure
            label={t('reported')}
            amount={latest?.cumulativeInvestment ?? null}
            testId="passport-reported"
            {...(latest ? { note: latest.period } : {})}
          />
          <div className="figure" data-testid="passport-progress">
            <span className="label">{t('progress')}</span>
            <span className="value">{latest ? `${latest.physicalProgressPercent}%` : '—'}</span>
            {latest && <span className="sub">{latest.physicalProgress}</span>}
          </div>
        </>
      )}
    </div>
  );
}

function AfterMark({ show }: { show: boolean }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  return show ? (
    <span className="after-as-of" data-testid="after-as-of">
      {' '}
      {t('afterAsOf')}
    </span>
  ) : null;
}

function PlanSections({ project, asOf }: { project: Project; asOf: AsOf | null }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const code = useCodeName();
  const day = asOfDay(asOf);
  const { baseline, currentPlan: current } = project;

  const planRows: Array<{
    key: string;
    label: string;
    baseline: string | null;
    current: string | null;
    money: boolean;
  }> = [
    {
      key: 'planned',
      label: t('plannedTotal'),
      baseline: baseline.plannedTotalInvestment,
      current: current.plannedTotalInvestment,
      money: true,
    },
    {
      key: 'approved',
      label: t('approvedInvestment'),
      baseline: baseline.approvedInvestment,
      current: current.approvedInvestment,
      money: true,
    },
    {
      key: 'start',
      label: t('plannedStart'),
      baseline: baseline.plannedStart,
      current: current.plannedStart,
      money: false,
    },
    {
      key: 'end',
      label: t('plannedEnd'),
      baseline: baseline.plannedEnd,
      current: current.plannedEnd,
      money: false,
    },
  ];
  const planColumns: Column<(typeof planRows)[number]>[] = [
    { key: 'field', header: t('field'), text: (r) => r.label },
    {
      key: 'baseline',
      header: t('baseline'),
      text: (r) => r.baseline ?? '',
      render: (r) => (r.money ? yuan(r.baseline) : (r.baseline ?? '—')),
      numeric: true,
    },
    {
      key: 'current',
      header: t('current'),
      text: (r) => r.current ?? '',
      render: (r) => (r.money ? yuan(r.current) : (r.current ?? '—')),
      numeric: true,
    },
  ];

  const funding = fundingRows(baseline, current, project.disbursements);
  const fundingColumns: Column<FundingRow>[] = [
    { key: 'source', header: t('fundingSource'), text: (r) => code(r.source) },
    {
      key: 'baseline',
      header: t('baselineYuan'),
      text: (r) => r.baseline ?? '',
      render: (r) => yuan(r.baseline),
      numeric: true,
    },
    {
      key: 'current',
      header: t('currentYuan'),
      text: (r) => r.current ?? '',
      render: (r) => yuan(r.current),
      numeric: true,
    },
    {
      key: 'disbursed',
      header: t('disbursedYuan'),
      text: (r) => r.disbursed,
      render: (r) => yuan(r.disbursed),
      numeric: true,
    },
  ];

  const adjustments = project.adjustments.flatMap((a, i) =>
    adjustmentChanges(a, code).map((c) => ({
      ...c,
      adjustedOn: a.adjustedOn,
      reason: a.reason,
      index: i,
    })),
  );
  const adjustmentColumns: Column<(typeof adjustments)[number]>[] = [
    {
      key: 'on',
      header: t('adjustedOn'),
      text: (r) => r.adjustedOn,
      render: (r) => (
        <>
          {r.adjustedOn}
          <AfterMark show={datedAfter(r.adjustedOn, day)} />
        </>
      ),
    },
    { key: 'reason', header: t('reason'), text: (r) => r.reason },
    { key: 'field', header: t('changed'), text: (r) => code(r.field) },
    { key: 'before', header: t('before'), text: (r) => r.before },
    { key: 'after', header: t('after'), text: (r) => r.after },
  ];

  // Newest first; the API's order breaks ties.
  const disbursements = project.disbursements
    .map((d, i) => ({ ...d, index: i }))
    .sort((a, b) => (a.paidOn === b.paidOn ? b.index - a.index : a.paidOn < b.paidOn ? 1 : -1));
  const disbursementColumns: Column<Disbursement>[] = [
    { key: 'id', header: t('disbursementId'), text: (r) => r.disbursementId },
    {
      key: 'paidOn',
      header: t('paidOn'),
      text: (r) => r.paidOn,
      render: (r) => (
        <>
          {r.paidOn}
          <AfterMark show={datedAfter(r.paidOn, day)} />
        </>
      ),
    },
    {
      key: 'amount',
      header: t('amountYuan'),
      text: (r) => r.amount,
      render: (r) => yuan(r.amount),
      numeric: true,
    },
    { key: 'source', header: t('fundingSource'), text: (r) => code(r.source) },
    { key: 'payee', header: t('payee'), text: (r) => r.payee },
  ];
  const sum = disbursementSum(project.disbursements);

  const milestoneColumns: Column<Milestone>[] = [
    { key: 'kind', header: t('milestone'), text: (r) => code(r.kind) },
    {
      key: 'planned',
      header: t('plannedOn'),
      text: (r) => r.plannedOn ?? '',
      render: (r) => (
        <>
          {r.plannedOn ?? '—'}
          <AfterMark show={datedAfter(r.plannedOn, day)} />
        </>
      ),
    },
    {
      key: 'met',
      header: t('metOn'),
      text: (r) => r.metOn ?? '',
      render: (r) => (
        <>
          {r.metOn ?? '—'}
          <AfterMark show={datedAfter(r.metOn, day)} />
        </>
      ),
    },
  ];

  return (
    <>
      <h2>{t('plan')}</h2>
      <DataTable
        columns={planColumns}
        rows={planRows}
        rowKey={(r) => r.key}
        testId="passport-plan"
        filename={`passport-${project.projectId}-plan`}
      />
      <h2>{t('funding')}</h2>
      <DataTable
        columns={fundingColumns}
        rows={funding}
        rowKey={(r) => r.source}
        testId="passport-funding"
        filename={`passport-${project.projectId}-funding`}
      />
      <AnnualPlan project={project} />
      <h2>{t('adjustments')}</h2>
      <DataTable
        columns={adjustmentColumns}
        rows={adjustments}
        rowKey={(r, i) => `${r.index}-${r.field}-${i}`}
        testId="passport-adjustments"
        filename={`passport-${project.projectId}-adjustments`}
      />
      <h2>{t('disbursements')}</h2>
      <DataTable
        columns={disbursementColumns}
        rows={disbursements}
        rowKey={(r) => r.disbursementId}
        testId="passport-disbursements"
        filename={`passport-${project.projectId}-disbursements`}
        caption={
          <span data-testid="passport-disbursements-sum" data-sum={sum}>
            {t('disbursementsSum', { n: project.disbursements.length, sum: yuan(sum) })}
            {sum !== project.disbursedTotal && (
              <strong className="error" data-testid="passport-sum-mismatch">
                {' '}
                {t('sumMismatch', { total: yuan(project.disbursedTotal) })}
              </strong>
            )}
          </span>
        }
      />
      <h2>{t('milestones')}</h2>
      <DataTable
        columns={milestoneColumns}
        rows={project.milestones}
        rowKey={(r) => r.kind}
        testId="passport-milestones"
        filename={`passport-${project.projectId}-milestones`}
      />
    </>
  );
}

/** Annual plan beside what the reports add up to; reports come with the page's main data now only. */
function AnnualPlan({ project }: { project: Project & { dispatchReports?: DispatchReport[] } }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const rows = annualRows(project.baseline, project.currentPlan, project.dispatchReports ?? []);
  const columns: Column<AnnualRow>[] = [
    { key: 'year', header: t('year'), text: (r) => String(r.year) },
    {
      key: 'baseline',
      header: t('baselineYuan'),
      text: (r) => r.baseline ?? '',
      render: (r) => yuan(r.baseline),
      numeric: true,
    },
    {
      key: 'current',
      header: t('currentYuan'),
      text: (r) => r.current ?? '',
      render: (r) => yuan(r.current),
      numeric: true,
    },
    ...(project.dispatchReports
      ? [
          {
            key: 'reported',
            header: t('reportedYuan'),
            text: (r: AnnualRow) => r.reported,
            render: (r: AnnualRow) => yuan(r.reported),
            numeric: true,
          },
        ]
      : []),
  ];
  return (
    <>
      <h2>{t('annual')}</h2>
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(r) => String(r.year)}
        testId="passport-annual"
        filename={`passport-${project.projectId}-annual`}
      />
    </>
  );
}

function PastReportsAndFlags({
  projectId,
  asOf,
  history,
  historyError,
}: {
  projectId: string;
  asOf: AsOf;
  history: PassportStreamsResult | null;
  historyError: LedgerApiError | null;
}) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const past = useLedgerQuery<PassportAsOfResult>(
    PASSPORT_AS_OF,
    { projectId, asOf },
    { live: 'validAt' in asOf, projectId },
  );
  if (past.status === 'loading') return <Loading testId="passport-past-loading" />;
  if (past.status === 'failed') {
    return (
      <>
        <h2>{t('reports')}</h2>
        <Failure error={past.error} testId="passport-past-error" />
      </>
    );
  }
  return (
    <ReportsAndFlags
      reports={past.data.dispatchReportsAsOf}
      flags={past.data.riskFlagsAsOf}
      history={history}
      historyError={historyError}
      projectId={projectId}
      pastNote={t('asOfReports')}
      asOf={asOf}
    />
  );
}

function ReportsAndFlags({
  reports,
  flags,
  history,
  historyError,
  projectId,
  pastNote,
  asOf,
}: {
  asOf: AsOf | null;
  reports: DispatchReport[];
  flags: RiskFlag[];
  history: PassportStreamsResult | null;
  historyError: LedgerApiError | null;
  projectId: string;
  pastNote?: string;
}) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const language = useLanguage();
  // As recorded at a past moment, a month's later versions did not exist yet.
  const versions = history
    ? reportVersions(history.reports.filter((e) => !recordedAfter(e.recordedAt, asOf)))
    : null;
  const ordered = [...reports].sort((a, b) => (a.period < b.period ? 1 : -1));
  // A month's corrections, and what it said before (from the stored history, auditors only).
  const correction = (r: DispatchReport): string => {
    if (r.corrections === 0 && !versions?.get(r.period)?.some((v) => v.kind === 'restated'))
      return '';
    const parts: string[] = [];
    if (r.corrections > 0) parts.push(t('correctedTimes', { n: r.corrections }));
    const change = versions ? earlierFigure(versions.get(r.period)) : null;
    if (change) parts.push(earlierText(change.before, change.after, t));
    else if (!versions && r.corrections > 0) parts.push(t('earlierAuditors'));
    return parts.join('；');
  };
  const columns: Column<DispatchReport>[] = [
    { key: 'period', header: t('month'), text: (r) => r.period },
    {
      key: 'inMonth',
      header: t('inMonthYuan'),
      text: (r) => r.investmentInMonth,
      render: (r) => yuan(r.investmentInMonth),
      numeric: true,
    },
    {
      key: 'cumulative',
      header: t('cumulativeYuan'),
      text: (r) => r.cumulativeInvestment,
      render: (r) => yuan(r.cumulativeInvestment),
      numeric: true,
    },
    {
      key: 'corrections',
      header: t('corrections'),
      text: correction,
      render: (r) => {
        const text = correction(r);
        return text ? (
          <span
            className="corrected"
            data-testid={`report-corrected-${r.period}`}
            data-corrections={r.corrections}
          >
            {text}
          </span>
        ) : (
          ''
        );
      },
    },
    { key: 'percent', header: t('percent'), text: (r) => r.physicalProgressPercent, numeric: true },
    { key: 'words', header: t('progressWords'), text: (r) => r.physicalProgress },
    { key: 'problems', header: t('problems'), text: (r) => r.problems ?? '' },
    { key: 'by', header: t('submittedBy'), text: (r) => r.submittedBy },
    { key: 'due', header: t('dueOn'), text: (r) => r.dueOn ?? '' },
    { key: 'submitted', header: t('submittedOn'), text: (r) => r.submittedOn ?? '' },
    {
      key: 'late',
      header: t('late'),
      text: (r) => (r.late === null ? '' : r.late ? t('lateYes') : t('lateNo')),
      render: (r) =>
        r.late ? (
          <span className="late">{t('lateYes')}</span>
        ) : r.late === false ? (
          t('lateNo')
        ) : (
          '—'
        ),
    },
  ];

  const streamEvents = history ? [...history.planning, ...history.reports, ...history.flags] : [];
  const eventById = new Map(streamEvents.map((e) => [e.eventId, e]));
  const flagColumns: Column<RiskFlag>[] = [
    {
      key: 'severity',
      header: t('severity'),
      text: (f) => nameIn(SEVERITY_NAMES, language, f.severity),
      render: (f) => (
        <span className={`severity ${f.severity}`}>
          {nameIn(SEVERITY_NAMES, language, f.severity)}
        </span>
      ),
    },
    { key: 'rule', header: t('rule'), text: (f) => nameIn(RULE_NAMES, language, f.rule) },
    {
      key: 'status',
      header: t('flagStatus'),
      text: (f) => CODE_NAMES[language][f.status] ?? f.status,
    },
    { key: 'raised', header: t('raisedOn'), text: (f) => f.raisedOn },
    { key: 'figures', header: t('figures'), text: (f) => figuresText(f, language) },
    {
      key: 'cited',
      header: t('cited'),
      text: (f) => f.evidence.eventIds.map((id) => citedText(id, eventById)).join('; '),
    },
    {
      key: 'board',
      header: '',
      text: () => '',
      render: (f) => (
        <Link
          to={hrefTo('/risk', { project: projectId, flag: f.flagId })}
          testId={`passport-flag-${f.flagId}`}
        >
          {t('onBoard')}
        </Link>
      ),
    },
  ];
  return (
    <>
      <h2>
        {t('reports')} <small className="muted">{t('reportsCount', { n: reports.length })}</small>
      </h2>
      {pastNote && <p className="note">{pastNote}</p>}
      {historyError &&
        reports.some((r) => r.corrections > 0) &&
        historyError.code !== 'FORBIDDEN' && (
          <Failure error={historyError} testId="passport-history-error" />
        )}
      <DataTable
        columns={columns}
        rows={ordered}
        rowKey={(r) => r.period}
        testId="passport-reports"
        filename={`passport-${projectId}-reports`}
      />
      <h2>{t('flags')}</h2>
      <DataTable
        columns={flagColumns}
        rows={flags}
        rowKey={(f) => f.flagId}
        testId="passport-flags"
        filename={`passport-${projectId}-flags`}
      />
    </>
  );
}

function earlierText(before: ReportVersion, after: ReportVersion, t: Translate): string {
  if (after.kind === 'restated') {
    return t('earlierRestated', {
      period: after.reason ?? '—',
      cumulative: yuan(before.cumulativeInvestment),
      at: beijingTime(before.recordedAt),
    });
  }
  return t('earlier', {
    month: yuan(before.investmentInMonth),
    cumulative: yuan(before.cumulativeInvestment),
    at: beijingTime(before.recordedAt),
  });
}

export function figuresText(flag: Pick<RiskFlag, 'evidence'>, language: Language): string {
  return flag.evidence.figures
    .map((f) => `${nameIn(FIGURE_NAMES, language, f.name)} ${f.value}`)
    .join('; ');
}

function citedText(
  id: string,
  events: Map<string, { type: string; streamId: string; streamVersion: string }>,
): string {
  const event = events.get(id);
  return event ? `${event.type} ${event.streamId}@${event.streamVersion}` : id;
}

const TIMELINE_PAGE = 100;

/** The project's history across services, a page at a time; the newest page stays live. */
function Timeline({ projectId, asOf }: { projectId: string; asOf: AsOf | null }) {
  const t: Translate = useStrings(PASSPORT_STRINGS);
  const code = useCodeName();
  const [earlier, setEarlier] = useState<TimelineEvent[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const page = useLedgerQuery<PassportTimelineResult>(
    PASSPORT_TIMELINE,
    { projectId, first: TIMELINE_PAGE, after },
    { live: true, projectId },
  );
  if (page.status === 'failed') {
    return (
      <>
        <h2>{t('timeline')}</h2>
        {page.error.code === 'FORBIDDEN' ? (
          <p className="note" data-testid="passport-timeline-forbidden">
            {t('auditorsOnly')} <code>{page.error.code}</code>
          </p>
        ) : (
          <Failure error={page.error} testId="passport-timeline-error" />
        )}
      </>
    );
  }
  // Until the next page arrives the hook still holds the previous one: keep only what
  // follows the events already shown (positions grow along the log).
  const last = earlier[earlier.length - 1];
  const fresh =
    page.status === 'ready'
      ? page.data.projectTimeline.edges
          .map((e) => e.node)
          .filter((n) => !last || BigInt(n.position) > BigInt(last.position))
      : [];
  const rows = [...earlier, ...fresh];
  const pageInfo = page.status === 'ready' ? page.data.projectTimeline.pageInfo : null;
  const columns: Column<TimelineEvent>[] = [
    { key: 'position', header: t('position'), text: (e) => e.position, numeric: true },
    {
      key: 'recordedAt',
      header: t('recordedAt'),
      text: (e) => e.recordedAt,
      render: (e) => (
        <>
          {e.recordedAt}
          <AfterMark show={recordedAfter(e.recordedAt, asOf)} />
        </>
      ),
    },
    { key: 'validAt', header: t('validAt'), text: (e) => e.validAt ?? '' },
    { key: 'type', header: t('eventType'), text: (e) => e.type },
    { key: 'service', header: t('service'), text: (e) => code(e.service) },
    { key: 'actor', header: t('actor'), text: (e) => e.actor },
    { key: 'stream', header: t('stream'), text: (e) => `${e.streamId}@${e.streamVersion}` },
  ];
  return (
    <>
      <h2>{t('timeline')}</h2>
      <p className="muted">
        {t('timelineHint')}
        {asOf && ` ${t('asOfHistoryNote')}`}
      </p>
      <DataTable
        columns={columns}
        rows={rows}
        rowKey={(e) => e.eventId}
        testId="passport-timeline"
        filename={`passport-${projectId}-timeline`}
      />
      {page.status === 'loading' && <Loading testId="passport-timeline-loading" />}
      {pageInfo?.hasNextPage && pageInfo.endCursor && (
        <button
          type="button"
          data-testid="passport-timeline-more"
          onClick={() => {
            setEarlier(rows);
            setAfter(pageInfo.endCursor);
          }}
        >
          {t('more')}
        </button>
      )}
    </>
  );
}
