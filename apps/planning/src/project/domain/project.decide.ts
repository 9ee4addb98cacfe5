import {
  Fen,
  LocalDate,
  RuleViolation,
  assertNever,
  formatYuan,
  parseYuan,
  sumFen,
  yearOf,
} from '@ledger/domain-kernel';
import { AFTER_COMMENCEMENT, ProjectStatus } from './project-vocabulary';
import {
  AdjustProjectPlan,
  PlannedAnnualInvestment,
  PlannedFunding,
  ProjectCommand,
} from './project.commands';
import { AnnualInvestment, FundingLine, PlanChanges, ProjectEvent } from './project.events';
import { ExistingProject, PlanSnapshot, ProjectState } from './project.state';
import { decideAssignNationalProjectCode } from '../national-project-code/assign-national-project-code';
import { decideRecordPreConstructionApproval } from '../pre-construction-approval/record-pre-construction-approval';

/** Stable rule codes: clients match on these, messages are for people. */
export type ProjectRule =
  | 'PROJECT_ALREADY_EXISTS'
  | 'PROJECT_NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'END_BEFORE_START'
  | 'FUNDING_PLAN_MISMATCH'
  | 'ANNUAL_PLAN_EXCEEDS_TOTAL'
  | 'ANNUAL_PLAN_OUTSIDE_SCHEDULE'
  | 'DISBURSEMENT_BEFORE_APPROVAL'
  | 'DISBURSEMENT_EXCEEDS_APPROVED'
  | 'DUPLICATE_DISBURSEMENT'
  | 'DATE_BEFORE_APPROVAL'
  | 'DATE_BEFORE_SUSPENSION'
  | 'PLANNED_BELOW_DISBURSED'
  | 'COMPLETION_BEFORE_COMMENCEMENT'
  | 'MILESTONE_ALREADY_MET'
  | 'MILESTONE_BEFORE_COMMENCEMENT'
  | 'APPROVED_BELOW_DISBURSED'
  | 'NOTHING_TO_ADJUST'
  | 'MATURITY_RATING_MUNICIPAL_ONLY';

function violation(rule: ProjectRule, message: string): RuleViolation {
  return new RuleViolation(rule, message);
}

const STATUS_WORDS: Record<ProjectStatus, string> = {
  proposed: 'proposed',
  approved: 'approved',
  under_construction: 'under construction',
  suspended: 'suspended',
  completed: 'completed',
  cancelled: 'cancelled',
};

function requireStatus(
  state: ExistingProject,
  allowed: readonly ProjectStatus[],
  action: string,
): void {
  if (!allowed.includes(state.status)) {
    throw violation(
      'INVALID_TRANSITION',
      `cannot ${action} a project that is ${STATUS_WORDS[state.status]} (allowed when ${allowed.map((s) => STATUS_WORDS[s]).join(' or ')})`,
    );
  }
}

function requireExisting(state: ProjectState): ExistingProject {
  if (state.status === 'none') throw violation('PROJECT_NOT_FOUND', 'no such project');
  return state;
}

function notBeforeApproval(state: ExistingProject, date: LocalDate, what: string): void {
  if (state.approvedOn !== null && date < state.approvedOn) {
    throw violation(
      'DATE_BEFORE_APPROVAL',
      `${what} (${date}) is before the project was approved (${state.approvedOn})`,
    );
  }
}

/** Canonical order (by source, then amount), so the same plan in another order is no change. */
function fundingLines(plan: readonly PlannedFunding[]): FundingLine[] {
  return [...plan]
    .sort((a, b) =>
      a.source === b.source ? Number(a.amount - b.amount) : a.source < b.source ? -1 : 1,
    )
    .map((line) => ({ source: line.source, amount: formatYuan(line.amount) }));
}

function annualLines(plan: readonly PlannedAnnualInvestment[]): AnnualInvestment[] {
  return [...plan]
    .sort((a, b) => a.year - b.year)
    .map((line) => ({ year: line.year, amount: formatYuan(line.amount) }));
}

