import { Fen, assertNever, fen, formatYuan, parseYuan } from '@ledger/domain-kernel';
import { IndicatorTargetSet, ReadEvent, ReportedQuantity, tolerantReader } from '@ledger/contracts';

/** One project as reporting sees it. Pure data: folded in memory, written set-based. */
export interface RegisterRow {
  projectId: string;
  networkCode: string;
  categoryCode: string | null;
  regionCodes: string[];
  tags: string[];
  responsibleUnit: string | null;
  synthetic: boolean;
  status: string;
  resumeTo: string | null;
  approvedOn: string | null;
  plannedTotal: Fen | null;
  approvedInvestment: Fen | null;
  disbursed: Fen;
  annualPlan: Array<{ year: number; amount: string }>;
  overduePeriods: string[];
}

/** What a batch changes in one month's report. */
export interface ReportPatch {
  projectId: string;
  period: string;
  investmentInMonth: string;
  cumulativeInvestment: string;
  physicalProgressPercent: string;
  physicalProgress: string;
  quantities: ReportedQuantity[];
  problems: string | null;
  submittedBy: string;
  dueOn: string | null;
  submittedOn: string | null;
  late: boolean | null;
  /** Corrections recorded in this batch. */
  corrections: number;
}

/** What the register reads of planning's and reporting's events; it skips every other type. */
export const registerReader = tolerantReader([
  'IndicatorTargetSet',
  'ProjectProposed',
  'ProjectListedInPlan',
  'ProjectApproved',
  'ProjectPlanAdjusted',
  'FundsDisbursed',
  'ConstructionStarted',
  'ProjectCompleted',
  'ProjectSuspended',
  'ProjectResumed',
  'ProjectCancelled',
  'DispatchReportSubmitted',
  'DispatchReportCorrected',
  'DispatchReportCumulativeRestated',
  'DispatchReportOverdue',
]);
export type RegisterEvent = ReadEvent<(typeof registerReader.types)[number]>;

export interface BatchState {
  rows: Map<string, RegisterRow>;
  reports: Map<string, ReportPatch>;
  /** Restated cumulative figures of months whose report is not in the batch, by key. */
  restatements: Map<string, { projectId: string; period: string; cumulativeInvestment: string }>;
  targets: IndicatorTargetSet['data'][];
}

const add = (a: Fen, b: string): Fen => fen(a + parseYuan(b, 'amount'));
const amount = (text: string | null): Fen | null =>
  text === null ? null : parseYuan(text, 'amount');

/**
 * Folds one event into the batch. `row` must hold the project's current row (loaded or
 * created earlier in the batch); a row missing for a non-creating event means the event
 * belongs to no known project and is ignored, as the per-event projection did.
 */
export function foldRegisterEvent(state: BatchState, event: RegisterEvent): void {
  if (event.type === 'IndicatorTargetSet') {
    state.targets.push(event.data);
    return;
  }
  if (event.type === 'ProjectProposed' || event.type === 'ProjectListedInPlan') {
    const d = event.data;
    state.rows.set(d.projectId, {
      projectId: d.projectId,
      networkCode: d.networkCode,
      categoryCode: d.categoryCode,
      regionCodes:
        event.type === 'ProjectProposed' ? [event.data.regionCode] : event.data.regionCodes,
      tags: d.tags,
      responsibleUnit: event.type === 'ProjectProposed' ? event.data.responsibleUnit : null,
      synthetic: d.synthetic === true,
      status: 'proposed',
      resumeTo: null,
      approvedOn: null,
      plannedTotal: amount(d.plannedTotalInvestment),
      approvedInvestment: null,
      disbursed: fen(0n),
      annualPlan: event.type === 'ProjectProposed' ? event.data.annualInvestmentPlan : [],
      overduePeriods: [],
    });
    return;
  }
  if (event.type === 'DispatchReportSubmitted' || event.type === 'DispatchReportCorrected') {
    const d = event.data;
    const key = `${d.projectId}|${d.period}`;
    state.restatements.delete(key);
    const before = state.reports.get(key);
    const submitted = event.type === 'DispatchReportSubmitted' ? event.data : null;
    state.reports.set(key, {
      projectId: d.projectId,
      period: d.period,
      investmentInMonth: d.investmentInMonth,
      cumulativeInvestment: d.cumulativeInvestment,
      physicalProgressPercent: d.physicalProgressPercent,
      physicalProgress: d.physicalProgress,
      quantities: d.quantities,
      problems: d.problems,
      submittedBy: d.submittedBy,
      dueOn: submitted?.dueOn ?? before?.dueOn ?? null,
      submittedOn: submitted?.submittedOn ?? before?.submittedOn ?? null,
      late: submitted?.late ?? before?.late ?? null,
      corrections: (before?.corrections ?? 0) + (submitted ? 0 : 1),
    });
    return;
  }
  if (event.type === 'DispatchReportCumulativeRestated') {
    const d = event.data;
    const key = `${d.projectId}|${d.period}`;
    const patch = state.reports.get(key);
    if (patch) patch.cumulativeInvestment = d.cumulativeInvestment;
    else state.restatements.set(key, d);
    return;
  }
  const row = state.rows.get(event.data.projectId);
  if (!row) return;
  switch (event.type) {
    case 'ProjectApproved':
      row.status = 'approved';
      row.approvedOn = event.data.approvedOn;
      row.approvedInvestment = amount(event.data.approvedInvestment);
      return;
    case 'ProjectPlanAdjusted': {
      const c = event.data.changes;
      if (c.plannedTotalInvestment !== undefined)
        row.plannedTotal = amount(c.plannedTotalInvestment);
      if (c.approvedInvestment !== undefined) row.approvedInvestment = amount(c.approvedInvestment);
      if (c.annualInvestmentPlan !== undefined) row.annualPlan = c.annualInvestmentPlan;
      return;
    }
    case 'FundsDisbursed':
      row.disbursed = add(row.disbursed, event.data.amount);
      return;
    case 'ConstructionStarted':
      row.status = 'under_construction';
      return;
    case 'ProjectCompleted':
      row.status = 'completed';
      return;
    case 'ProjectSuspended':
      row.resumeTo = row.status;
      row.status = 'suspended';
      return;
    case 'ProjectResumed':
      row.status = row.resumeTo ?? 'approved';
      row.resumeTo = null;
      return;
    case 'ProjectCancelled':
      row.status = 'cancelled';
      return;
    case 'DispatchReportOverdue':
      row.overduePeriods = [...row.overduePeriods, event.data.period];
      return;
    default:
      assertNever(event);
  }
}

/** Row as JSON for jsonb_to_recordset: amounts as exact decimal strings. */
export function rowJson(row: RegisterRow): Record<string, unknown> {
  return {
    project_id: row.projectId,
    network_code: row.networkCode,
    category_code: row.categoryCode,
    region_codes: row.regionCodes,
    tags: row.tags,
    responsible_unit: row.responsibleUnit,
    synthetic: row.synthetic,
    status: row.status,
    resume_to: row.resumeTo,
    approved_on: row.approvedOn,
    planned_total: row.plannedTotal === null ? null : formatYuan(row.plannedTotal),
    approved_investment:
      row.approvedInvestment === null ? null : formatYuan(row.approvedInvestment),
    disbursed: formatYuan(row.disbursed),
    annual_plan: row.annualPlan,
    overdue_periods: row.overduePeriods,
  };
}
