import { Fen, assertNever, fen, parseYi, parseYuan } from '@ledger/domain-kernel';
import { DispatchReportEvent } from '@ledger/contracts';
import {
  ConstructionNature,
  FundingSource,
  MilestoneKind,
  ProjectStatus,
} from '../project/domain/project-vocabulary';
import {
  ProjectEvent,
  ProjectListedInPlan,
  ProjectProposed,
} from '../project/domain/project.events';
import {
  ExistingProject,
  evolveProject,
  initialProjectState,
} from '../project/domain/project.state';
import { cny, percentOf } from './oc4ids-money';
import {
  DateTime,
  Oc4idsAssetClass,
  Oc4idsBudget,
  Oc4idsBudgetBreakdowns,
  Oc4idsClassification,
  Oc4idsDocument,
  Oc4idsFinance,
  Oc4idsFinanceType,
  Oc4idsLocation,
  Oc4idsMetric,
  Oc4idsMilestone,
  Oc4idsObservation,
  Oc4idsOrganization,
  Oc4idsOrganizationReference,
  Oc4idsProject,
  Oc4idsProjectStatus,
  Oc4idsProjectType,
  Oc4idsTransaction,
  Oc4idsUnit,
} from './oc4ids.types';
import { ProgrammeReference } from './programme-reference';

/**
 * One project of the ledger as an OC4IDS 0.9.5 project. Pure: events and reference data in,
 * a plain object out, no clock and no I/O, so the same history always exports the same JSON.
 */
export interface ProjectHistory {
  /** The project stream (project-<id>) in stream order. */
  events: readonly ProjectEvent[];
  /** The project's dispatch-report stream (dispatch-reports-<id>), if any: progress metrics. */
  reports?: readonly DispatchReportEvent[];
  /** When the newest of these events was recorded: published as `updated`. */
  lastRecordedAt?: Date;
}

export interface ProjectMappingOptions {
  /**
   * OC4IDS requires every project id to begin with a project identifier prefix registered
   * with the Open Contracting Partnership: "oc4ids-" and six characters. The ledger has none
   * yet; DEFAULT_PROJECT_ID_PREFIX is a placeholder the publisher replaces with its own.
   */
  idPrefix: string;
}

/** Placeholder ("jl761p" = Jilin 761 programme), NOT registered: replace before publishing. */
export const DEFAULT_PROJECT_ID_PREFIX = 'oc4ids-jl761p';
const PREFIX_PATTERN = /^oc4ids-[a-z0-9]{6}$/;

/** The ledger's own project id, kept as an identifier beside the prefixed OC4IDS id. */
export const LEDGER_ID_SCHEME = 'progress-ledger';

export function oc4idsProjectId(prefix: string, projectId: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `the OC4IDS project id prefix must be "oc4ids-" and 6 letters or digits, got "${prefix}"`,
    );
  }
  return `${prefix}-${projectId}`;
}

// ---------------------------------------------------------------------------------------------
// Codelist mappings: each a total function of our vocabulary, so a new word fails to compile.
// ---------------------------------------------------------------------------------------------

/**
 * Our lifecycle -> the closed projectStatus codelist, read with the codelist's definitions:
 * - a project only named in the plan (listed, nothing proposed) is `identification`: the
 *   decision to develop it inside the programme;
 * - a proposal with a funding plan and dates is in `preparation` (feasibility, scoping,
 *   financing) until the budget is authorised;
 * - `approved` is `implementation`: the codelist ends preparation with "the resulting budget
 *   authorisation" and starts implementation with procurement, which is where an approved,
 *   not yet started project is; whether works began shows in implementationPeriod.startDate
 *   and the commencement milestone;
 * - `suspended` has no code (closed list): a suspension pauses a phase without leaving it, so
 *   it exports as the phase it interrupted, and the suspension itself as a milestone.
 */
export function oc4idsStatus(
  status: ProjectStatus,
  resumeTo: ProjectStatus | null,
  proposed: boolean,
): Oc4idsProjectStatus {
  switch (status) {
    case 'proposed':
      return proposed ? 'preparation' : 'identification';
    case 'approved':
    case 'under_construction':
      return 'implementation';
    case 'completed':
      return 'completion';
    case 'cancelled':
      return 'cancelled';
    case 'suspended':
      // Only approved or started projects can be suspended; resumeTo is what was interrupted.
      return resumeTo === null || resumeTo === 'suspended'
        ? 'implementation'
        : oc4idsStatus(resumeTo, null, proposed);
    default:
      return assertNever(status);
  }
}

