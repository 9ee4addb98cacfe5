import { FormEvent, useEffect, useRef, useState } from 'react';
import { graphql, LedgerApiError } from '../../api/graphql';
import { useLedgerQuery } from '../../api/use-ledger-query';
import { AsOf, useAsOf } from '../../app/as-of';
import { useLanguage, useName, useStrings } from '../../app/i18n';
import { hrefTo, Link, setParams, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { Column, DataTable } from '../../export/DataTable';
import { projectStreams } from '../passport/passport.model';
import { Failure, Loading } from '../passport/states';
import {
  Citation,
  citations,
  clearedFilters,
  filterFromSearch,
  flagProjects,
  groupFlagStream,
  prettyData,
  resolveCitations,
} from './risk.model';
import {
  CitedEvent,
  FLAG_LIMIT,
  FLAG_STREAMS,
  FlagStreamsResult,
  GROUP_FLAG_STREAM,
  GroupFlagStreamResult,
  Named,
  PLAN_EVENT_LOG,
  PLAN_EVENT_PAGES,
  PLAN_EVENT_TYPES,
  PlanEventsResult,
  projectNamesQuery,
  ProjectNamesResult,
  RISK_FLAGS_AS_OF,
  RISK_FLAGS_NOW,
  RiskBoardResult,
  RiskFlag,
  RiskFlagFilter,
} from './risk.queries';
import { FIGURE_NAMES, nameIn, RISK_STRINGS, RULE_NAMES, SEVERITY_NAMES } from './risk.strings';
import './risk.css';

type Translate = (
  key: keyof (typeof RISK_STRINGS)['zh'],
  values?: Record<string, string | number>,
) => string;

export function RiskBoardPage() {
  const t: Translate = useStrings(RISK_STRINGS);
  const { search } = useLocation();
  const asOf = useAsOf();
  const filter = filterFromSearch(search);
  const key = JSON.stringify({ filter, asOf });
  return (
    <section className="risk-board" data-testid="page-risk">
      <h1>{t('title')}</h1>
      {/* Remounted per filter and as-of, so a table never shows another filter's flags. */}
      <Board key={key} filter={filter} asOf={asOf} selected={search.get('flag')} />
    </section>
  );
}

function Board({
  filter,
  asOf,
  selected,
}: {
  filter: RiskFlagFilter;
  asOf: AsOf | null;
  selected: string | null;
}) {
  const t: Translate = useStrings(RISK_STRINGS);
  const state = useLedgerQuery<RiskBoardResult>(
    asOf ? RISK_FLAGS_AS_OF : RISK_FLAGS_NOW,
    { filter, first: FLAG_LIMIT, ...(asOf ? { asOf } : {}) },
    {
      live: !asOf || 'validAt' in asOf,
      ...(filter.projectId ? { projectId: filter.projectId } : {}),
    },
  );
  const programme = state.status === 'ready' ? state.data.programme : null;
  return (
    <>
      <Filters filter={filter} programme={programme} />
      {asOf && <p className="note">{t('asOfNote')}</p>}
      {state.status === 'loading' && <Loading testId="risk-loading" />}
      {state.status === 'failed' && <Failure error={state.error} testId="risk-error" />}
      {state.status === 'ready' &&
        (flagProjects(state.data.flags).length > 0 ? (
          <FlagsWithNames result={state.data} asOf={asOf} selected={selected} />
        ) : (
          <Flags result={state.data} names={{}} asOf={asOf} selected={selected} />
        ))}
    </>
  );
}

/** The flags once the projects' names are asked for (ids stand in until they answer). */
function FlagsWithNames(props: {
  result: RiskBoardResult;
  asOf: AsOf | null;
  selected: string | null;
}) {
  const { query, variables } = projectNamesQuery(flagProjects(props.result.flags));
  const state = useLedgerQuery<ProjectNamesResult>(query, variables);
  const names: ProjectNamesResult = {};
  if (state.status === 'ready') {
    for (const project of Object.values(state.data))
      if (project) names[project.projectId] = project;
  }
  return <Flags {...props} names={names} />;
}

function Flags({
  result,
  names,
  asOf,
  selected,
}: {
  result: RiskBoardResult;
  names: ProjectNamesResult;
  asOf: AsOf | null;
  selected: string | null;
}) {
  const t: Translate = useStrings(RISK_STRINGS);
  const language = useLanguage();
  const name = useName();
  const { flags, programme } = result;

  const named = (list: Named[] | undefined, code: string | null) => {
    if (!code) return '—';
    const found = list?.find((n) => n.code === code);
    return found ? name(found.nameZh, found.nameEn) : code;
  };
  const subjectText = (f: RiskFlag): string => {
    if (f.subjectKind === 'project') {
      const project = f.projectId ? names[f.projectId] : null;
      if (!project) return f.subject;
      const marked = project.synthetic ? ` ${t('synthetic')}` : '';
      return `${name(project.nameZh, project.nameEn)} (${f.subject})${marked}`;
    }
    const kind = f.subjectKind === 'network' ? t('networkKind') : t('regionKind');
    const list = f.subjectKind === 'network' ? programme?.networks : programme?.regions;
    return `${kind} ${named(list, f.subject)}`;
  };

  const columns: Column<RiskFlag>[] = [
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
      key: 'subject',
      header: t('subject'),
      text: subjectText,
      render: (f) =>
        f.projectId ? (
          <Link
            to={hrefTo(`/projects/${encodeURIComponent(f.projectId)}`)}
            testId={`risk-passport-${f.flagId}`}
          >
            {subjectText(f)}
          </Link>
        ) : (
          subjectText(f)
        ),
    },
    {
      key: 'figures',
      header: t('figures'),
      text: (f) =>
        f.evidence.figures
          .map((x) => `${nameIn(FIGURE_NAMES, language, x.name)} ${x.value}`)
          .join('; '),
    },
    {
      key: 'evidence',
      header: t('evidence'),
      text: (f) => f.evidence.eventIds.join(' '),
      render: (f) => (
        <button
          type="button"
          className={selected === f.flagId ? 'selected' : undefined}
          aria-pressed={selected === f.flagId}
          onClick={() => setParams({ flag: selected === f.flagId ? undefined : f.flagId })}
          data-testid={`risk-evidence-${f.flagId}`}
        >
          {t('evidence')} ({f.evidence.eventIds.length})
        </button>
      ),
    },
    {
      key: 'network',
      header: t('network'),
      text: (f) => named(programme?.networks, f.networkCode),
    },
    {
      key: 'regions',
      header: t('regions'),
      text: (f) => f.regionCodes.map((r) => named(programme?.regions, r)).join(t('listSeparator')),
    },
    {
      key: 'unit',
      header: t('responsible'),
      text: (f) =>
        [
          f.responsibleUnit,
          f.leadDepartment ? named(programme?.departments, f.leadDepartment) : null,
        ]
          .filter(Boolean)
          .join(' / '),
    },
    {
      key: 'status',
      header: t('status'),
      text: (f) => (f.status === 'open' ? t('open') : t('resolved')),
    },
    { key: 'raised', header: t('raisedOn'), text: (f) => f.raisedOn },
    { key: 'updated', header: t('updatedOn'), text: (f) => f.updatedOn ?? '' },
    { key: 'resolved', header: t('resolvedOn'), text: (f) => f.resolvedOn ?? '' },
  ];

  const chosen = selected ? flags.find((f) => f.flagId === selected) : undefined;
  return (
    <>
      {selected &&
        (chosen ? (
          <FlagEvidence key={chosen.flagId} flag={chosen} subject={subjectText(chosen)} />
        ) : (
          <p className="note" data-testid="risk-no-such-flag">
            {t('noSuchFlag')}
          </p>
        ))}
      <DataTable
        columns={columns}
        rows={flags}
        rowKey={(f) => f.flagId}
        testId="risk-flags"
        filename={`risk-flags${asOf ? `-as-of-${'validAt' in asOf ? asOf.validAt : asOf.recordedAt.slice(0, 16)}` : ''}`}
        caption={
          <span data-testid="risk-count" data-count={flags.length}>
            {t('flagsShown', { n: flags.length })}
            {flags.length >= FLAG_LIMIT && (
              <strong className="warn"> {t('limitReached', { n: FLAG_LIMIT })}</strong>
            )}
          </span>
        }
      />
    </>
  );
}