/** The plan's own arithmetic: sources add up to the total, yearly amounts fit in it and in its years. */
function checkPlanConsistency(plan: {
  total: Fen | null;
  start: LocalDate | null;
  end: LocalDate | null;
  funding: readonly PlannedFunding[] | null;
  annual: readonly PlannedAnnualInvestment[] | null;
}): void {
  if (plan.start !== null && plan.end !== null && plan.end < plan.start) {
    throw violation(
      'END_BEFORE_START',
      `planned end ${plan.end} is before planned start ${plan.start}`,
    );
  }
  if (plan.total !== null && plan.funding !== null && plan.funding.length > 0) {
    const funded = sumFen(plan.funding.map((l) => l.amount));
    if (funded !== plan.total) {
      throw violation(
        'FUNDING_PLAN_MISMATCH',
        `the funding plan adds up to ${formatYuan(funded)} yuan, not the planned total of ${formatYuan(plan.total)}`,
      );
    }
  }
  if (plan.total !== null && plan.annual !== null) {
    const annual = sumFen(plan.annual.map((l) => l.amount));
    if (annual > plan.total) {
      throw violation(
        'ANNUAL_PLAN_EXCEEDS_TOTAL',
        `the annual investment plan adds up to ${formatYuan(annual)} yuan, more than the planned total of ${formatYuan(plan.total)}`,
      );
    }
  }
  if (plan.annual !== null && plan.start !== null && plan.end !== null) {
    const [first, last] = [yearOf(plan.start), yearOf(plan.end)];
    const outside = plan.annual.find((l) => l.year < first || l.year > last);
    if (outside) {
      throw violation(
        'ANNUAL_PLAN_OUTSIDE_SCHEDULE',
        `the annual plan has ${outside.year}, outside the planned years ${first}-${last}`,
      );
    }
  }
}

function parsedFunding(lines: readonly FundingLine[]): PlannedFunding[] {
  return lines.map((l) => ({ source: l.source, amount: parseYuan(l.amount, 'stored amount') }));
}
function parsedAnnual(lines: readonly AnnualInvestment[]): PlannedAnnualInvestment[] {
  return lines.map((l) => ({ year: l.year, amount: parseYuan(l.amount, 'stored amount') }));
}

function decideAdjustment(command: AdjustProjectPlan, state: ExistingProject): ProjectEvent[] {
  requireStatus(
    state,
    ['proposed', 'approved', 'under_construction', 'suspended'],
    'adjust the plan of',
  );
  notBeforeApproval(state, command.adjustedOn, 'the adjustment');
  const current: PlanSnapshot = state.current;
  const changes: PlanChanges = {};
  const previous: PlanChanges = {};
  const money = (value: Fen | null): string | undefined =>
    value === null ? undefined : formatYuan(value);

  if (
    command.plannedTotalInvestment !== undefined &&
    command.plannedTotalInvestment !== current.plannedTotalInvestment
  ) {
    if (command.plannedTotalInvestment < state.disbursed) {
      throw violation(
        'PLANNED_BELOW_DISBURSED',
        `the planned total cannot drop to ${formatYuan(command.plannedTotalInvestment)} yuan: ${formatYuan(state.disbursed)} has already been disbursed`,
      );
    }
    changes.plannedTotalInvestment = formatYuan(command.plannedTotalInvestment);
    const before = money(current.plannedTotalInvestment);
    if (before !== undefined) previous.plannedTotalInvestment = before;
  }
  if (
    command.approvedInvestment !== undefined &&
    command.approvedInvestment !== current.approvedInvestment
  ) {
    if (current.approvedInvestment === null) {
      throw violation(
        'INVALID_TRANSITION',
        'the approved investment can only be adjusted after approval: approve the project first',
      );
    }
    if (command.approvedInvestment < state.disbursed) {
      throw violation(
        'APPROVED_BELOW_DISBURSED',
        `the approved investment cannot drop to ${formatYuan(command.approvedInvestment)} yuan: ${formatYuan(state.disbursed)} has already been disbursed`,
      );
    }
    changes.approvedInvestment = formatYuan(command.approvedInvestment);
    previous.approvedInvestment = formatYuan(current.approvedInvestment);
  }
  if (command.plannedStart !== undefined && command.plannedStart !== current.plannedStart) {
    changes.plannedStart = command.plannedStart;
    if (current.plannedStart !== null) previous.plannedStart = current.plannedStart;
  }
  if (command.plannedEnd !== undefined && command.plannedEnd !== current.plannedEnd) {
    changes.plannedEnd = command.plannedEnd;
    if (current.plannedEnd !== null) previous.plannedEnd = current.plannedEnd;
  }
  if (command.fundingPlan !== undefined) {
    const lines = fundingLines(command.fundingPlan);
    if (JSON.stringify(lines) !== JSON.stringify(current.fundingPlan)) {
      changes.fundingPlan = lines;
      previous.fundingPlan = current.fundingPlan;
    }
  }
  if (command.annualInvestmentPlan !== undefined) {
    const lines = annualLines(command.annualInvestmentPlan);
    if (JSON.stringify(lines) !== JSON.stringify(current.annualInvestmentPlan)) {
      changes.annualInvestmentPlan = lines;
      previous.annualInvestmentPlan = current.annualInvestmentPlan;
    }
  }
  if (Object.keys(changes).length === 0) {
    throw violation('NOTHING_TO_ADJUST', 'the adjustment changes nothing in the current plan');
  }
  const total = command.plannedTotalInvestment ?? current.plannedTotalInvestment;
  checkPlanConsistency({
    total,
    start: command.plannedStart ?? current.plannedStart,
    end: command.plannedEnd ?? current.plannedEnd,
    funding: command.fundingPlan ?? parsedFunding(current.fundingPlan),
    annual: command.annualInvestmentPlan ?? parsedAnnual(current.annualInvestmentPlan),
  });
  return [
    {
      type: 'ProjectPlanAdjusted',
      data: {
        projectId: command.projectId,
        adjustedOn: command.adjustedOn,
        reason: command.reason,
        changes,
        previous,
        validAt: command.adjustedOn,
      },
    },
  ];
}