const PROJECT_TYPES: Record<ConstructionNature, Oc4idsProjectType | null> = {
  new_build: 'construction',
  expansion: 'expansion',
  reconstruction: 'rehabilitation',
  // 续建 says when the works began (before the plan), not what they build.
  continuing: null,
};

/**
 * Financing arrangements, per funding source. Bonds and loans are debt finance
 * (budget.finance[].assetClass ["debt"], type "bond" / "loan"); listing shares is equity.
 * Grants and budget appropriations are not financing arrangements: they stay budget lines.
 */
export const FINANCE_ARRANGEMENTS: Record<
  FundingSource,
  { assetClass: Oc4idsAssetClass; type: Oc4idsFinanceType } | null
> = {
  special_bonds: { assetClass: 'debt', type: 'bond' },
  bank_credit: { assetClass: 'debt', type: 'loan' },
  equity_listing: { assetClass: 'equity', type: 'shares.listed' },
  central_budget: null,
  provincial_budget: null,
  city_county_self_raised: null,
  ppp: null,
  industrial_funds: null,
  private_capital: null,
};

/**
 * Networks and categories -> the open projectSector codelist, parent code beside subsector
 * (the codelist asks for both). Categories without a clear sector inherit the network's, or
 * none (civil affairs: elderly care has no sector code; better none than a wrong one).
 */
const NETWORK_SECTORS: Record<string, string[]> = {
  info: ['communications'],
  road: ['transport'],
  water: ['waterAndWaste'],
  power: ['energy'],
  oilgas: ['energy'],
  municipal: [],
  social: [],
};
const CATEGORY_SECTORS: Record<string, string[]> = {
  'road/rail': ['transport', 'transport.rail'],
  'road/highway': ['transport', 'transport.road'],
  'road/expressway': ['transport', 'transport.road'],
  'road/national-provincial-road': ['transport', 'transport.road'],
  'road/rural-road': ['transport', 'transport.road'],
  'road/airport': ['transport', 'transport.air'],
  'water/flood-control': ['waterAndWaste', 'naturalResources', 'naturalResources.floodProtection'],
  'water/high-standard-farmland': ['economy'],
  'municipal/iot-info-systems': ['communications'],
  'municipal/water-supply': ['waterAndWaste'],
  'municipal/drainage-flood-control': [
    'waterAndWaste',
    'naturalResources',
    'naturalResources.floodProtection',
  ],
  'municipal/sewage': ['waterAndWaste'],
  'municipal/waste': ['waterAndWaste'],
  'municipal/gas': ['energy'],
  'municipal/heating': ['energy'],
  'municipal/urban-roads': ['transport', 'transport.road'],
  'municipal/bridges': ['transport', 'transport.road'],
  'municipal/urban-rail': ['transport', 'transport.urban'],
  'social/education': ['education'],
  'social/kindergarten': ['education'],
  'social/compulsory-education': ['education'],
  'social/high-school': ['education'],
  'social/secondary-vocational': ['education'],
  'social/higher-education': ['education'],
  'social/health': ['health'],
  'social/culture-tourism': ['cultureSportsAndRecreation'],
  'social/public-culture': ['cultureSportsAndRecreation'],
  'social/tourism-infrastructure': ['cultureSportsAndRecreation'],
  'social/sports': ['cultureSportsAndRecreation'],
};

export function oc4idsSector(networkCode: string, categoryCode: string | null): string[] {
  const byCategory =
    categoryCode === null ? undefined : CATEGORY_SECTORS[`${networkCode}/${categoryCode}`];
  return byCategory ?? NETWORK_SECTORS[networkCode] ?? [];
}