const SEVERITIES = ['red', 'amber'];
const RULES = Object.keys(RULE_NAMES.zh);

function Filters({
  filter,
  programme,
}: {
  filter: RiskFlagFilter;
  programme: RiskBoardResult['programme'];
}) {
  const t: Translate = useStrings(RISK_STRINGS);
  const language = useLanguage();
  const name = useName();
  const [unit, setUnit] = useState(filter.unit ?? '');
  const [period, setPeriod] = useState(filter.period ?? '');
  const [project, setProject] = useState(filter.projectId ?? '');
  const select = (
    param: string,
    label: string,
    value: string | undefined,
    options: Array<[string, string]>,
  ) => (
    <label>
      {label}{' '}
      <select
        value={value ?? ''}
        onChange={(e) => setParams({ [param]: e.target.value || undefined, flag: undefined })}
        data-testid={`risk-filter-${param}`}
      >
        <option value="">{t('any')}</option>
        {options.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
        {value && !options.some(([code]) => code === value) && (
          <option value={value}>{value}</option>
        )}
      </select>
    </label>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams({
      unit: unit.trim() || undefined,
      period: period.trim() || undefined,
      project: project.trim() || undefined,
      flag: undefined,
    });
  };
  return (
    <form className="filters" onSubmit={submit} data-testid="risk-filters">
      {select(
        'severity',
        t('severity'),
        filter.severity,
        SEVERITIES.map((s) => [s, nameIn(SEVERITY_NAMES, language, s)]),
      )}
      {select(
        'rule',
        t('rule'),
        filter.rule,
        RULES.map((r) => [r, nameIn(RULE_NAMES, language, r)]),
      )}
      {select(
        'network',
        t('network'),
        filter.networkCode,
        (programme?.networks ?? []).map((n) => [n.code, name(n.nameZh, n.nameEn)]),
      )}
      {select(
        'region',
        t('region'),
        filter.regionCode,
        (programme?.regions ?? []).map((r) => [r.code, name(r.nameZh, r.nameEn)]),
      )}
      {select('status', t('status'), filter.status, [
        ['open', t('open')],
        ['resolved', t('resolved')],
      ])}
      <label>
        {t('unit')}{' '}
        <input
          value={unit}
          onChange={(e) => setUnit(e.target.value)}
          placeholder={t('unitHint')}
          list="risk-units"
          data-testid="risk-filter-unit"
        />
        <datalist id="risk-units">
          {(programme?.departments ?? []).map((d) => (
            <option key={d.code} value={d.code}>
              {name(d.nameZh, d.nameEn)}
            </option>
          ))}
        </datalist>
      </label>
      <label>
        {t('period')}{' '}
        <input
          value={period}
          onChange={(e) => setPeriod(e.target.value)}
          placeholder={t('periodHint')}
          size={10}
          data-testid="risk-filter-period"
        />
      </label>
      <label>
        {t('projectKind')}{' '}
        <input
          value={project}
          onChange={(e) => setProject(e.target.value)}
          size={18}
          data-testid="risk-filter-project"
        />
      </label>
      <button type="submit" data-testid="risk-filter-apply">
        {t('apply')}
      </button>
      <button
        type="button"
        onClick={() => setParams(clearedFilters())}
        data-testid="risk-filter-clear"
      >
        {t('clear')}
      </button>
    </form>
  );
}

type CitedState =
  | { status: 'loading' }
  | { status: 'ready'; events: CitedEvent[] }
  | { status: 'failed'; error: LedgerApiError };

/** A project flag's evidence: the project's three streams, in one request. */
function ProjectCitedEvents({
  projectId,
  cited,
  flagId,
}: {
  projectId: string;
  cited: Citation[];
  flagId: string;
}) {
  const streams = useLedgerQuery<FlagStreamsResult>(FLAG_STREAMS, projectStreams(projectId));
  const state: CitedState =
    streams.status === 'ready'
      ? {
          status: 'ready',
          events: [...streams.data.planning, ...streams.data.reports, ...streams.data.flags],
        }
      : streams;
  return <CitedEvents cited={cited} state={state} flagId={flagId} />;
}

/**
 * A network's or region's flag cites plan events of many projects: searched for in the log
 * of plan events, a page at a time, until all are found or PLAN_EVENT_PAGES were read.
 */
function GroupCitedEvents({ flag, cited }: { flag: RiskFlag; cited: Citation[] }) {
  const { session } = useSession();
  const token = session?.token ?? '';
  const [state, setState] = useState<CitedState>({ status: 'loading' });
  const key = cited.map((c) => c.eventId).join(',');
  const flagStream = groupFlagStream(flag);
  useEffect(() => {
    const wanted = new Set(key.split(','));
    let cancelled = false;
    const search = async () => {
      // The flag's own steps sit in its stream; the plans it cites, in the plan-event log.
      const own = await graphql<GroupFlagStreamResult>(token, GROUP_FLAG_STREAM, {
        stream: flagStream,
      });
      const found: CitedEvent[] = own.flag.filter((e) => wanted.has(e.eventId));
      let after: string | null = null;
      for (let pages = 0; pages < PLAN_EVENT_PAGES && !cancelled; pages++) {
        if (found.length >= wanted.size) break;
        const page: PlanEventsResult = await graphql<PlanEventsResult>(token, PLAN_EVENT_LOG, {
          types: PLAN_EVENT_TYPES,
          after,
        });
        for (const { node } of page.eventLog.edges) if (wanted.has(node.eventId)) found.push(node);
        if (!page.eventLog.pageInfo.hasNextPage) break;
        after = page.eventLog.pageInfo.endCursor;
      }
      return found;
    };
    search().then(
      (events) => {
        if (!cancelled) setState({ status: 'ready', events });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState({
          status: 'failed',
          error:
            error instanceof LedgerApiError ? error : new LedgerApiError(String(error), 'NETWORK'),
        });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [token, key, flagStream]);
  return <CitedEvents cited={cited} state={state} flagId={flag.flagId} />;
}

function FlagEvidence({ flag, subject }: { flag: RiskFlag; subject: string }) {
  const t: Translate = useStrings(RISK_STRINGS);
  const language = useLanguage();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.scrollIntoView({ block: 'nearest' }), []);
  const cited = citations(flag);
  const figureRows = (figures: RiskFlag['evidence']['figures']) =>
    figures.map((f) => ({
      name: nameIn(FIGURE_NAMES, language, f.name),
      code: f.name,
      value: f.value,
    }));
  type FigureRow = ReturnType<typeof figureRows>[number];
  const figureColumns: Column<FigureRow>[] = [
    { key: 'name', header: t('figures'), text: (r) => r.name },
    { key: 'value', header: '', text: (r) => r.value, numeric: true },
  ];
  const stepName = (kind: string) =>
    kind === 'raised'
      ? t('stepRaised')
      : kind === 'resolved'
        ? t('stepResolved')
        : t('stepUpdated');
  const stepColumns: Column<RiskFlag['history'][number]>[] = [
    { key: 'kind', header: t('stepKind'), text: (s) => stepName(s.kind) },
    { key: 'on', header: t('stepOn'), text: (s) => s.on },
    {
      key: 'severity',
      header: t('severity'),
      text: (s) => (s.severity ? nameIn(SEVERITY_NAMES, language, s.severity) : ''),
    },
    { key: 'config', header: t('configVersion'), text: (s) => s.configVersion },
    {
      key: 'figures',
      header: t('figures'),
      text: (s) =>
        s.evidence.figures
          .map((x) => `${nameIn(FIGURE_NAMES, language, x.name)} ${x.value}`)
          .join('; '),
    },
    { key: 'event', header: 'eventId', text: (s) => s.eventId },
  ];
  return (
    <aside
      className="card evidence-panel"
      ref={panel}
      data-testid="risk-evidence-panel"
      data-flag={flag.flagId}
    >
      <header>
        <h2>
          {t('evidenceTitle')}: {nameIn(RULE_NAMES, language, flag.rule)} · {subject}
        </h2>
        <span className={`severity ${flag.severity}`}>
          {nameIn(SEVERITY_NAMES, language, flag.severity)}
        </span>
        {flag.projectId && (
          <Link
            to={hrefTo(`/projects/${encodeURIComponent(flag.projectId)}`)}
            testId="risk-evidence-passport"
          >
            {t('passport')}
          </Link>
        )}
        <button
          type="button"
          onClick={() => setParams({ flag: undefined })}
          data-testid="risk-evidence-close"
        >
          {t('close')}
        </button>
      </header>
      <div className="evidence-figures">
        <DataTable
          columns={figureColumns}
          rows={figureRows(flag.evidence.figures)}
          rowKey={(r) => r.code}
          testId="risk-evidence-figures"
          filename={`risk-flag-${flag.flagId}-figures`}
          caption={t('figuresNow')}
        />
        <DataTable
          columns={figureColumns}
          rows={figureRows(flag.raised.evidence.figures)}
          rowKey={(r) => r.code}
          testId="risk-evidence-raised"
          filename={`risk-flag-${flag.flagId}-raised`}
          caption={`${t('figuresRaised')} (${flag.raised.on})`}
        />
        {flag.resolutionEvidence && (
          <DataTable
            columns={figureColumns}
            rows={figureRows(flag.resolutionEvidence.figures)}
            rowKey={(r) => r.code}
            testId="risk-evidence-resolution"
            filename={`risk-flag-${flag.flagId}-resolution`}
            caption={t('resolution')}
          />
        )}
      </div>
      <h3>{t('history')}</h3>
      <DataTable
        columns={stepColumns}
        rows={flag.history}
        rowKey={(s) => s.eventId}
        testId="risk-evidence-history"
        filename={`risk-flag-${flag.flagId}-history`}
      />
      <h3>{t('citedEvents')}</h3>
      <p className="muted">
        {t('citedHint')}
        {!flag.projectId && ` · ${t('searchedGroup', { n: PLAN_EVENT_PAGES })}`}
      </p>
      {flag.projectId ? (
        <ProjectCitedEvents projectId={flag.projectId} cited={cited} flagId={flag.flagId} />
      ) : (
        <GroupCitedEvents flag={flag} cited={cited} />
      )}
    </aside>
  );
}

const CITED_BY = {
  evidence: 'byEvidence',
  raised: 'stepRaised',
  updated: 'stepUpdated',
  resolved: 'stepResolved',
  resolution: 'resolution',
} as const satisfies Record<Citation['citedBy'][number], keyof (typeof RISK_STRINGS)['zh']>;

function CitedEvents({
  cited,
  state,
  flagId,
}: {
  cited: Citation[];
  state: CitedState;
  flagId: string;
}) {
  const t: Translate = useStrings(RISK_STRINGS);
  if (state.status === 'loading')
    return <Loading testId="risk-cited-loading" text={t('searching')} />;
  if (state.status === 'failed') {
    return state.error.code === 'FORBIDDEN' ? (
      <p className="note" data-testid="risk-cited-forbidden">
        {t('eventsForbidden')} <code>{state.error.code}</code> ·{' '}
        {cited.map((c) => c.eventId).join(', ')}
      </p>
    ) : (
      <Failure error={state.error} testId="risk-cited-error" />
    );
  }
  const { found, missing } = resolveCitations(cited, state.events);
  type Row = (typeof found)[number];
  const columns: Column<Row>[] = [
    {
      key: 'by',
      header: t('citedBy'),
      text: (r) => r.citation.citedBy.map((by) => t(CITED_BY[by])).join(t('listSeparator')),
    },
    { key: 'type', header: t('eventType'), text: (r) => r.event.type },
    {
      key: 'stream',
      header: t('stream'),
      text: (r) => `${r.event.streamId}@${r.event.streamVersion}`,
    },
    { key: 'recordedAt', header: t('recordedAt'), text: (r) => r.event.recordedAt },
    { key: 'validAt', header: t('validAt'), text: (r) => r.event.validAt ?? '' },
    { key: 'actor', header: t('actor'), text: (r) => r.event.actor },
    { key: 'id', header: 'eventId', text: (r) => r.event.eventId },
    {
      key: 'data',
      header: t('data'),
      text: (r) => r.event.data,
      render: (r) => (
        <details>
          <summary>
            {r.event.data.length > 60 ? `${r.event.data.slice(0, 60)}…` : r.event.data}
          </summary>
          <pre>{prettyData(r.event.data)}</pre>
        </details>
      ),
    },
  ];
  return (
    <>
      <DataTable
        columns={columns}
        rows={found}
        rowKey={(r) => r.event.eventId}
        testId="risk-cited-events"
        filename={`risk-flag-${flagId}-events`}
      />
      {missing.length > 0 && (
        <p className="note" data-testid="risk-cited-missing">
          {t('notFound', { ids: missing.join(', ') })}
        </p>
      )}
    </>
  );
}