export function decideProject(command: ProjectCommand, state: ProjectState): ProjectEvent[] {
  const projectId = command.projectId;
  switch (command.type) {
    case 'ProposeProject': {
      if (state.status !== 'none') {
        throw violation('PROJECT_ALREADY_EXISTS', `project ${projectId} already exists`);
      }
      checkPlanConsistency({
        total: command.plannedTotalInvestment,
        start: command.plannedStart,
        end: command.plannedEnd,
        funding: command.fundingPlan,
        annual: command.annualInvestmentPlan,
      });
      return [
        {
          type: 'ProjectProposed',
          data: {
            projectId,
            nameZh: command.nameZh,
            nameEn: command.nameEn,
            networkCode: command.networkCode,
            categoryCode: command.categoryCode,
            tags: [...command.tags].sort(),
            regionCode: command.regionCode,
            responsibleUnit: command.responsibleUnit,
            constructionNature: command.constructionNature,
            plannedTotalInvestment: formatYuan(command.plannedTotalInvestment),
            fundingPlan: fundingLines(command.fundingPlan),
            plannedStart: command.plannedStart,
            plannedEnd: command.plannedEnd,
            annualInvestmentPlan: annualLines(command.annualInvestmentPlan),
            synthetic: command.synthetic,
          },
        },
      ];
    }
    case 'ListProjectFromPlan': {
      if (state.status !== 'none') {
        throw violation('PROJECT_ALREADY_EXISTS', `project ${projectId} already exists`);
      }
      return [
        {
          type: 'ProjectListedInPlan',
          data: {
            projectId,
            nameZh: command.nameZh,
            nameEn: command.nameEn,
            networkCode: command.networkCode,
            categoryCode: command.categoryCode,
            tags: [...command.tags].sort(),
            regionCodes: command.regionCodes,
            plannedTotalInvestment:
              command.plannedTotalInvestment === null
                ? null
                : formatYuan(command.plannedTotalInvestment),
            source: command.source,
            synthetic: command.synthetic,
            fundingSourceCodes: [...command.fundingSourceCodes],
            sharedInvestment: command.sharedInvestment,
          },
        },
      ];
    }
    case 'ApproveProject': {
      const project = requireExisting(state);
      requireStatus(project, ['proposed'], 'approve');
      return [
        {
          type: 'ProjectApproved',
          data: {
            projectId,
            authority: command.authority,
            documentNumber: command.documentNumber,
            approvedInvestment: formatYuan(command.approvedInvestment),
            approvedOn: command.approvedOn,
            validAt: command.approvedOn,
          },
        },
      ];
    }
    case 'AdjustProjectPlan':
      return decideAdjustment(command, requireExisting(state));
    case 'DisburseFunds': {
      const project = requireExisting(state);
      if (project.status === 'proposed' || project.current.approvedInvestment === null) {
        throw violation(
          'DISBURSEMENT_BEFORE_APPROVAL',
          'funds cannot be disbursed to a project that has not been approved',
        );
      }
      requireStatus(project, ['approved', 'under_construction', 'completed'], 'disburse funds to');
      if (project.disbursementIds.has(command.disbursementId)) {
        throw violation(
          'DUPLICATE_DISBURSEMENT',
          `disbursement ${command.disbursementId} is already recorded for this project`,
        );
      }
      notBeforeApproval(project, command.paidOn, 'the payment date');
      const after = project.disbursed + command.amount;
      if (after > project.current.approvedInvestment) {
        throw violation(
          'DISBURSEMENT_EXCEEDS_APPROVED',
          `disbursing ${formatYuan(command.amount)} yuan would bring the total to ${formatYuan(after as Fen)}, above the approved ${formatYuan(project.current.approvedInvestment)}`,
        );
      }
      return [
        {
          type: 'FundsDisbursed',
          data: {
            projectId,
            disbursementId: command.disbursementId,
            amount: formatYuan(command.amount),
            source: command.source,
            paidOn: command.paidOn,
            payee: command.payee,
            validAt: command.paidOn,
          },
        },
      ];
    }
    case 'ScheduleMilestone': {
      const project = requireExisting(state);
      requireStatus(
        project,
        ['proposed', 'approved', 'under_construction', 'suspended'],
        'schedule a milestone for',
      );
      if (project.milestones.get(command.kind)?.metOn) {
        throw violation(
          'MILESTONE_ALREADY_MET',
          `the ${command.kind} milestone has already been met`,
        );
      }
      return [
        {
          type: 'MilestoneScheduled',
          data: { projectId, kind: command.kind, plannedOn: command.plannedOn },
        },
      ];
    }
    case 'RecordMilestoneMet': {
      const project = requireExisting(state);
      requireStatus(
        project,
        ['proposed', 'approved', 'under_construction', 'suspended', 'completed'],
        'record a milestone for',
      );
      if (project.milestones.get(command.kind)?.metOn) {
        throw violation(
          'MILESTONE_ALREADY_MET',
          `the ${command.kind} milestone has already been met`,
        );
      }
      if (AFTER_COMMENCEMENT.has(command.kind)) {
        if (project.startedOn === null) {
          throw violation(
            'MILESTONE_BEFORE_COMMENCEMENT',
            `the ${command.kind} milestone cannot be met before construction has started`,
          );
        }
        if (command.metOn < project.startedOn) {
          throw violation(
            'MILESTONE_BEFORE_COMMENCEMENT',
            `the ${command.kind} milestone (${command.metOn}) cannot be before construction started (${project.startedOn})`,
          );
        }
      }
      return [
        {
          type: 'MilestoneMet',
          data: { projectId, kind: command.kind, metOn: command.metOn, validAt: command.metOn },
        },
      ];
    }
    case 'StartConstruction': {
      const project = requireExisting(state);
      requireStatus(project, ['approved'], 'start construction of');
      notBeforeApproval(project, command.startedOn, 'the start of construction');
      return [
        {
          type: 'ConstructionStarted',
          data: { projectId, startedOn: command.startedOn, validAt: command.startedOn },
        },
      ];
    }
    case 'CompleteProject': {
      const project = requireExisting(state);
      if (project.startedOn === null) {
        throw violation(
          'COMPLETION_BEFORE_COMMENCEMENT',
          'a project cannot be completed before construction has started',
        );
      }
      requireStatus(project, ['under_construction'], 'complete');
      if (command.completedOn < project.startedOn) {
        throw violation(
          'COMPLETION_BEFORE_COMMENCEMENT',
          `completion (${command.completedOn}) cannot be before construction started (${project.startedOn})`,
        );
      }
      return [
        {
          type: 'ProjectCompleted',
          data: { projectId, completedOn: command.completedOn, validAt: command.completedOn },
        },
      ];
    }
    case 'SuspendProject': {
      const project = requireExisting(state);
      requireStatus(project, ['approved', 'under_construction'], 'suspend');
      notBeforeApproval(project, command.suspendedOn, 'the suspension');
      return [
        {
          type: 'ProjectSuspended',
          data: {
            projectId,
            suspendedOn: command.suspendedOn,
            reason: command.reason,
            validAt: command.suspendedOn,
          },
        },
      ];
    }
    case 'ResumeProject': {
      const project = requireExisting(state);
      requireStatus(project, ['suspended'], 'resume');
      if (project.suspendedOn !== null && command.resumedOn < project.suspendedOn) {
        throw violation(
          'DATE_BEFORE_SUSPENSION',
          `resumption (${command.resumedOn}) cannot be before the suspension (${project.suspendedOn})`,
        );
      }
      return [
        {
          type: 'ProjectResumed',
          data: { projectId, resumedOn: command.resumedOn, validAt: command.resumedOn },
        },
      ];
    }
    case 'CancelProject': {
      const project = requireExisting(state);
      requireStatus(project, ['proposed', 'approved', 'under_construction', 'suspended'], 'cancel');
      notBeforeApproval(project, command.cancelledOn, 'the cancellation');
      return [
        {
          type: 'ProjectCancelled',
          data: {
            projectId,
            cancelledOn: command.cancelledOn,
            reason: command.reason,
            validAt: command.cancelledOn,
          },
        },
      ];
    }
    case 'RateProjectMaturity': {
      const project = requireExisting(state);
      if (project.networkCode !== 'municipal') {
        throw violation(
          'MATURITY_RATING_MUNICIPAL_ONLY',
          `maturity ratings apply to municipal projects; this one is in the ${project.networkCode} network`,
        );
      }
      requireStatus(
        project,
        ['proposed', 'approved', 'under_construction', 'suspended'],
        'rate the maturity of',
      );
      return [
        {
          type: 'ProjectMaturityRated',
          data: {
            projectId,
            rating: command.rating,
            ratedOn: command.ratedOn,
            basis: command.basis,
            validAt: command.ratedOn,
          },
        },
      ];
    }
    case 'AssignNationalProjectCode':
      return decideAssignNationalProjectCode(command, state);
    case 'RecordPreConstructionApproval':
      return decideRecordPreConstructionApproval(command, state);
    default:
      return assertNever(command);
  }
}