/** Chinese titles of milestone kinds (the export's language is zh) and their milestoneType. */
const MILESTONES: Record<MilestoneKind, { title: string; type: string }> = {
  feasibility_study: { title: '可行性研究', type: 'preProcurement' },
  approval: { title: '立项审批', type: 'approval' },
  land_use: { title: '用地审批', type: 'approval' },
  financial_close: { title: '融资落实', type: 'financing' },
  commencement: { title: '开工', type: 'delivery' },
  completion: { title: '竣工', type: 'delivery' },
  commissioning: { title: '投入使用', type: 'delivery' },
  handover: { title: '移交', type: 'delivery' },
};

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/**
 * The ledger's dates are calendar days in Jilin; OC4IDS wants full RFC 3339 timestamps. The
 * day's start in China Standard Time (no daylight saving) keeps the calendar day for any
 * reader, as the seed's own timestamps do ("2020-04-09T00:00:00+08:00").
 */
export function toDateTime(localDate: string): DateTime {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate))
    throw new Error(`not a YYYY-MM-DD date: ${localDate}`);
  return `${localDate}T00:00:00+08:00`;
}

function monthPeriod(period: string): { startDate: DateTime; endDate: DateTime } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    startDate: toDateTime(`${period}-01`),
    endDate: toDateTime(`${period}-${String(lastDay).padStart(2, '0')}`),
  };
}

function yearPeriod(year: number): { startDate: DateTime; endDate: DateTime } {
  return { startDate: toDateTime(`${year}-01-01`), endDate: toDateTime(`${year}-12-31`) };
}

// ---------------------------------------------------------------------------------------------
// Parties: one entry per organisation, roles merged, every reference made through here.
// ---------------------------------------------------------------------------------------------

class PartyRegistry {
  private readonly parties = new Map<string, Oc4idsOrganization>();
  private readonly idsByName = new Map<string, string>();
  private unnamed = 0;

  constructor(private readonly reference: ProgrammeReference) {}

  private add(
    id: string,
    name: string,
    roles: readonly string[],
    extra: Partial<Oc4idsOrganization> = {},
  ): Oc4idsOrganizationReference {
    const existing = this.parties.get(id);
    if (existing) {
      for (const role of roles) if (!existing.roles.includes(role)) existing.roles.push(role);
    } else {
      this.parties.set(id, { id, name, ...extra, roles: [...roles] });
      this.idsByName.set(name, id);
    }
    return { id, name };
  }

  department(code: string, roles: readonly string[]): Oc4idsOrganizationReference {
    const department = this.reference.departments.get(code);
    if (!department) throw new Error(`unknown department ${code}`);
    return this.add(`department-${code}`, department.nameZh, roles, {
      identifier: { scheme: 'X-JL761-DEPARTMENT', id: code, legalName: department.nameZh },
    });
  }

  /** The region's government (市/州 人民政府, 管委会), named by its jurisdiction as the plan does. */
  region(code: string, roles: readonly string[]): Oc4idsOrganizationReference {
    const region = this.reference.regions.get(code);
    if (!region) throw new Error(`unknown region ${code}`);
    return this.add(`region-${code}`, region.nameZh, roles, {
      identifier: { scheme: 'X-JL761-REGION', id: code },
    });
  }

  /**
   * A funding source as the plan names it (专项债券, 银行信贷...). The ledger records the
   * channel, not the lender, so the party stands for the channel. `sourceParty` is the role
   * the schema itself asks of a budget line's source organisation.
   */
  fundingSource(source: FundingSource, roles: readonly string[]): Oc4idsOrganizationReference {
    const code = source;
    const entry = this.reference.fundingSources.get(code);
    if (!entry) throw new Error(`unknown funding source ${code}`);
    return this.add(`funding-${code}`, entry.nameZh, roles, {
      classifications: [{ scheme: 'X-JL761-FUNDING-SOURCE', id: code, description: entry.nameEn }],
    });
  }

  /**
   * An organisation the ledger knows only by name (responsible unit, payee). A name that is a
   * registered department is that department; others are numbered in order of first mention,
   * stable because the history only ever grows at its end.
   */
  named(name: string, roles: readonly string[]): Oc4idsOrganizationReference {
    for (const department of this.reference.departments.values()) {
      if (department.nameZh === name) return this.department(department.code, roles);
    }
    const known = this.idsByName.get(name);
    if (known !== undefined) return this.add(known, name, roles);
    this.unnamed += 1;
    return this.add(`organization-${this.unnamed}`, name, roles);
  }

  list(): Oc4idsOrganization[] {
    return [...this.parties.values()];
  }
}

// ---------------------------------------------------------------------------------------------
// The mapping
// ---------------------------------------------------------------------------------------------

interface MilestoneFacts {
  dueOn: string | null;
  metOn: string | null;
  description: string | null;
}

/** The latest content of each reported month: a correction replaces the submission. */
function reportedMonths(reports: readonly DispatchReportEvent[]): Array<{
  period: string;
  cumulativeInvestment: Fen;
  physicalProgressPercent: string;
  physicalProgress: string;
}> {
  const byPeriod = new Map<
    string,
    { cumulativeInvestment: Fen; physicalProgressPercent: string; physicalProgress: string }
  >();
  for (const report of reports) {
    switch (report.type) {
      case 'DispatchReportSubmitted':
      case 'DispatchReportCorrected':
        byPeriod.set(report.data.period, {
          cumulativeInvestment: parseYuan(report.data.cumulativeInvestment, 'cumulativeInvestment'),
          physicalProgressPercent: report.data.physicalProgressPercent,
          physicalProgress: report.data.physicalProgress,
        });
        break;
      case 'DispatchReportCumulativeRestated': {
        const month = byPeriod.get(report.data.period);
        if (month) {
          month.cumulativeInvestment = parseYuan(
            report.data.cumulativeInvestment,
            'cumulativeInvestment',
          );
        }
        break;
      }
      case 'DispatchReportOverdue':
        // A missing report is a fact about reporting, not an observation of progress.
        break;
      default:
        assertNever(report);
    }
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, content]) => ({ period, ...content }));
}

const PERCENT: Oc4idsUnit = { name: 'percent', scheme: 'UNCEFACT', id: 'P1' };

export function mapProjectToOc4ids(
  history: ProjectHistory,
  reference: ProgrammeReference,
  options: ProjectMappingOptions,
): Oc4idsProject {
  const state = history.events.reduce(evolveProject, initialProjectState);
  if (state.status === 'none')
    throw new Error('the history has no ProjectProposed or ProjectListedInPlan event');
  const project: ExistingProject = state;

  const parties = new PartyRegistry(reference);
  let listing: ProjectListedInPlan['data'] | null = null;
  let proposal: ProjectProposed['data'] | null = null;
  const milestones = new Map<string, MilestoneFacts>();
  const milestone = (id: string): MilestoneFacts => {
    const facts = milestones.get(id) ?? { dueOn: null, metOn: null, description: null };
    milestones.set(id, facts);
    return facts;
  };
  /** First recorded wins: a later record of the same milestone does not rewrite history. */
  const met = (id: string, on: string, description: string | null = null): void => {
    const facts = milestone(id);
    facts.metOn ??= on;
    facts.description ??= description;
  };
  const transactions: Oc4idsTransaction[] = [];
  const documents: Oc4idsDocument[] = [];
  let suspensions = 0;
  let resumptions = 0;

  for (const event of history.events) {
    switch (event.type) {
      case 'ProjectProposed':
        proposal = event.data;
        break;
      case 'ProjectListedInPlan':
        listing = event.data;
        documents.push({
          id: 'plan-listing',
          title: event.data.source.document,
          description: `${reference.programme.nameZh}，第${event.data.source.line}行：${event.data.source.quote}`,
          datePublished: toDateTime(reference.programme.issuedOn),
          author: reference.programme.issuerZh,
          language: 'zh',
        });
        break;
      case 'ProjectApproved':
        met(
          'approval',
          event.data.approvedOn,
          `${event.data.authority} ${event.data.documentNumber}`,
        );
        documents.push({
          id: 'approval',
          title: event.data.documentNumber,
          datePublished: toDateTime(event.data.approvedOn),
          author: event.data.authority,
          language: 'zh',
        });
        break;
      case 'ProjectPlanAdjusted':
        // The current plan (budget, period, breakdowns) already reflects it via evolveProject.
        break;
      case 'FundsDisbursed': {
        const d = event.data;
        transactions.push({
          id: d.disbursementId,
          date: toDateTime(d.paidOn),
          value: cny(parseYuan(d.amount, 'disbursement amount')),
          payer: parties.fundingSource(d.source, ['funder', 'payer']),
          payee: parties.named(d.payee, ['payee']),
        });
        break;
      }
      case 'MilestoneScheduled':
        milestone(event.data.kind).dueOn = event.data.plannedOn;
        break;
      case 'MilestoneMet':
        met(event.data.kind, event.data.metOn);
        break;
      case 'ConstructionStarted':
        met('commencement', event.data.startedOn);
        break;
      case 'ProjectCompleted':
        met('completion', event.data.completedOn);
        break;
      case 'ProjectSuspended':
        suspensions += 1;
        met(`suspension-${suspensions}`, event.data.suspendedOn, event.data.reason);
        break;
      case 'ProjectResumed':
        resumptions += 1;
        met(`resumption-${resumptions}`, event.data.resumedOn);
        break;
      case 'ProjectCancelled':
        met('cancellation', event.data.cancelledOn, event.data.reason);
        break;
      case 'ProjectMaturityRated':
        // The current rating is in the state; it exports as a classification.
        break;
      // Not part of this export yet: the code and the approvals are served by GraphQL.
      case 'NationalProjectCodeAssigned':
      case 'PreConstructionApprovalRecorded':
        break;
      default:
        assertNever(event);
    }
  }

  const base = proposal ?? listing;
  if (base === null) throw new Error('unreachable: an existing project was proposed or listed');
  const projectId = base.projectId;
  const network = reference.networks.get(base.networkCode);
  if (!network) throw new Error(`project ${projectId}: unknown network ${base.networkCode}`);
  const regionCodes = proposal ? [proposal.regionCode] : (listing?.regionCodes ?? []);

  // Parties. The network's lead department is the public authority: the plan makes it
  // responsible (牵头) for its network's projects and their monthly dispatch.
  const publicAuthority = parties.department(network.leadDepartment, ['publicAuthority']);
  for (const code of regionCodes) parties.region(code, ['administrativeEntity']);
  // 项目单位/建设单位: it tenders the works in Chinese practice, hence procuringEntity.
  if (proposal) parties.named(proposal.responsibleUnit, ['procuringEntity']);

  const locations: Oc4idsLocation[] =
    regionCodes.length > 0
      ? regionCodes.map((code) => {
          const region = reference.regions.get(code);
          if (!region) throw new Error(`project ${projectId}: unknown region ${code}`);
          return {
            id: code,
            description: `${region.nameZh}（${region.nameEn}），吉林省`,
            address: { locality: region.nameZh, region: '吉林省', countryName: '中国' },
          };
        })
      : // The plan names no region: all that is known is that it is a Jilin programme project.
        [
          {
            id: 'jilin',
            description: '吉林省（规划未列明所在市州）',
            address: { region: '吉林省', countryName: '中国' },
          },
        ];

  const budgetTotal: Fen | null =
    project.current.approvedInvestment ?? project.current.plannedTotalInvestment;
  const budget = mapBudget(project, budgetTotal, parties, listing);

  const ordered = [...milestones.entries()];
  const oc4idsMilestones: Oc4idsMilestone[] = ordered.map(([id, facts]) => {
    const known = (MILESTONES as Record<string, { title: string; type: string } | undefined>)[id];
    const title =
      known?.title ??
      (id.startsWith('suspension-') ? '暂停' : id.startsWith('resumption-') ? '恢复' : '取消');
    const m: Oc4idsMilestone = { id, title, status: facts.metOn !== null ? 'met' : 'scheduled' };
    if (known) m.type = known.type;
    if (id === 'approval') m.code = 'approvalLetter';
    if (facts.description !== null) m.description = facts.description;
    if (facts.dueOn !== null) m.dueDate = toDateTime(facts.dueOn);
    if (facts.metOn !== null) m.dateMet = toDateTime(facts.metOn);
    return m;
  });

  const classifications: Oc4idsClassification[] = [
    { scheme: 'X-JL761-NETWORK', id: network.code, description: network.nameZh },
  ];
  const categoryCode = proposal ? proposal.categoryCode : (listing?.categoryCode ?? null);
  if (categoryCode !== null) {
    const category = reference.categories.get(`${network.code}/${categoryCode}`);
    classifications.push({
      scheme: 'X-JL761-CATEGORY',
      id: `${network.code}/${categoryCode}`,
      ...(category ? { description: category.nameZh } : {}),
    });
  }
  for (const tag of base.tags) {
    const entry = reference.tags.get(tag);
    classifications.push({
      scheme: 'X-JL761-NEW-INFRASTRUCTURE',
      id: tag,
      ...(entry ? { description: entry.nameZh } : {}),
    });
  }
  if (project.maturity !== null) {
    classifications.push({
      scheme: 'X-JL761-MATURITY',
      id: project.maturity,
      description: '成熟度评定',
    });
  }
  if (base.synthetic) {
    classifications.push({
      scheme: 'X-PROGRESS-LEDGER-DATA',
      id: 'synthetic',
      description: '合成数据，非真实项目',
    });
  }

  const out: Oc4idsProject = {
    id: oc4idsProjectId(options.idPrefix, projectId),
    language: 'zh',
    identifiers: [{ scheme: LEDGER_ID_SCHEME, id: projectId }],
    title: base.nameZh,
    status: oc4idsStatus(project.status, project.resumeTo, proposal !== null),
    publicAuthority,
    locations,
    additionalClassifications: classifications,
  };
  if (history.lastRecordedAt) out.updated = history.lastRecordedAt.toISOString();
  if (base.nameEn !== null) out.description = base.nameEn;
  const type = proposal ? PROJECT_TYPES[proposal.constructionNature] : null;
  if (type !== null) out.type = type;
  const sector = oc4idsSector(network.code, categoryCode);
  if (sector.length > 0) out.sector = sector;
  if (budget !== null) out.budget = budget;
  if (project.current.plannedStart !== null || project.current.plannedEnd !== null) {
    out.period = {
      ...(project.current.plannedStart !== null
        ? { startDate: toDateTime(project.current.plannedStart) }
        : {}),
      ...(project.current.plannedEnd !== null
        ? { endDate: toDateTime(project.current.plannedEnd) }
        : {}),
    };
  }
  if (project.startedOn !== null) {
    out.implementationPeriod = {
      startDate: toDateTime(project.startedOn),
      ...(project.completedOn !== null ? { endDate: toDateTime(project.completedOn) } : {}),
    };
  }
  if (project.completedOn !== null) out.completion = { endDate: toDateTime(project.completedOn) };
  if (oc4idsMilestones.length > 0) out.milestones = oc4idsMilestones;
  if (transactions.length > 0) out.transactions = transactions;
  const forecasts = plannedFinancialProgress(project, budgetTotal);
  if (forecasts !== null) out.forecasts = [forecasts];
  const metrics = progressMetrics(history.reports ?? [], budgetTotal);
  if (metrics.length > 0) out.metrics = metrics;
  if (documents.length > 0) out.documents = documents;
  // Last, after every reference above has registered its party.
  out.parties = parties.list();
  return out;
}

function mapBudget(
  project: ExistingProject,
  total: Fen | null,
  parties: PartyRegistry,
  listing: ProjectListedInPlan['data'] | null,
): Oc4idsBudget | null {
  const plan = project.current;
  const budget: Oc4idsBudget = {};
  if (total !== null) {
    budget.amount = cny(total);
    budget.description =
      plan.approvedInvestment !== null
        ? '批复总投资（立项审批核定）'
        : '计划总投资（规划或项目申报所列）';
  }
  if (project.approvedOn !== null) budget.approvalDate = toDateTime(project.approvedOn);
  const breakdowns: Oc4idsBudgetBreakdowns[] = [];
  if (plan.fundingPlan.length > 0) {
    breakdowns.push({
      id: 'funding-sources',
      description: '按资金来源（资金筹措计划）',
      budgetBreakdown: plan.fundingPlan.map((line) => {
        const source = parties.fundingSource(line.source, ['funder', 'sourceParty']);
        return {
          id: line.source,
          description: source.name,
          amount: cny(parseYuan(line.amount, 'funding amount')),
          sourceParty: source,
        };
      }),
    });
  }
  // The plan names the sources of some projects it lists, without amounts per source: each
  // source is a line with its party and no amount. A proposal's funding plan, which has
  // the amounts, says more and stands instead.
  if (plan.fundingPlan.length === 0 && listing !== null && listing.fundingSourceCodes.length > 0) {
    breakdowns.push({
      id: 'funding-sources',
      description: '按资金来源（规划所列，未分金额）',
      budgetBreakdown: listing.fundingSourceCodes.map((code) => {
        const source = parties.fundingSource(code, ['funder', 'sourceParty']);
        return { id: code, description: source.name, sourceParty: source };
      }),
    });
  }
  // One figure the plan states for several projects together: published as stated, for the
  // group, never split (the document does not split it).
  if (listing?.sharedInvestment) {
    const shared = listing.sharedInvestment;
    breakdowns.push({
      id: 'shared-investment',
      description: `与其他项目合计的总投资（规划未拆分），合计项目：${shared.sharedWith.join('、')}`,
      budgetBreakdown: [
        {
          id: 'shared-investment',
          description: `规划第${shared.source.line}行：${shared.source.quote}`,
          amount: cny(parseYi(shared.valueYi, 'shared investment')),
        },
      ],
    });
  }
  if (plan.annualInvestmentPlan.length > 0) {
    breakdowns.push({
      id: 'annual-plan',
      description: '按年度（年度投资计划）',
      budgetBreakdown: plan.annualInvestmentPlan.map((line) => ({
        id: String(line.year),
        description: `${line.year}年计划投资`,
        amount: cny(parseYuan(line.amount, 'annual amount')),
        period: yearPeriod(line.year),
      })),
    });
  }
  if (breakdowns.length > 0) budget.budgetBreakdowns = breakdowns;
  const finance: Oc4idsFinance[] = [];
  for (const line of plan.fundingPlan) {
    const arrangement = FINANCE_ARRANGEMENTS[line.source];
    if (arrangement === null) continue;
    const party = parties.fundingSource(line.source, ['funder']);
    finance.push({
      id: `finance-${line.source}`,
      title: party.name,
      value: cny(parseYuan(line.amount, 'funding amount')),
      financingParty: party,
      source: party.name,
      assetClass: [arrangement.assetClass],
      type: arrangement.type,
    });
  }
  if (finance.length > 0) budget.finance = finance;
  return Object.keys(budget).length > 0 ? budget : null;
}

/** The annual investment plan as a cumulative financial-progress forecast, by year end. */
function plannedFinancialProgress(
  project: ExistingProject,
  total: Fen | null,
): Oc4idsMetric | null {
  const lines = project.current.annualInvestmentPlan;
  if (lines.length === 0) return null;
  let cumulative = fen(0n);
  const observations: Oc4idsObservation[] = lines.map((line) => {
    cumulative = fen(cumulative + parseYuan(line.amount, 'annual amount'));
    return financialObservation(
      `planned-${line.year}`,
      yearPeriod(line.year),
      cumulative,
      total,
      '累计计划投资',
    );
  });
  return {
    id: 'financialProgress',
    title: '计划投资进度',
    description: '年度投资计划累计额，百分比为占总投资的比例',
    observations,
  };
}

function financialObservation(
  id: string,
  period: { startDate: DateTime; endDate: DateTime },
  cumulative: Fen,
  total: Fen | null,
  what: string,
): Oc4idsObservation {
  const observation: Oc4idsObservation = { id, period, value: cny(cumulative), notes: what };
  const percent = percentOf(cumulative, total);
  if (percent !== null) {
    observation.measure = percent;
    observation.unit = PERCENT;
    observation.notes = `${what}，占总投资百分比`;
  }
  return observation;
}

/** Monthly dispatch reports as physical and financial progress, one observation per month. */
function progressMetrics(
  reports: readonly DispatchReportEvent[],
  total: Fen | null,
): Oc4idsMetric[] {
  const months = reportedMonths(reports);
  if (months.length === 0) return [];
  return [
    {
      id: 'physicalProgress',
      title: '形象进度',
      description: '按月调度报告的形象进度百分比（更正后的数字替代原报）',
      observations: months.map((m) => ({
        id: `physical-${m.period}`,
        period: monthPeriod(m.period),
        measure: m.physicalProgressPercent,
        unit: PERCENT,
        ...(m.physicalProgress.trim() !== '' ? { notes: m.physicalProgress } : {}),
      })),
    },
    {
      id: 'financialProgress',
      title: '投资完成进度',
      description: '按月调度报告的累计完成投资，百分比为占总投资（已批复时为批复总投资）的比例',
      observations: months.map((m) =>
        financialObservation(
          `financial-${m.period}`,
          monthPeriod(m.period),
          m.cumulativeInvestment,
          total,
          '累计完成投资',
        ),
      ),
    },
  ];
}
